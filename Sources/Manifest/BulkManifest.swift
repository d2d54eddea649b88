// The one definition of `manifest.json` and `manifest.csv`: written by `fiche bulk`,
// read by `fiche bulk` again (up-to-date checks) and by `fiche mail`.

import CSV
import Foundation

/// The index of a bulk output folder: `manifest.json` and `manifest.csv`, one entry per
/// département, describing exactly the complete fiches in the folder.
package struct BulkManifest: Codable, Equatable, Sendable {
    /// What became of one département's fiche.
    package enum Status: String, Codable, Sendable {
        case rendered
        case upToDate = "up-to-date"
        case failed
    }

    /// What a fiche describes.
    package enum Kind: String, Codable, Sendable {
        case departement, region
    }

    /// One fiche: a département's (its customs code) or a région's (its INSEE code).
    package struct Entry: Codable, Equatable, Sendable {
        package var code: String
        /// A manifest written before région fiches has none: its entries are départements'.
        package var kind: Kind = .departement
        package var name: String
        package var region: String
        /// File name within the folder.
        package var file: String
        package var pages: Int?
        package var bytes: Int?
        /// SHA-256 of the PDF (lowercase hex); null when the fiche failed.
        package var sha256: String?
        package var exportsEUR: Int64?
        package var importsEUR: Int64?
        package var status: Status
        package var error: String?
        /// Fingerprint of everything the fiche was made from (data, template, fonts,
        /// options, tool version): a re-run skips the fiche while it is unchanged.
        package var inputsSHA256: String?

        enum CodingKeys: String, CodingKey {
            case code, kind, name, region, file, pages, bytes, sha256, status, error
            case exportsEUR = "exports_eur"
            case importsEUR = "imports_eur"
            case inputsSHA256 = "inputs_sha256"
        }

        package init(code: String, name: String, region: String, file: String, pages: Int? = nil, bytes: Int? = nil,
                    sha256: String? = nil, exportsEUR: Int64? = nil, importsEUR: Int64? = nil, status: Status,
                    error: String? = nil, inputsSHA256: String? = nil, kind: Kind = .departement) {
            self.code = code
            self.kind = kind
            self.name = name
            self.region = region
            self.file = file
            self.pages = pages
            self.bytes = bytes
            self.sha256 = sha256
            self.exportsEUR = exportsEUR
            self.importsEUR = importsEUR
            self.status = status
            self.error = error
            self.inputsSHA256 = inputsSHA256
        }

        package init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            code = try c.decode(String.self, forKey: .code)
            kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .departement
            name = try c.decode(String.self, forKey: .name)
            region = try c.decode(String.self, forKey: .region)
            file = try c.decode(String.self, forKey: .file)
            pages = try c.decodeIfPresent(Int.self, forKey: .pages)
            bytes = try c.decodeIfPresent(Int.self, forKey: .bytes)
            sha256 = try c.decodeIfPresent(String.self, forKey: .sha256)
            exportsEUR = try c.decodeIfPresent(Int64.self, forKey: .exportsEUR)
            importsEUR = try c.decodeIfPresent(Int64.self, forKey: .importsEUR)
            status = try c.decode(Status.self, forKey: .status)
            error = try c.decodeIfPresent(String.self, forKey: .error)
            inputsSHA256 = try c.decodeIfPresent(String.self, forKey: .inputsSHA256)
        }

        /// What the entry is known by in a run: the département's code, `region-84` for a région
        /// (région and département codes overlap: 84 is Auvergne-Rhône-Alpes and Vaucluse).
        package var key: String { Self.key(kind: kind, code: code) }

        /// The key of a fiche of `kind` and `code`.
        package static func key(kind: Kind, code: String) -> String { kind == .region ? "region-" + code : code }

        /// Whether the entry describes a complete fiche on disk.
        package var isComplete: Bool { status != .failed }

        /// Whether the fiche can be sent: complete, with a checksum to verify it by.
        package var isAvailable: Bool { isComplete && sha256 != nil }
    }

    package var year: Int
    var dataSource: String
    var dataSHA256: String
    var toolVersion: String
    /// The command line options that shaped the fiches (level, fonts, assets, TI file).
    var generatedFrom: String
    package var fiches: [Entry]

    enum CodingKeys: String, CodingKey {
        case year, fiches
        case dataSource = "data_source"
        case dataSHA256 = "data_sha256"
        case toolVersion = "tool_version"
        case generatedFrom = "generated_from"
    }

    package init(year: Int, dataSource: String, dataSHA256: String, toolVersion: String, generatedFrom: String, fiches: [Entry]) {
        self.year = year
        self.dataSource = dataSource
        self.dataSHA256 = dataSHA256
        self.toolVersion = toolVersion
        self.generatedFrom = generatedFrom
        self.fiches = fiches
    }

    package static let jsonFileName = "manifest.json"
    package static let csvFileName = "manifest.csv"

    /// Reads `manifest.json` from a folder, or nil when there is none or it is unreadable
    /// (a re-run then renders everything again).
    static func read(from directory: URL) -> BulkManifest? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(jsonFileName)) else { return nil }
        return try? JSONDecoder().decode(BulkManifest.self, from: data)
    }

    /// The entries sorted by code, as both files list them.
    package var sorted: BulkManifest {
        var sorted = self
        sorted.fiches.sort(by: Self.order)
        return sorted
    }

    /// The order of both files: départements by code, then régions by code.
    package static func order(_ a: Entry, _ b: Entry) -> Bool {
        a.kind != b.kind ? a.kind == .departement : a.code < b.code
    }

    /// The JSON form: pretty-printed, keys sorted, a final newline.
    package func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var json = try encoder.encode(self)
        json.append(0x0A)
        return json
    }

    /// The CSV form: `;`-separated (as the customs files), UTF-8 with a header, CRLF line
    /// ends, fields quoted when they hold `;`, quotes or line breaks (``CSVWriter``).
    package func csv() -> String {
        let header = ["code", "name", "region", "file", "pages", "bytes", "sha256", "exports_eur", "imports_eur",
                      "status", "error", "inputs_sha256", "kind"]
        let rows = fiches.map { e -> [String] in
            [e.code, e.name, e.region, e.file, e.pages.map(String.init) ?? "", e.bytes.map(String.init) ?? "",
             e.sha256 ?? "", e.exportsEUR.map(String.init) ?? "", e.importsEUR.map(String.init) ?? "",
             e.status.rawValue, e.error ?? "", e.inputsSHA256 ?? "", e.kind.rawValue]
        }
        return CSVWriter(delimiter: ";").text([header] + rows)
    }
}
