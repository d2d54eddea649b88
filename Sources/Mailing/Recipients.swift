// The recipients file: a CSV (`;` or `,`) with a header `departement;email;nom`, one or more
// recipients per département; every problem reported with its line number before sending.

import CSV
import Foundation
import ProjectFiles

/// One recipient of one département's fiche.
package struct Recipient: Hashable, Sendable {
    /// The customs département code, normalised ("1" → "01", "9a" → "9A").
    var departement: String
    var address: EmailAddress
    /// The display name, if the file gives one.
    var name: String?
    /// The line of the recipients file it comes from (1 is the header).
    var line: Int

    package init(departement: String, address: EmailAddress, name: String? = nil, line: Int = 0) {
        self.departement = departement
        self.address = address
        let trimmed = name?.trimmingCharacters(in: .whitespaces)
        self.name = (trimmed?.isEmpty ?? true) ? nil : trimmed
        self.line = line
    }

    /// The recipient as a mailbox (name and address).
    var mailbox: Mailbox { Mailbox(name: name, address: address) }
}

/// A problem found in the recipients file.
package struct RecipientIssue: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Sendable {
        case malformedLine = "malformed line"
        case invalidAddress = "invalid address"
        case unknownDepartement = "unknown département"
        case duplicate = "duplicate"
        case noFiche = "no fiche"
        case invalidName = "invalid name"
    }
    var line: Int
    var kind: Kind
    var message: String

    package var description: String { "line \(line): \(kind.rawValue): \(message)" }
}

/// Why the recipients file cannot be read at all.
enum RecipientsFileError: Error, CustomStringConvertible {
    case unreadable(String, String)
    case empty(String)
    case missingColumn(String, column: String, header: [String])
    case unterminatedQuote(String, line: Int)

    package var description: String {
        switch self {
        case let .unreadable(file, why): return "\(file): \(why)"
        case let .empty(file): return "\(file): empty file, expected a header `departement;email;nom`"
        case let .missingColumn(file, column, header):
            return "\(file): line 1: no \(column) column in header \(header) (expected `departement;email;nom`)"
        case let .unterminatedQuote(file, line): return "\(file): line \(line): unterminated quoted field"
        }
    }
}

/// The recipients read from a file, with the problems found.
package struct RecipientList: Sendable {
    /// Valid recipients of départements that have a fiche, in file order, without duplicates.
    package var recipients: [Recipient]
    /// Every problem, by line.
    package var issues: [RecipientIssue]
    /// The field separator found in the header.
    var delimiter: Character

    /// Recipients grouped by département, in file order of first appearance.
    var byDepartement: [(code: String, recipients: [Recipient])] {
        var order: [String] = []
        var groups: [String: [Recipient]] = [:]
        for r in recipients {
            if groups[r.departement] == nil { order.append(r.departement) }
            groups[r.departement, default: []].append(r)
        }
        return order.map { ($0, groups[$0]!) }
    }
}

/// Reading and checking recipients files.
package enum RecipientsFile {
    /// Header names accepted for each column (compared without case and accents).
    static let departementNames: Set<String> = ["departement", "dept", "dep", "code", "code_departement", "departement_code"]
    static let emailNames: Set<String> = ["email", "e-mail", "mail", "courriel", "adresse", "address"]
    static let nameNames: Set<String> = ["nom", "name", "destinataire"]

    /// The customs département codes: 01–95 without 20, 20 (all of Corsica), 9A–9E overseas
    /// (99, Monaco, is not a département). The CLI passes TradeData's reference table when it has one.
    package static let customsDepartementCodes: Set<String> = {
        var codes = Set((1...95).filter { $0 != 20 }.map { $0 < 10 ? "0\($0)" : "\($0)" })
        codes.insert("20")
        for c in ["9A", "9B", "9C", "9D", "9E"] { codes.insert(c) }
        return codes
    }()

    /// Reads `url` and checks every line.
    /// - Parameters:
    ///   - knownCodes: the valid département codes (customs reference table).
    ///   - ficheCodes: the départements that have a fiche to send.
    ///   - customsCode: the customs code of a code as written in the file (INSEE's 974 or 2A
    ///     are customs 9D and 20); the recipient is keyed by it.
    package static func load(from url: URL, knownCodes: Set<String>, ficheCodes: Set<String>,
                             customsCode: (String) -> String = { $0 }) throws -> RecipientList {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw RecipientsFileError.unreadable(url.path, plainReason(of: error)) }
        return try parse(data, source: url.lastPathComponent, knownCodes: knownCodes, ficheCodes: ficheCodes,
                         customsCode: customsCode)
    }

    /// Parses and checks a recipients file's bytes (UTF-8, with or without BOM).
    static func parse(_ data: Data, source: String = "recipients", knownCodes: Set<String>, ficheCodes: Set<String>,
                      customsCode: (String) -> String = { $0 }) throws -> RecipientList {
        guard let text = CSVReader.utf8Text(data) else {
            throw RecipientsFileError.unreadable(source, "not valid UTF-8")
        }
        let firstLine = CSVReader.firstLine(text)
        guard !firstLine.trimmingCharacters(in: .whitespaces).isEmpty else { throw RecipientsFileError.empty(source) }
        let delimiter = CSVReader.guessDelimiter(header: firstLine)
        let records: [CSVRecord]
        do { records = try CSVReader.records(text, delimiter: delimiter) } catch CSVError.unterminatedQuote(let line) {
            throw RecipientsFileError.unterminatedQuote(source, line: line)
        }
        guard let header = records.first else { throw RecipientsFileError.empty(source) }
        let keys = header.fields.map(headerKey)
        guard let depColumn = keys.firstIndex(where: departementNames.contains) else {
            throw RecipientsFileError.missingColumn(source, column: "departement", header: header.fields)
        }
        guard let emailColumn = keys.firstIndex(where: emailNames.contains) else {
            throw RecipientsFileError.missingColumn(source, column: "email", header: header.fields)
        }
        let nameColumn = keys.firstIndex(where: nameNames.contains)

        var recipients: [Recipient] = []
        var issues: [RecipientIssue] = []
        var seen: [String: Int] = [:]  // "code|address" → first line
        for record in records.dropFirst() {
            let fields = record.fields
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let line = record.line
            guard fields.count > max(depColumn, emailColumn) else {
                issues.append(RecipientIssue(line: line, kind: .malformedLine, message: "\(fields.count) field(s), expected at least \(max(depColumn, emailColumn) + 1)"))
                continue
            }
            let rawCode = fields[depColumn].trimmingCharacters(in: .whitespaces)
            let code = customsCode(normalizeCode(rawCode))
            let rawAddress = fields[emailColumn].trimmingCharacters(in: .whitespaces)
            let name = nameColumn.flatMap { $0 < fields.count ? fields[$0] : nil }
            var lineIsValid = true
            let address = EmailAddress(rawAddress)
            if address == nil {
                issues.append(RecipientIssue(line: line, kind: .invalidAddress, message: "\(rawAddress.debugDescription) is not a valid e-mail address"))
                lineIsValid = false
            }
            if let name, (try? HeaderEncoding.checkNoControlCharacters(name, field: "nom")) == nil {
                issues.append(RecipientIssue(line: line, kind: .invalidName, message: "name \(name.debugDescription) holds a line break or control character"))
                lineIsValid = false
            }
            if !knownCodes.contains(code) {
                issues.append(RecipientIssue(line: line, kind: .unknownDepartement, message: "\(rawCode.debugDescription) is not a département code"))
                lineIsValid = false
            } else if !ficheCodes.contains(code) {
                issues.append(RecipientIssue(line: line, kind: .noFiche, message: "département \(code) has no fiche to send"))
                lineIsValid = false
            }
            guard lineIsValid, let address else { continue }
            let key = code + "|" + address.normalized
            if let first = seen[key] {
                issues.append(RecipientIssue(line: line, kind: .duplicate, message: "\(address) for département \(code) already on line \(first)"))
                continue
            }
            seen[key] = line
            recipients.append(Recipient(departement: code, address: address, name: name, line: line))
        }
        return RecipientList(recipients: recipients, issues: issues, delimiter: delimiter)
    }

    /// "1" → "01", "9a" → "9A"; other codes upper-cased as they are.
    static func normalizeCode(_ code: String) -> String {
        let upper = code.uppercased()
        if upper.count == 1, upper.first!.isNumber { return "0" + upper }
        return upper
    }

    static func headerKey(_ field: String) -> String {
        field.trimmingCharacters(in: .whitespaces)
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr_FR"))
            .lowercased()
    }
}
