import CHyphen
import Foundation

/// Why the hyphenation patterns could not be loaded.
enum HyphenationError: Error, CustomStringConvertible {
    case patternsNotFound(tried: [String])

    var description: String {
        switch self {
        case let .patternsNotFound(tried):
            return "French hyphenation patterns not found (install Debian's hyphen-fr: scripts/install-deps.sh); looked for: "
                + tried.joined(separator: ", ")
        }
    }
}

/// French hyphenation with libhyphen and Debian's `hyphen-fr` patterns: inserts soft hyphens
/// (U+00AD) where a word may be broken, for Pango to break justified lines there.
///
/// Owns its `HyphenDict`; one per renderer (libhyphen is re-entrant per dictionary, but the word
/// cache is not thread-safe).
final class Hyphenator {
    /// The soft hyphen Pango breaks at (and then draws as a hyphen).
    static let softHyphen: Character = "\u{00AD}"
    private let dict: UnsafeMutablePointer<HyphenDict>
    /// The pattern file read.
    let patternsFile: URL
    /// Shortest word hyphenated, in letters.
    var minimumWordLength = 6
    /// Letters kept together at the start and the end of a word: three each (French usage
    /// allows two at the start; «im-», «pu-» read badly at the end of a line).
    var leftMinimum: Int32 = 3, rightMinimum: Int32 = 3
    private var cache: [Substring: String] = [:]

    /// The pattern files tried, in order.
    static let defaultPatternFiles = ["/usr/share/hyphen/hyph_fr.dic", "/usr/share/hyphen/hyph_fr_FR.dic"]

    /// Loads the French patterns (`$FICHE_HYPHEN_DIC`, else Debian's `hyph_fr.dic`).
    convenience init() throws {
        var candidates = Self.defaultPatternFiles
        if let env = ProcessInfo.processInfo.environment["FICHE_HYPHEN_DIC"], !env.isEmpty { candidates.insert(env, at: 0) }
        guard let found = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0) }) else {
            throw HyphenationError.patternsNotFound(tried: candidates)
        }
        try self.init(patterns: URL(fileURLWithPath: found))
    }

    /// Loads the pattern file `patterns` (a libhyphen `.dic`, UTF-8).
    init(patterns: URL) throws {
        guard let d = hnj_hyphen_load(patterns.path) else {
            throw HyphenationError.patternsNotFound(tried: [patterns.path])
        }
        dict = d
        patternsFile = patterns
    }

    deinit { hnj_hyphen_free(dict) }

    /// `word` with soft hyphens at its break points. Words with a capital letter (names,
    /// acronyms), digits or fewer than `minimumWordLength` letters are returned unchanged;
    /// an elided article or a hyphenated compound is hyphenated part by part.
    func hyphenate(word: Substring) -> String {
        if let hit = cache[word] { return hit }
        let result: String
        if word.count < minimumWordLength || word.contains(where: { $0.isUppercase || $0.isNumber }) {
            result = String(word)
        } else if let cut = word.firstIndex(where: { $0 == "'" || $0 == "’" || $0 == "-" }) {
            // l’exportation → l’ + ex­por­ta­tion; sous-traitance → sous- + trai­tance (no soft hyphen next to the hard one).
            let head = word[...cut]
            result = String(head) + hyphenate(word: word[word.index(after: cut)...])
        } else {
            result = patternHyphenate(word)
        }
        cache[word] = result
        return result
    }

    private func patternHyphenate(_ word: Substring) -> String {
        let bytes = Array(word.lowercased().utf8)
        // Lowercasing must not change the byte layout, or the positions would not map back.
        guard bytes.count == word.utf8.count else { return String(word) }
        var hyphens = [CChar](repeating: 0, count: bytes.count + 5)
        var rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
        var pos: UnsafeMutablePointer<Int32>? = nil
        var cut: UnsafeMutablePointer<Int32>? = nil
        let status = bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { w in
                hnj_hyphen_hyphenate3(dict, w.baseAddress, Int32(bytes.count), &hyphens, nil, &rep, &pos, &cut,
                                      leftMinimum, rightMinimum, leftMinimum, rightMinimum)
            }
        }
        if let rep {
            for i in 0..<bytes.count { free(rep[i]) }
            free(rep)
        }
        free(pos)
        free(cut)
        guard status == 0 else { return String(word) }
        // With a UTF-8 dictionary, hyphens[k] odd means a break is allowed after the k-th character.
        var out = ""
        var offset = 0
        let original = Array(word.utf8)
        var start = 0
        let scalarCount = word.unicodeScalars.count
        for (k, scalar) in word.unicodeScalars.enumerated() {
            offset += String(scalar).utf8.count
            if k + 1 < scalarCount, k < hyphens.count, hyphens[k] & 1 == 1 {
                out += String(decoding: original[start..<offset], as: UTF8.self) + "\u{00AD}"
                start = offset
            }
        }
        out += String(decoding: original[start...], as: UTF8.self)
        return out
    }

    /// `text` with every eligible word hyphenated (soft hyphens inserted); everything else as is.
    func hyphenate(text: String) -> String {
        FrenchTypography.isReadableByScalars(text) ? hyphenateByScalars(text) : hyphenateByCharacters(text)
    }

    /// `hyphenate(text:)` read character by character (grapheme clusters): for any text.
    func hyphenateByCharacters(_ text: String) -> String { hyphenate(text, readAs: text) }

    /// `hyphenate(text:)` read scalar by scalar, for text whose every scalar is a character of
    /// its own (see `FrenchTypography.isCharacterOfItsOwn`): the same words, found without
    /// splitting the text into grapheme clusters.
    func hyphenateByScalars(_ text: String) -> String { hyphenate(text, readAs: text.unicodeScalars) }

    /// The words of `text` found by reading `view` (the text's characters or scalars).
    private func hyphenate<View: BidirectionalCollection>(_ text: String, readAs view: View) -> String
    where View.Index == String.Index, View.Element: TypographicUnit {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var wordStart: String.Index? = nil
        for i in view.indices {
            let c = view[i]
            let isWordChar = c.isLetter || c == "'" || c == "’" || (c == "-" && wordStart != nil)
            if isWordChar {
                if wordStart == nil { wordStart = i }
            } else {
                if let s = wordStart { out += hyphenate(word: text[s..<i]).utf8; wordStart = nil }
                out += text[i..<view.index(after: i)].utf8
            }
        }
        if let s = wordStart { out += hyphenate(word: text[s...]).utf8 }
        return String(decoding: out, as: UTF8.self)
    }
}
