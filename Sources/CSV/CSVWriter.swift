// The one CSV writer of the project: the tables attached to the fiches' charts and the bulk
// manifest, both `;`-separated with CRLF line ends, as French spreadsheets open them.

import Foundation

/// Writes delimited text as RFC 4180 describes it: records end with CRLF, and a field is
/// quoted (its quotes doubled) when it holds the delimiter, a quote or a line break.
///
/// "Line break" is taken widely: LF, VT, FF, CR, and Unicode's NEL, LS and PS. RFC 4180 only
/// names CR and LF, but quoting more is still valid RFC 4180, and spreadsheets (and Swift's
/// `isNewline`) break lines at the others too.
package struct CSVWriter: Sendable {
    /// The field separator, `;` for French spreadsheets.
    var delimiter: UInt8

    /// A writer separating fields with `delimiter` (an ASCII character).
    package init(delimiter: Character = ";") {
        precondition(delimiter.isASCII && delimiter != "\"" && !CSVReader.isLineEnd(delimiter), "an ASCII delimiter")
        self.delimiter = delimiter.asciiValue!
    }

    /// The text of `rows`, every record ended by CRLF.
    package func text(_ rows: [[String]]) -> String {
        String(decoding: bytes(rows), as: UTF8.self)
    }

    /// The UTF-8 bytes of `rows`, every record ended by CRLF, after `prefix` (e.g. a byte order mark).
    package func bytes(_ rows: [[String]], prefix: [UInt8] = []) -> [UInt8] {
        var bytes = prefix
        bytes.reserveCapacity(rows.reduce(prefix.count + 16) { $0 + $1.reduce(8) { $0 + $1.utf8.count + 3 } })
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { bytes.append(delimiter) }
                bytes += field(value).utf8
            }
            bytes += [0x0D, 0x0A]
        }
        return bytes
    }

    /// `value` as a field: as it is, or quoted with its quotes doubled.
    func field(_ value: String) -> String {
        guard needsQuoting(value) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// True when the field holds the delimiter, a quote or a line break (LF, VT, FF, CR, NEL,
    /// LS, PS), checked on the UTF-8 bytes: most fields are names with accents, and breaking
    /// them into characters cost more than the rest of the PDF finishing step.
    func needsQuoting(_ value: String) -> Bool {
        var value = value
        let delimiter = delimiter
        let nonASCII = value.withUTF8 { bytes -> Bool? in
            var nonASCII = false
            for byte in bytes {
                if byte == delimiter || byte == 0x22 || (byte >= 0x0A && byte <= 0x0D) { return nil }
                nonASCII = nonASCII || byte >= 0x80
            }
            return nonASCII
        }
        guard let nonASCII else { return true }
        // NEL, LS and PS are line breaks too: looked for only in the few fields beyond ASCII.
        return nonASCII && value.unicodeScalars.contains { $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }
}
