import CCairo

/// The weight of a font face.
package enum FontWeight: String, Sendable, CaseIterable, Codable {
    case regular, semibold, bold

    var fontconfigWeight: Int32 {
        switch self {
        case .regular: return 80   // FC_WEIGHT_REGULAR
        case .semibold: return 180 // FC_WEIGHT_SEMIBOLD
        case .bold: return 200     // FC_WEIGHT_BOLD
        }
    }

    var pangoWeight: PangoWeight {
        switch self {
        case .regular: return PANGO_WEIGHT_NORMAL
        case .semibold: return PANGO_WEIGHT_SEMIBOLD
        case .bold: return PANGO_WEIGHT_BOLD
        }
    }
}

/// A font face known to exist in a `FontLibrary`: obtain one with `FontLibrary.font(family:weight:italic:)`,
/// which fails when the face is not in the font folder, so drawing never falls back silently.
package struct Font: Hashable, Sendable {
    /// The family name, as fontconfig knows it (e.g. "Inter").
    let family: String
    /// The weight of the face.
    let weight: FontWeight
    /// Whether the face is italic.
    let italic: Bool
}

/// A private font configuration holding only the fonts of one folder, and the Pango font map over it.
///
/// Nothing of the machine's fonts is visible: the output depends only on the folder. Create one per
/// document or per task and reuse it (building it scans the folder); it is not meant to be shared
/// between threads.
package final class FontLibrary {
    let config: OpaquePointer          // FcConfig*
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    /// The folder the fonts were loaded from.
    let directory: String
    /// Every (family, weight, italic) face found, family names in every language fontconfig reports.
    private var faces: Set<FaceKey> = []
    /// The characters each face holds (fontconfig charsets, owned by the configuration's font set).
    private var charsets: [FaceKey: [OpaquePointer]] = [:]
    /// The family names found in the folder, sorted.
    package private(set) var families: [String] = []

    private struct FaceKey: Hashable { let family: String; let weight: Int32; let italic: Bool }

    /// Loads every font file of `directory` into a fresh fontconfig configuration.
    /// - Throws: `CanvasError.fontDirectory` if the folder is missing or holds no usable font.
    package init(directory: String) throws {
        var isDir = false
        if !Self.isDirectory(directory, &isDir) || !isDir {
            throw CanvasError.fontDirectory(path: directory, reason: "no such folder")
        }
        guard let config = FcConfigCreate() else { throw CanvasError.fontconfig("FcConfigCreate failed") }
        // A private, writable cache folder: no "No writable cache directories" noise, faster reloads.
        let cache = Self.cacheDirectory()
        let xml = "<?xml version=\"1.0\"?><fontconfig><cachedir>\(cache)</cachedir></fontconfig>"
        _ = FcConfigParseAndLoadFromMemory(config, xml, 0)
        guard FcConfigAppFontAddDir(config, directory) != 0 else {
            FcConfigDestroy(config)
            throw CanvasError.fontDirectory(path: directory, reason: "fontconfig could not scan it")
        }
        self.config = config
        self.directory = directory
        guard let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT) else {
            FcConfigDestroy(config)
            throw CanvasError.fontconfig("pango could not create an FT font map")
        }
        self.fontMap = map
        pango_fc_font_map_set_config(OpaquePointer(map), config)
        indexFaces()
        if faces.isEmpty {
            throw CanvasError.fontDirectory(path: directory, reason: "no font file found")
        }
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(fontMap))
        FcConfigDestroy(config)
    }

    private static func isDirectory(_ path: String, _ isDir: inout Bool) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        isDir = (st.st_mode & S_IFMT) == S_IFDIR
        return true
    }

    private static func cacheDirectory() -> String {
        if let xdg = getenv("XDG_CACHE_HOME") { return String(cString: xdg) + "/fiche-fontconfig" }
        if let home = getenv("HOME") { return String(cString: home) + "/.cache/fiche-fontconfig" }
        return "/tmp/fiche-fontconfig-\(getuid())"
    }

    private func indexFaces() {
        guard let set = FcConfigGetFonts(config, FcSetApplication) else { return }
        var names = Set<String>()
        for i in 0..<Int(set.pointee.nfont) {
            guard let pattern = set.pointee.fonts[i] else { continue }
            var weight: Int32 = 80
            var slant: Int32 = 0
            _ = FcPatternGetInteger(pattern, "weight", 0, &weight)
            _ = FcPatternGetInteger(pattern, "slant", 0, &slant)
            var charset: OpaquePointer? = nil
            _ = FcPatternGetCharSet(pattern, "charset", 0, &charset)
            var n: Int32 = 0
            var value: UnsafeMutablePointer<FcChar8>? = nil
            while FcPatternGetString(pattern, "family", n, &value) == FcResultMatch, let value {
                let family = String(cString: UnsafeRawPointer(value).assumingMemoryBound(to: CChar.self))
                if n == 0 { names.insert(family) }
                let key = FaceKey(family: family.lowercased(), weight: weight, italic: slant != 0)
                faces.insert(key)
                if let charset { charsets[key, default: []].append(charset) }
                n += 1
            }
        }
        families = names.sorted()
    }

    /// Returns the face `family` at `weight`, italic or not.
    /// - Throws: `CanvasError.fontNotFound` when the folder does not hold that exact face.
    package func font(family: String, weight: FontWeight = .regular, italic: Bool = false) throws -> Font {
        let key = FaceKey(family: family.lowercased(), weight: weight.fontconfigWeight, italic: italic)
        guard faces.contains(key) else {
            throw CanvasError.fontNotFound(
                family: family, style: "\(weight.rawValue)\(italic ? " italic" : "")", available: families)
        }
        return Font(family: family, weight: weight, italic: italic)
    }

    /// Whether `font`'s own face draws every character of `text`, so that Pango never falls
    /// back to another face for it (see `TextEngine`: fallback fonts are not prepared ahead).
    func covers(_ text: String, with font: Font) -> Bool {
        let key = FaceKey(family: font.family.lowercased(), weight: font.weight.fontconfigWeight, italic: font.italic)
        guard let sets = charsets[key], !sets.isEmpty else { return false }
        for scalar in text.unicodeScalars where !sets.contains(where: { FcCharSetHasChar($0, scalar.value) != 0 }) {
            // Line breaks and tabs are never drawn with a glyph.
            if scalar == "\n" || scalar == "\t" || scalar == "\r" { continue }
            return false
        }
        return true
    }

    /// Whether the folder holds `family` in at least one style.
    package func hasFamily(_ family: String) -> Bool {
        faces.contains { $0.family == family.lowercased() }
    }
}

#if canImport(Glibc)
import Glibc
#endif
