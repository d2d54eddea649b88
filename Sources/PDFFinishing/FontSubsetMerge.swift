import Foundation

/// Each face of the document embedded once: every CID subset cairo made of a face is merged
/// into the Type 1C subset of the same face (see `CFFFont+Merge.swift` for why cairo makes
/// two). The CID subset's glyphs get free codes of the simple font, named after their text
/// (`uni202F`) in its `/Differences`, with their widths and their text in its `/Widths` and
/// ToUnicode map; the pages that used the CID font use the simple font under the same
/// resource name, their strings re-encoded (`FontSubsetMerge+Content.swift`). The glyphs,
/// widths and text are the same: the pages look and read exactly as before.
///
/// A face whose two subsets cannot be merged safely (different programs, no room for the
/// glyphs, a font used inside a form or pattern) keeps its two subsets.
struct FontSubsetMerge {
    /// Where a merged CID font's glyphs went: the simple font, and each CID's code there.
    struct Destination {
        let font: Int
        let codes: [UInt16: UInt8]
    }

    /// Merged CID (`Type0`) font object → its destination.
    private(set) var destinations: [Int: Destination] = [:]
    /// The fonts of a page whose strings are re-encoded: the names that stood for a merged CID
    /// font with each CID's new code, and the font object of every name.
    struct PageFonts {
        var codes: [String: [UInt16: UInt8]] = [:]
        var objects: [String: Int] = [:]
    }

    /// Font resource dictionaries already redirected → what their page's strings need.
    var redirected: [Int: PageFonts] = [:]

    /// Codes a simple font may give to added glyphs, in order of preference: the upper half
    /// first, then printable ASCII, then the control codes.
    static let codePreference: [UInt8] = Array(0x80...0xFF) + Array(0x21...0x7E) + Array(0x01...0x1F) + [0x7F]

    /// Merges the subsets of each face used by `pages`.
    static func merge(in file: PDFRewriter, pages: [Int], coder: DeflateCoder) throws -> FontSubsetMerge {
        var simple: [String: Int] = [:], composite: [String: Int] = [:]
        var nested = Set<Int>()
        for page in pages {
            // Resources inherited from the page tree are not walked: no merge in such a file
            // (every font dictionary that names a merged font must be redirected).
            guard let resources = try file.dictionary(try file.object(page).dictionary?["Resources"] ?? .null) else {
                return FontSubsetMerge()
            }
            for font in try fonts(in: resources, file: file) {
                guard let dictionary = try file.object(font).dictionary, let face = faceName(dictionary) else { continue }
                switch dictionary["Subtype"].name {
                case "Type1": simple[face] = font
                case "Type0": composite[face] = font
                default: break
                }
            }
            try collectNestedFonts(resources, file: file, into: &nested)
            try collectAnnotationFonts(of: page, file: file, into: &nested)
        }
        var result = FontSubsetMerge()
        for (face, cidFont) in composite.sorted(by: { $0.key < $1.key }) where !nested.contains(cidFont) {
            guard let target = simple[face], !nested.contains(target),
                  let codes = try mergePair(simple: target, composite: cidFont, file: file, coder: coder) else { continue }
            result.destinations[cidFont] = Destination(font: target, codes: codes)
        }
        return result
    }

    /// The face a font dictionary names, subset tag dropped: "Inter-Regular".
    static func faceName(_ font: PDFDictionary) -> String? {
        guard let base = font["BaseFont"].name else { return nil }
        return base.split(separator: "+", maxSplits: 1).last.map(String.init)
    }

    static func fonts(in resources: PDFDictionary, file: PDFRewriter) throws -> [Int] {
        guard let fonts = try file.dictionary(resources["Font"]) else { return [] }
        return fonts.keys.compactMap { fonts[$0].reference }
    }

    /// The fonts used inside forms, patterns, soft masks' groups and Type 3 glyphs: their
    /// strings are not re-encoded, so their faces are left alone.
    static func collectNestedFonts(_ resources: PDFDictionary, file: PDFRewriter, into nested: inout Set<Int>,
                                   depth: Int = 0) throws {
        guard depth < 8 else { return }
        var inner: [PDFObject] = []
        for kind in ["XObject", "Pattern"] {
            for (_, item) in try file.dictionary(resources[kind])?.entries ?? [] {
                inner.append(try file.dictionary(item)?["Resources"] ?? .null)
            }
        }
        for (_, item) in try file.dictionary(resources["ExtGState"])?.entries ?? [] {
            guard let mask = try file.dictionary(try file.dictionary(item)?["SMask"] ?? .null) else { continue }
            inner.append(try file.dictionary(mask["G"])?["Resources"] ?? .null)
        }
        for font in try fonts(in: resources, file: file) {
            guard let dictionary = try file.object(font).dictionary, dictionary["Subtype"].name == "Type3" else { continue }
            inner.append(dictionary["Resources"])
        }
        for reference in inner {
            guard let dictionary = try file.dictionary(reference) else { continue }
            nested.formUnion(try fonts(in: dictionary, file: file))
            try collectNestedFonts(dictionary, file: file, into: &nested, depth: depth + 1)
        }
    }

    /// The fonts of the page's annotation appearances (normal, rollover, down; a stream each or
    /// a dictionary of them), counted as nested.
    static func collectAnnotationFonts(of page: Int, file: PDFRewriter, into nested: inout Set<Int>) throws {
        for annotation in try file.resolve(try file.object(page).dictionary?["Annots"] ?? .null).array ?? [] {
            guard let appearances = try file.dictionary(try file.dictionary(annotation)?["AP"] ?? .null) else { continue }
            for (_, appearance) in appearances.entries {
                let forms = try file.dictionary(appearance).map { form in
                    form["Resources"].isNull && form["Subtype"].isNull ? form.entries.map(\.value) : [appearance]
                } ?? [appearance]
                for form in forms {
                    guard let resources = try file.dictionary(try file.dictionary(form)?["Resources"] ?? .null) else { continue }
                    nested.formUnion(try fonts(in: resources, file: file))
                    try collectNestedFonts(resources, file: file, into: &nested)
                }
            }
        }
    }

    /// Merges CID font `composite` into simple font `simple`; each CID's new code, or nil
    /// when the two cannot be merged (then nothing was changed).
    static func mergePair(simple: Int, composite: Int, file: PDFRewriter, coder: DeflateCoder) throws -> [UInt16: UInt8]? {
        guard let parts = try MergeParts(simple: simple, composite: composite, file: file, coder: coder),
              let used = parts.latin.codes, used.count == parts.latin.charStrings.count - 1 else { return nil }
        let glyphCount = parts.cid.charStrings.count - 1
        let free = codePreference.filter { !used.contains($0) }
        guard glyphCount > 0, free.count >= glyphCount else { return nil }
        let codes = Array(free.prefix(glyphCount))
        var taken = Set(parts.latin.glyphNames)
        let names = (1...glyphCount).map { uniqueName(glyphName(parts.cidText.mappings[$0], cid: $0), taken: &taken) }
        guard let merged = try? parts.latin.merging(parts.cid, names: names, codes: codes) else { return nil }
        let program = merged.serialized()
        guard let check = CFFFont(program), check.glyphNames == merged.glyphNames else { return nil }
        try parts.write(program: program, glyphNames: check.glyphNames, codes: codes, names: names, file: file, coder: coder)
        var map: [UInt16: UInt8] = [0: 0]
        for (index, code) in codes.enumerated() { map[UInt16(index + 1)] = code }
        return map
    }

    /// A glyph's name from its text: `uni00A0`, `uni20AC2192` for two characters, `u1F600`
    /// beyond the BMP (Adobe Glyph List conventions); `cid12` when it has no text.
    static func glyphName(_ utf16: [UInt8]?, cid: Int) -> String {
        guard let utf16, !utf16.isEmpty, utf16.count % 2 == 0 else { return "cid\(cid)" }
        let units = stride(from: 0, to: utf16.count, by: 2).map { UInt16(utf16[$0]) << 8 | UInt16(utf16[$0 + 1]) }
        let scalars = Array(String(decoding: units, as: UTF16.self).unicodeScalars)
        if scalars.count == 1, scalars[0].value > 0xFFFF { return "u" + String(scalars[0].value, radix: 16, uppercase: true) }
        guard !scalars.isEmpty, scalars.allSatisfy({ $0.value <= 0xFFFF }) else { return "cid\(cid)" }
        return "uni" + scalars.map { value in
            let hex = String(value.value, radix: 16, uppercase: true)
            return String(repeating: "0", count: 4 - hex.count) + hex
        }.joined()
    }

    /// `name`, or `name.alt`, `name.alt2`… when the font already has it.
    static func uniqueName(_ name: String, taken: inout Set<String>) -> String {
        var candidate = name, count = 1
        while taken.contains(candidate) {
            candidate = name + ".alt" + (count == 1 ? "" : String(count))
            count += 1
        }
        taken.insert(candidate)
        return candidate
    }
}
