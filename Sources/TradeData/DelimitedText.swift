import Foundation

/// Decoding and splitting of the small `;`-separated reference tables published by the
/// customs: UTF-8 with or without BOM, or Latin-1 despite what the documentation says,
/// CRLF or LF, and labels quoted when they contain `;`.
enum DelimitedText {
    /// Decodes bytes as UTF-8 (BOM removed) or, when they are not valid UTF-8, as Latin-1.
    static func decode(_ data: Data) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8) { return text }
        // Every byte sequence is valid Latin-1, so this cannot fail.
        return String(data: bytes, encoding: .isoLatin1) ?? ""
    }

    /// Splits text into records of fields: `;` separators, `"`-quoted fields that may
    /// hold `;` and doubled quotes, CRLF or LF line ends; blank lines are dropped.
    /// Each record carries its 1-based line number.
    static func records(_ text: String, separator: Character = ";") -> [(line: Int, fields: [String])] {
        var result: [(Int, [String])] = []
        var lineNumber = 0
        // "\r\n" is a single Character in Swift: split on both forms of line end.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: isLineEnd) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            result.append((lineNumber, splitFields(line, separator: separator)))
        }
        return result
    }

    /// Whether a character ends a line (LF, CRLF or a lone CR).
    static func isLineEnd(_ c: Character) -> Bool { c == "\n" || c == "\r\n" || c == "\r" }

    /// Splits one line into fields, honouring double quotes.
    static func splitFields(_ line: Substring, separator: Character) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var index = line.startIndex
        while index < line.endIndex {
            let char = line[index]
            if inQuotes {
                if char == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex && line[next] == "\"" {
                        current.append("\"")
                        index = next
                    } else {
                        inQuotes = false
                    }
                } else {
                    current.append(char)
                }
            } else if char == "\"" && current.isEmpty {
                inQuotes = true
            } else if char == separator {
                fields.append(current)
                current = ""
            } else {
                current.append(char)
            }
            index = line.index(after: index)
        }
        fields.append(current)
        return fields
    }
}
