import Fiche
import Foundation

/// The index of a bulk output folder: `manifest.json` and `manifest.csv`, one entry per
/// département, describing exactly the complete fiches in the folder.
public struct BulkManifest: Codable, Equatable, Sendable {
    /// What became of one département's fiche.
    public enum Status: String, Codable, Sendable {
        case rendered
        case upToDate = "up-to-date"
        case failed
    }

    /// One département's fiche.
    public struct Entry: Codable, Equatable, Sendable {
        public var code: String
        public var name: String
        public var region: String
        /// File name within the folder.
        public var file: String
        public var pages: Int?
        public var bytes: Int?
        /// SHA-256 of the PDF (lowercase hex); null when the fiche failed.
        public var sha256: String?
        public var exportsEUR: Int64?
        public var importsEUR: Int64?
        public var status: Status
        public var error: String?
        /// Fingerprint of everything the fiche was made from (data, template, fonts,
        /// options, tool version): a re-run skips the fiche while it is unchanged.
        public var inputsSHA256: String?

        enum CodingKeys: String, CodingKey {
            case code, name, region, file, pages, bytes, sha256, status, error
            case exportsEUR = "exports_eur"
            case importsEUR = "imports_eur"
            case inputsSHA256 = "inputs_sha256"
        }

        /// Whether the entry describes a complete fiche on disk.
        public var isComplete: Bool { status != .failed }
    }

    public var year: Int
    public var dataSource: String
    public var dataSHA256: String
    public var toolVersion: String
    /// The command line options that shaped the fiches (level, fonts, assets, TI file).
    public var generatedFrom: String
    public var fiches: [Entry]

    enum CodingKeys: String, CodingKey {
        case year, fiches
        case dataSource = "data_source"
        case dataSHA256 = "data_sha256"
        case toolVersion = "tool_version"
        case generatedFrom = "generated_from"
    }

    public static let jsonFileName = "manifest.json"
    public static let csvFileName = "manifest.csv"

    /// Reads `manifest.json` from a folder, or nil when there is none or it is unreadable
    /// (a re-run then renders everything again).
    public static func read(from directory: URL) -> BulkManifest? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(jsonFileName)) else { return nil }
        return try? JSONDecoder().decode(BulkManifest.self, from: data)
    }

    /// Writes both manifests atomically (the entries sorted by code).
    public func write(to directory: URL) throws {
        var sorted = self
        sorted.fiches.sort { $0.code < $1.code }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var json = try encoder.encode(sorted)
        json.append(0x0A)
        try FicheFiles.write(json, to: directory.appendingPathComponent(Self.jsonFileName))
        try FicheFiles.write(Data(sorted.csv().utf8), to: directory.appendingPathComponent(Self.csvFileName))
    }

    /// The CSV form: `;`-separated (as the customs files), UTF-8 with a header, fields
    /// quoted when they hold `;`, quotes or line breaks.
    public func csv() -> String {
        let header = ["code", "name", "region", "file", "pages", "bytes", "sha256", "exports_eur", "imports_eur",
                      "status", "error", "inputs_sha256"]
        var lines = [header.joined(separator: ";")]
        for e in fiches {
            let fields: [String] = [e.code, e.name, e.region, e.file, e.pages.map(String.init) ?? "", e.bytes.map(String.init) ?? "",
                                    e.sha256 ?? "", e.exportsEUR.map(String.init) ?? "", e.importsEUR.map(String.init) ?? "",
                                    e.status.rawValue, e.error ?? "", e.inputsSHA256 ?? ""]
            lines.append(fields.map(Self.csvField).joined(separator: ";"))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Errors of a bulk run that stop it as a whole (a single fiche's failure does not).
public enum BulkError: Error, CustomStringConvertible, Equatable {
    case io(String)
    case unknownRegion(String, known: [String])
    case unknownDepartements([String])
    case nothingToDo

    public var description: String {
        switch self {
        case .io(let message): return message
        case .unknownRegion(let code, let known):
            return "unknown region code '\(code)'; known customs region codes: \(known.joined(separator: ", "))"
        case .unknownDepartements(let codes):
            return "unknown département code\(codes.count > 1 ? "s" : "") \(codes.map { "'\($0)'" }.joined(separator: ", ")); run `fiche list` to see the valid codes"
        case .nothingToDo: return "no département selected"
        }
    }
}
