// The recipients file: a CSV (`;` or `,`) with a header `departement;email;nom`, one or more
// recipients per département; a `region` column (INSEE code or name) or a `territoire` column
// (a département's code, or a région: `région 84`, `Bretagne`) sends a région's fiche; every
// problem reported with its line number before sending.

import CSV
import Foundation
import ProjectFiles

/// One recipient of one département's fiche.
package struct Recipient: Hashable, Sendable {
    /// The fiche's key: the customs département code, normalised ("1" → "01", "9a" → "9A"), or
    /// `region-84` for a région's fiche (`BulkManifest.Entry.key`).
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
    static let regionNames: Set<String> = ["region", "code_region", "region_code"]
    static let territoryNames: Set<String> = ["territoire", "territory"]

    /// How a recipients file names its territories: the customs code of a département as written
    /// (INSEE's 974 or 2A are customs 9D and 20), and the key of a région's fiche (`region-84`)
    /// from its INSEE code or name, nil when no région is so named.
    package struct TerritoryReader {
        var customsCode: (String) -> String
        var regionKey: (String) -> String?
        package init(customsCode: @escaping (String) -> String = { $0 }, regionKey: @escaping (String) -> String? = { _ in nil }) {
            self.customsCode = customsCode
            self.regionKey = regionKey
        }

        /// A `territoire` cell: «région 84», «region 84», «Bretagne» name régions; anything else a département.
        func key(ofTerritory typed: String) -> String? {
            let folded = RecipientsFile.headerKey(typed)
            for prefix in ["region ", "region:", "r"] where folded.hasPrefix(prefix) {
                let rest = String(folded.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
                if rest.allSatisfy(\.isNumber), !rest.isEmpty, let key = regionKey(rest) { return key }
            }
            if folded.contains(where: \.isLetter), folded.count > 3, let key = regionKey(typed) { return key }
            return nil
        }
    }

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
                             territories: TerritoryReader = TerritoryReader()) throws -> RecipientList {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw RecipientsFileError.unreadable(url.path, plainReason(of: error)) }
        return try parse(data, source: url.lastPathComponent, knownCodes: knownCodes, ficheCodes: ficheCodes,
                         territories: territories)
    }

    /// Parses and checks a recipients file's bytes (UTF-8, with or without BOM).
    static func parse(_ data: Data, source: String = "recipients", knownCodes: Set<String>, ficheCodes: Set<String>,
                      territories: TerritoryReader = TerritoryReader()) throws -> RecipientList {
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
        let regionColumn = keys.firstIndex(where: regionNames.contains)
        let territoryColumn = keys.firstIndex(where: territoryNames.contains)
        guard let depColumn = keys.firstIndex(where: departementNames.contains) ?? territoryColumn ?? regionColumn else {
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
            let (rawCode, code) = territoryKey(fields, departement: depColumn, region: regionColumn, territory: territoryColumn,
                                               territories)
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
            let isRegion = code.hasPrefix("region-")
            if !isRegion && !knownCodes.contains(code) {
                issues.append(RecipientIssue(line: line, kind: .unknownDepartement, message: "\(rawCode.debugDescription) is not a département code"))
                lineIsValid = false
            } else if !ficheCodes.contains(code) {
                let what = isRegion ? "région \(code.dropFirst("region-".count)) has no fiche to send (fiche bulk --regions makes them)"
                    : "département \(code) has no fiche to send"
                issues.append(RecipientIssue(line: line, kind: .noFiche, message: what))
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

    /// The fiche a line names, as written and as a key: the `region` column's région (code or
    /// name), else the `territoire` column's territory, else the `departement` column's code.
    static func territoryKey(_ fields: [String], departement: Int, region: Int?, territory: Int?,
                             _ territories: TerritoryReader) -> (raw: String, key: String) {
        func cell(_ column: Int?) -> String? {
            guard let column, column < fields.count else { return nil }
            let text = fields[column].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        if let typed = cell(region) {
            return (typed, territories.regionKey(typed) ?? "region-" + typed)
        }
        if let typed = cell(territory), let key = territories.key(ofTerritory: typed) { return (typed, key) }
        let raw = cell(territory) ?? cell(departement) ?? ""
        return (raw, territories.customsCode(normalizeCode(raw)))
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
