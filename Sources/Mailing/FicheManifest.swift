// The fiches folder written by `fiche bulk`: `<code>-<slug>.pdf` files and `manifest.json`.

import Checksums
import Foundation
import ProjectFiles

/// What Mailing reads of a bulk output folder's `manifest.json`.
public struct FicheManifest: Decodable, Sendable {
    /// One département's fiche as the manifest lists it.
    public struct Entry: Decodable, Sendable, Hashable {
        /// The customs département code ("95", "2A" is not one: Corsica is "20"; "9A"… overseas).
        public var code: String
        /// The département's name, e.g. "Val-d'Oise".
        public var name: String
        /// The region's name, e.g. "Île-de-France".
        public var region: String?
        /// The PDF's file name inside the folder.
        public var file: String
        public var pages: Int?
        public var bytes: Int?
        /// SHA-256 of the PDF, lowercase hex.
        public var sha256: String
        /// Headline figures in euros, when the manifest gives them.
        public var exportsEUR: Double?
        public var importsEUR: Double?
        /// "rendered", "up-to-date" or "failed".
        public var status: String
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case code, name, region, file, pages, bytes, sha256, status, error
            case exportsEUR = "exports_eur"
            case importsEUR = "imports_eur"
        }

        public init(
            code: String, name: String, region: String? = nil, file: String, pages: Int? = nil, bytes: Int? = nil,
            sha256: String, exportsEUR: Double? = nil, importsEUR: Double? = nil, status: String = "rendered", error: String? = nil
        ) {
            self.code = code
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
        }

        /// Decodes an entry; a failed fiche has no checksum (`"sha256": null`).
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            code = try c.decode(String.self, forKey: .code)
            name = try c.decode(String.self, forKey: .name)
            region = try c.decodeIfPresent(String.self, forKey: .region)
            file = try c.decode(String.self, forKey: .file)
            pages = try c.decodeIfPresent(Int.self, forKey: .pages)
            bytes = try c.decodeIfPresent(Int.self, forKey: .bytes)
            sha256 = try c.decodeIfPresent(String.self, forKey: .sha256) ?? ""
            exportsEUR = try c.decodeIfPresent(Double.self, forKey: .exportsEUR)
            importsEUR = try c.decodeIfPresent(Double.self, forKey: .importsEUR)
            status = try c.decode(String.self, forKey: .status)
            error = try c.decodeIfPresent(String.self, forKey: .error)
        }

        /// Whether the fiche exists and can be sent (status "rendered" or "up-to-date").
        public var isAvailable: Bool { (status == "rendered" || status == "up-to-date") && !sha256.isEmpty }
    }

    public var year: Int
    public var dataSource: String?
    public var fiches: [Entry]

    enum CodingKeys: String, CodingKey {
        case year, fiches
        case dataSource = "data_source"
    }

    public init(year: Int, dataSource: String? = nil, fiches: [Entry]) {
        self.year = year
        self.dataSource = dataSource
        self.fiches = fiches
    }

    /// The name of the manifest file inside a fiches folder.
    public static let fileName = "manifest.json"
}

/// Why the fiches folder could not be used.
public enum FicheFolderError: Error, CustomStringConvertible {
    case missingManifest(URL)
    case unreadableManifest(URL, String)
    case missingFile(code: String, URL)
    case checksumMismatch(code: String, file: URL, expected: String, actual: String)
    case unsafeFileName(code: String, String)
    /// The fiche's path is a symbolic link, a folder or a device, not a file `fiche bulk` wrote.
    case notARegularFile(code: String, URL, kind: String)
    /// The file does not start as a PDF does.
    case notAPDF(code: String, URL)

    public var description: String {
        switch self {
        case let .missingManifest(url):
            return "no \(FicheManifest.fileName) in \(url.path) (run `fiche bulk` first, or give --fiches)"
        case let .unreadableManifest(url, why):
            return "\(url.path): \(why)"
        case let .missingFile(code, url):
            return "département \(code): fiche \(url.path) is missing"
        case let .unsafeFileName(code, name):
            return "département \(code): manifest file name \(name.debugDescription) is not a plain file name in the fiches folder"
        case let .notARegularFile(code, url, kind):
            return "département \(code): \(url.path) is \(kind), not a fiche written by `fiche bulk`; remove it and re-run `fiche bulk`"
        case let .notAPDF(code, url):
            return "département \(code): \(url.path) is not a PDF file; re-run `fiche bulk`"
        case let .checksumMismatch(code, file, expected, actual):
            return "département \(code): \(file.lastPathComponent) does not match the manifest (sha256 \(actual), manifest says \(expected)); re-run `fiche bulk`"
        }
    }
}

/// A fiches folder and its manifest.
public struct FicheFolder: Sendable {
    public let directory: URL
    public let manifest: FicheManifest

    /// Reads `manifest.json` in `directory`.
    public init(directory: URL) throws {
        self.directory = directory
        let url = directory.appendingPathComponent(FicheManifest.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { throw FicheFolderError.missingManifest(url) }
        do {
            manifest = try JSONDecoder().decode(FicheManifest.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw FicheFolderError.unreadableManifest(url, "\(error)")
        }
    }

    public init(directory: URL, manifest: FicheManifest) {
        self.directory = directory
        self.manifest = manifest
    }

    /// The sendable fiches (status rendered or up-to-date), by département code.
    public var availableFiches: [String: FicheManifest.Entry] {
        var result: [String: FicheManifest.Entry] = [:]
        for entry in manifest.fiches where entry.isAvailable { result[entry.code] = entry }
        return result
    }

    /// The PDF of `entry`.
    public func url(of entry: FicheManifest.Entry) -> URL { directory.appendingPathComponent(entry.file) }

    /// Reads `entry`'s PDF and checks it against the manifest's checksum.
    public func readFiche(_ entry: FicheManifest.Entry) throws -> Data {
        // Only a file of the folder itself: a manifest must not make us attach /etc/passwd.
        guard !entry.file.isEmpty, !entry.file.contains("/"), !entry.file.contains("\\"), !entry.file.hasPrefix(".") else {
            throw FicheFolderError.unsafeFileName(code: entry.code, entry.file)
        }
        let url = url(of: entry)
        guard FileManager.default.fileExists(atPath: url.path) else { throw FicheFolderError.missingFile(code: entry.code, url) }
        do {
            try OutputTarget.checkReplaceable(url.path)
        } catch OutputTargetError.notARegularFile(_, let kind) {
            throw FicheFolderError.notARegularFile(code: entry.code, url, kind: kind)
        }
        let data = try Data(contentsOf: url)
        guard data.starts(with: Array("%PDF-".utf8)) else { throw FicheFolderError.notAPDF(code: entry.code, url) }
        let actual = Checksum.sha256Hex(data)
        guard actual == entry.sha256.lowercased() else {
            throw FicheFolderError.checksumMismatch(code: entry.code, file: url, expected: entry.sha256, actual: actual)
        }
        return data
    }
}

/// SHA-256 checksums as the manifest writes them.
public enum Checksum {
    /// Lowercase hex SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hex(of: data)
    }
}
