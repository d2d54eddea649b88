import FrenchNumbers
import Charts

/// French typography of the fiche's text: no-break spaces where French wants them, and the
/// figures formatted as published (Charts' `FrenchNumber`: narrow no-break thousands separator,
/// decimal comma).
package enum FrenchTypography {
    /// NO-BREAK SPACE, before ":" and units ("%", "€", "millions").
    static let noBreakSpace: Character = "\u{00A0}"
    /// NARROW NO-BREAK SPACE, before ";", "!", "?" and inside « guillemets ».
    static let narrowNoBreakSpace: Character = "\u{202F}"

    /// `text` with the spaces around French punctuation made unbreakable: "Total : 3 %" keeps
    /// "Total :" and "3 %" together; « guillemets » hold their content tight; a space typed
    /// before ";", "!", "?", "»" or after "«" becomes a narrow no-break space (one is added when
    /// missing); a typewriter apostrophe becomes ’. URLs (anything with "://" or "@") are left as they are.
    static func apply(_ text: String) -> String {
        applyByScalars(text) ?? applyByCharacters(text)
    }

    /// `apply` read character by character (grapheme clusters): for any text.
    static func applyByCharacters(_ text: String) -> String {
        String(spacedForFrench(Array(text)))
    }

    /// `apply` read scalar by scalar, for text whose every scalar is a character of its own
    /// (Latin letters without combining marks, punctuation, spaces: all the fiche's prose); nil
    /// for other text. Splitting a string into grapheme clusters made `apply` 2.5 % of a bulk
    /// run, on every paragraph not seen before.
    static func applyByScalars(_ text: String) -> String? {
        guard isReadableByScalars(text) else { return nil }
        let scalars = Array(text.unicodeScalars)
        // Encoded here: appending scalars to a String's scalar view takes a slow, validating path.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for scalar in spacedForFrench(scalars) { UTF8.encode(scalar) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The rules of `apply`, over characters or, where each is a character, scalars.
    static func spacedForFrench<Unit: TypographicUnit>(_ chars: [Unit]) -> [Unit] {
        // The same spaces as `noBreakSpace` and `narrowNoBreakSpace`, as units of the reading.
        let noBreak: Unit = "\u{00A0}", narrowNoBreak: Unit = "\u{202F}"
        var out: [Unit] = []
        out.reserveCapacity(chars.count + 8)
        var inURL = false
        for (i, c) in chars.enumerated() {
            if c == " " || c == "\n" { inURL = false }
            if !inURL, c == "/" || c == "@", i + 1 < chars.count, chars[i + 1] != " " {
                // "https://", "a@b": the rest of the token is an address.
                if c == "@" || (i > 0 && chars[i - 1] == ":") { inURL = true }
            }
            if inURL { out.append(c); continue }
            let last = out.last
            let next: Unit? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "€" where last == "M" && (out.count < 2 || !out[out.count - 2].isLetter):
                out.append(c)  // «M€», the unit of millions of euros, stays one word
            case ":", "%", "€":
                if last == " " { out[out.count - 1] = noBreak }
                else if let last, last.isLetter || last.isNumber || last == ")",
                        c != ":" || next == nil || next == " " || next == "\n" {
                    out.append(noBreak)
                }
                out.append(c)
            case ";", "!", "?", "»":
                if last == " " || last == noBreak { out[out.count - 1] = narrowNoBreak }
                else if let last, last.isLetter || last.isNumber || last == ")" || last == "." || last == "…" { out.append(narrowNoBreak) }
                out.append(c)
            case "'":
                out.append("’")
            case " " where last == "«":
                out.append(narrowNoBreak)
            default:
                if last == "«", c != narrowNoBreak, c != noBreak { out.append(narrowNoBreak) }
                out.append(c)
            }
        }
        return out
    }

    /// Whether every scalar of `text` is a character of its own: the text can be read by scalars.
    static func isReadableByScalars(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { isCharacterOfItsOwn($0.value) }
    }

    /// Whether a scalar always forms a character (grapheme cluster) by itself, whatever is
    /// around it: below U+0300 (before the combining marks) but the carriage return (CR LF is
    /// one character); the general punctuation and currency signs (U+2010–U+205E, U+20A0–
    /// U+20C0); letterlike symbols, arrows and mathematical operators such as the minus sign of
    /// the figures (U+2100–U+23FF). None of them extends or joins a neighbour (UAX #29); the
    /// combining marks for symbols (U+20D0–U+20FF) are left out.
    static func isCharacterOfItsOwn(_ value: UInt32) -> Bool {
        (value < 0x300 && value != 0x0D) || (0x2010...0x205E).contains(value) || (0x20A0...0x20C0).contains(value)
            || (0x2100...0x23FF).contains(value)
    }

    /// `text` with every typewriter apostrophe (') made typographic (’): "Val-d’Oise".
    package static func curlyApostrophes(_ text: String) -> String {
        // Looked for byte by byte: Foundation's `contains(_: String)` costed 1 % of a bulk run
        // (it runs on every chart label).
        guard text.utf8.contains(UInt8(ascii: "'")) else { return text }
        return text.replacingOccurrences(of: "'", with: "’")
    }

    /// A count as French text writes it: in letters up to ten ("un", "deux", … "dix"; "une"
    /// for a feminine noun), in figures beyond.
    static func count(_ n: Int, feminine: Bool = false) -> String {
        let words = ["zéro", feminine ? "une" : "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]
        return n >= 0 && n < words.count ? words[n] : FrenchNumber.format(Double(n), decimals: 0)
    }

    /// The shortest last line a paragraph may end on, in characters: shorter ones («avec sept.»,
    /// «France entière.») read as runts.
    static let shortestLastLine = 22

    /// The shortest last line of a title: «(2024)» alone is a runt, «commerce extérieur» is not.
    static let shortestTitleLastLine = 12

    /// `text` without soft hyphens in its last `words` words, so that the last line of a
    /// paragraph is never the end of a hyphenated word.
    static func withoutHyphensInLastWords(_ text: String, words: Int = 1) -> String {
        guard text.unicodeScalars.contains("\u{00AD}") else { return text }
        var seen = 0
        var cut = text.startIndex
        for i in text.indices.reversed() where text[i] == " " || text[i] == noBreakSpace {
            seen += 1
            if seen == words { cut = i; break }
        }
        return String(text[..<cut]) + text[cut...].replacingOccurrences(of: "\u{00AD}", with: "")
    }

    /// Millions of euros with one decimal, no unit: 24 188 700 000 → "24 188,7".
    static func millions(_ euros: Int64) -> String {
        FrenchNumber.format(Double(euros) / 1_000_000, decimals: 1)
    }
}

/// What French typography's rules read text as: characters, or scalars where each is a
/// character (see `FrenchTypography.isCharacterOfItsOwn`).
protocol TypographicUnit: Equatable, ExpressibleByUnicodeScalarLiteral {
    var isLetter: Bool { get }
    var isNumber: Bool { get }
}

extension Character: TypographicUnit {}

extension Unicode.Scalar: TypographicUnit {
    /// As the character made of this scalar alone says (ASCII answered here: hyphenation asks
    /// for every scalar of every new paragraph).
    var isLetter: Bool {
        guard value >= 0x80 else { return (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) }
        return Character(self).isLetter
    }
    /// As the character made of this scalar alone says.
    var isNumber: Bool { Character(self).isNumber }
}
