// The one CSV reader of the project: the customs reference tables (`;`, UTF-8 or Latin-1),
// the Territoires d'industrie file and the mail recipients (`;` or `,`), INSEE's place tables (`,`).

import Foundation

/// One record of a delimited file, with the line it starts on (1-based).
package struct CSVRecord: Equatable, Sendable {
    package var line: Int
    package var fields: [String]

    init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Why a delimited file cannot be split into records.
package enum CSVError: Error, Equatable, Sendable {
    /// A quoted field opened on `line` and never closed.
    case unterminatedQuote(line: Int)
}

/// Reads delimited text as RFC 4180 describes it, with the leniency the project's inputs need.
///
/// - Fields are separated by `delimiter`; a field starting with `"` (spaces before it are
///   dropped) is quoted: it may hold the delimiter, doubled quotes and line breaks.
/// - Lines end with LF, CRLF or a lone CR; a line break inside a quoted field becomes LF.
/// - Blank lines (nothing, or only spaces and tabs) are no records; the records keep the
///   numbers of the lines they start on, so messages point at the right line.
package enum CSVReader {
    /// The text of UTF-8 bytes, byte order mark removed; nil when they are not UTF-8.
    package static func utf8Text(_ data: Data) -> String? {
        String(data: withoutByteOrderMark(data), encoding: .utf8)
    }

    /// The text of UTF-8 bytes (byte order mark removed) or, when they are not valid UTF-8,
    /// of Latin-1 bytes: the customs publish some tables in Latin-1 whatever they say.
    package static func utf8OrLatin1Text(_ data: Data) -> String {
        let bytes = withoutByteOrderMark(data)
        if let text = String(data: bytes, encoding: .utf8) { return text }
        // Every byte sequence is valid Latin-1, so this cannot fail.
        return String(data: bytes, encoding: .isoLatin1) ?? ""
    }

    static func withoutByteOrderMark(_ data: Data) -> Data {
        data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data
    }

    /// Whether a character ends a line (LF, CRLF, which Swift counts as one character, or a lone CR).
    package static func isLineEnd(_ c: Character) -> Bool { c == "\n" || c == "\r\n" || c == "\r" }

    /// The first line of `text`, without its line end.
    package static func firstLine(_ text: String) -> Substring { text.prefix { !isLineEnd($0) } }

    /// `;` or `,`, whichever the header line holds more of (`;` when tied): French
    /// spreadsheets write `;`, others `,`.
    package static func guessDelimiter(header: Substring) -> Character {
        header.filter { $0 == ";" }.count >= header.filter { $0 == "," }.count ? ";" : ","
    }

    /// The records of `text`.
    /// - Throws: ``CSVError/unterminatedQuote(line:)`` when a quoted field never closes.
    package static func records(_ text: String, delimiter: Character) throws -> [CSVRecord] {
        var parser = Parser(delimiter: delimiter)
        for c in text { parser.consume(c) }
        // A quote pending at the very end is the closing one.
        if parser.inQuotes && !parser.quotePending { throw CSVError.unterminatedQuote(line: parser.quoteStartLine) }
        parser.finish()
        return parser.records
    }

    /// The fields of one line, a quote left open closing at the line's end: for a quick look
    /// at the head of a file that may not be delimited text at all.
    package static func fields(ofLine line: Substring, delimiter: Character) -> [String] {
        var parser = Parser(delimiter: delimiter)
        for c in line where !isLineEnd(c) { parser.consume(c) }
        parser.inQuotes = false
        parser.finish()
        return parser.records.first?.fields ?? [""]
    }

    /// The state machine, one character at a time.
    struct Parser {
        let delimiter: Character
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        /// A quote seen inside a quoted field: either the closing quote or the first of a doubled one.
        var quotePending = false
        var atFieldStart = true
        /// Whether the current record holds anything but spaces and tabs (else it is a blank line).
        var recordHasContent = false
        var line = 1
        var recordLine = 1
        var quoteStartLine = 1

        init(delimiter: Character) { self.delimiter = delimiter }

        mutating func consume(_ c: Character) {
            if quotePending {
                quotePending = false
                if c == "\"" { field.append("\""); return }
                inQuotes = false  // that quote closed the field; `c` is read as outside quotes
            }
            if inQuotes {
                if c == "\"" { quotePending = true }
                else if CSVReader.isLineEnd(c) { line += 1; field.append("\n") }
                else { field.append(c) }
                return
            }
            switch c {
            case "\"" where atFieldStart:
                inQuotes = true
                quoteStartLine = line
                field = ""
                atFieldStart = false
                recordHasContent = true
            case delimiter:
                fields.append(field)
                field = ""
                atFieldStart = true
                recordHasContent = true
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(c)
                if c != " " { atFieldStart = false }
                if c != " " && c != "\t" { recordHasContent = true }
            }
        }

        /// Ends the last record when the text does not end with a line break.
        mutating func finish() {
            quotePending = false
            if !field.isEmpty || !fields.isEmpty || recordHasContent { endRecord() }
        }

        mutating func endRecord() {
            fields.append(field)
            if recordHasContent { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            atFieldStart = true
            recordHasContent = false
        }
    }
}
