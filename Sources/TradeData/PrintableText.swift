/// Text from data files made safe to lay out and to print: names without control or
/// separator characters, and short, escaped excerpts for error messages.
package enum PrintableText {
    /// A name fit to lay out or print: control, format, private-use, unassigned and
    /// line/paragraph separator characters (U+2028, ESC, tab…) become spaces, runs of
    /// spaces become one, the common HTML entities (`&amp;`…) are decoded, ends trimmed.
    static func name(_ raw: String) -> String {
        if isCleanName(raw) { return raw }
        var result = ""
        var pendingSpace = false
        for scalar in decodingEntities(raw).unicodeScalars {
            if isUnwanted(scalar) || scalar == " " {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.unicodeScalars.append(" "); pendingSpace = false }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// Text safe to show on a terminal: control, format and separator characters are shown
    /// as `\u{1B}` escapes (line feeds too), everything else as it is.
    package static func escaped(_ raw: String) -> String {
        guard raw.unicodeScalars.contains(where: isUnwanted) else { return raw }
        var result = ""
        for scalar in raw.unicodeScalars {
            if isUnwanted(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `raw` escaped line by line: its line feeds stay line feeds (for text meant to be read
    /// as several lines on a terminal), everything else unwanted is escaped.
    package static func escapedLines(_ raw: String) -> String {
        raw.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }.joined(separator: "\n")
    }

    /// At most `limit` characters of `raw`, escaped; a longer text is cut and its length said.
    static func excerpt(_ raw: String, limit: Int = 40) -> String {
        var count = 0
        var end = raw.startIndex
        while end < raw.endIndex && count < limit {
            end = raw.index(after: end)
            count += 1
        }
        guard end < raw.endIndex else { return escaped(raw) }
        return escaped(String(raw[..<end])) + "… (\(raw.utf8.count) bytes)"
    }

    /// Whether a scalar must not reach a layout or a terminal as it is.
    static func isUnwanted(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate:
            return true
        default:
            return false
        }
    }

    /// The common case, checked without allocating: printable ASCII or Latin letters, no
    /// entity, no double or edge space.
    private static func isCleanName(_ raw: String) -> Bool {
        var previousSpace = true
        for scalar in raw.unicodeScalars {
            // Printable ASCII needs no Unicode property lookup (names are read for every flow).
            let printableASCII = scalar.value >= 0x20 && scalar.value < 0x7F
            if scalar == "&" || (!printableASCII && isUnwanted(scalar)) { return false }
            let space = scalar == " "
            if space && previousSpace { return false }
            previousSpace = space
        }
        return !previousSpace || raw.isEmpty
    }

    /// In a fixed order, `&amp;` last, so that `&amp;lt;` becomes `&lt;` and no further.
    private static let entities: [(String, String)] = [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"),
                                                        ("&#39;", "'"), ("&nbsp;", "\u{00A0}"), ("&amp;", "&")]

    private static func decodingEntities(_ raw: String) -> String {
        guard raw.contains("&") else { return raw }
        var result = raw
        for (entity, character) in entities where result.contains(entity) {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result
    }
}
