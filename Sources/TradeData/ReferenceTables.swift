import CSV
import Foundation
import ProjectFiles

/// A label valid over a period of months (`YYYYMM` to `YYYYMM`, `999912` = still valid).
struct DatedLabel: Equatable, Sendable {
    let label: String
    let start: Int
    let end: Int

    /// Whether the label is valid at some point of the given year.
    func isValid(in year: Int) -> Bool {
        start <= year * 100 + 12 && end >= year * 100 + 1
    }
}

/// A row of `Departement_region.txt`.
struct DepartementRow: Equatable, Sendable {
    let code: String
    let label: String
    let regionCode: String
    let regionLabel: String
}

/// The customs reference tables as published beside the trade files:
/// `Libelle_A129.txt`, `Libelle_CPF4_rev2.1.txt`, `Libelle_PAYS.txt`, `Departement_region.txt`.
/// A folder given as reference tables must hold all four: a partial set would silently
/// mix official labels with codes.
package struct ReferenceTables: Sendable {
    /// File names as published (`publishedFileNames` lists them in this order).
    static let activityFile = "Libelle_A129.txt"
    static let productFile = "Libelle_CPF4_rev2.1.txt"
    static let countryFile = "Libelle_PAYS.txt"
    static let departementFile = "Departement_region.txt"
    /// The four published reference table names.
    package static let publishedFileNames = [activityFile, productFile, countryFile, departementFile]
    static var allFiles: [String] { publishedFileNames }

    /// A129 labels by code (several rows per code when the label changed over time).
    var activities: [String: [DatedLabel]] = [:]
    /// CPF4 labels by code.
    var products: [String: [DatedLabel]] = [:]
    /// Country labels by code; codes repeat with different validity periods.
    var countries: [String: [DatedLabel]] = [:]
    /// Départements in file order.
    var departements: [DepartementRow] = []
    /// The folder the tables were read from, if any.
    package var directory: URL?
    /// The bytes read of each file of `publishedFileNames` (in that order), kept until the
    /// dataset's fingerprint is computed from them.
    var fileContents: [Data] = []

    /// Empty tables: the project's own names are used.
    package init() {}

    /// Whether a file name is one of the published reference tables.
    static func isReferenceFileName(_ name: String) -> Bool {
        let base = (name as NSString).lastPathComponent.lowercased()
        return base.hasPrefix("libelle_") || base.hasPrefix("departement_region")
    }

    /// Whether a folder holds at least one reference table.
    static func present(in directory: URL) -> Bool {
        allFiles.contains { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
    }

    /// Reads the four reference tables of a folder; a missing folder or file is an error
    /// that names it.
    package static func load(from directory: URL) throws -> ReferenceTables {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TradeDataError.badReferenceFile(path: directory.path, line: 0,
                reason: "no such folder; expected a folder holding \(publishedFileNames.joined(separator: ", "))")
        }
        let missing = allFiles.filter { !FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
        guard missing.isEmpty else {
            throw TradeDataError.badReferenceFile(path: directory.path, line: 0,
                reason: "reference table\(missing.count > 1 ? "s" : "") missing: \(missing.joined(separator: ", ")) (the folder must hold all of \(publishedFileNames.joined(separator: ", ")))")
        }
        var tables = ReferenceTables()
        tables.directory = directory
        let urls = publishedFileNames.map { directory.appendingPathComponent($0) }
        tables.fileContents = try urls.map { try FileContents.read($0) }
        tables.activities = try readDatedLabels(tables.fileContents[0], url: urls[0])
        tables.products = try readDatedLabels(tables.fileContents[1], url: urls[1])
        tables.countries = try readDatedLabels(tables.fileContents[2], url: urls[2])
        tables.departements = try readDepartements(tables.fileContents[3], url: urls[3])
        return tables
    }

    /// The CPF4 labels of the project's own copy of the customs table
    /// (`assets/reference/douane/`), for data read without its reference tables: products are
    /// then named, not numbered. Empty when the project's assets cannot be found.
    static let projectProductLabels: [String: [DatedLabel]] = {
        guard let assets = try? ProjectFolder.assets() else { return [:] }
        let url = assets.appendingPathComponent("reference/douane").appendingPathComponent(productFile)
        guard let data = try? FileContents.read(url) else { return [:] }
        return (try? readDatedLabels(data, url: url)) ?? [:]
    }()

    /// The label of a code valid in the given year; else the most recent one.
    static func label(_ code: String, in table: [String: [DatedLabel]], year: Int) -> String? {
        guard let rows = table[code], !rows.isEmpty else { return nil }
        if let valid = rows.last(where: { $0.isValid(in: year) }) { return valid.label }
        return rows.max(by: { $0.end < $1.end })?.label
    }

    /// Reads a `code;label;start;end` table.
    static func readDatedLabels(_ data: Data, url: URL) throws -> [String: [DatedLabel]] {
        var table: [String: [DatedLabel]] = [:]
        for record in try Self.records(data, url: url) {
            let fields = record.fields
            guard fields.count == 4 else {
                throw TradeDataError.badReferenceFile(path: url.path, line: record.line,
                    reason: "expected 4 fields (code;label;start;end), found \(fields.count)")
            }
            guard let start = Int(fields[2].trimmingCharacters(in: .whitespaces)),
                  let end = Int(fields[3].trimmingCharacters(in: .whitespaces)) else {
                throw TradeDataError.badReferenceFile(path: url.path, line: record.line,
                    reason: "expected validity months YYYYMM in fields 3 and 4, found '\(fields[2])' and '\(fields[3])'")
            }
            let code = fields[0].trimmingCharacters(in: .whitespaces)
            let label = fields[1].trimmingCharacters(in: .whitespaces)
            table[code, default: []].append(DatedLabel(label: label, start: start, end: end))
        }
        return table
    }

    /// Reads `Departement_region.txt` (code;label;region code;region label).
    static func readDepartements(_ data: Data, url: URL) throws -> [DepartementRow] {
        return try Self.records(data, url: url).map { record in
            let f = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == 4, f[0].utf8.count == 2, f[2].utf8.count == 2 else {
                throw TradeDataError.badReferenceFile(path: url.path, line: record.line,
                    reason: "expected 'département code;label;region code;region label', found '\(PrintableText.excerpt(record.fields.joined(separator: ";"), limit: 80))'")
            }
            return DepartementRow(code: f[0], label: f[1], regionCode: f[2], regionLabel: f[3])
        }
    }

    /// The `;`-separated records of a customs table (UTF-8 or Latin-1).
    static func records(_ data: Data, url: URL) throws -> [CSVRecord] {
        do {
            return try CSVReader.records(CSVReader.utf8OrLatin1Text(data), delimiter: ";")
        } catch CSVError.unterminatedQuote(let line) {
            throw TradeDataError.badReferenceFile(path: url.path, line: line, reason: "unterminated quoted field")
        }
    }
}
