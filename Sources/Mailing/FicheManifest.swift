// The fiches folder written by `fiche bulk`: `<code>-<slug>.pdf` files and `manifest.json`.

import Checksums
import Foundation
import Manifest
import ProjectFiles

/// Why the fiches folder could not be used.
enum FicheFolderError: Error, CustomStringConvertible {
    case missingManifest(URL)
    case unreadableManifest(URL, String)
    case missingFile(code: String, URL)
    case unreadableFiche(code: String, URL, String)
    case checksumMismatch(code: String, file: URL, expected: String, actual: String)
    case unsafeFileName(code: String, String)
    /// The fiche's path is a symbolic link, a folder or a device, not a file `fiche bulk` wrote.
    case notARegularFile(code: String, URL, kind: String)
    /// The file does not start as a PDF does.
    case notAPDF(code: String, URL)

    package var description: String {
        switch self {
        case let .missingManifest(url):
            return "no \(BulkManifest.jsonFileName) in \(url.path) (run `fiche bulk` first, or give --fiches)"
        case let .unreadableManifest(url, why):
            return "\(url.path): \(why)"
        case let .missingFile(code, url):
            return "\(code): fiche \(url.path) is missing"
        case let .unreadableFiche(code, url, reason):
            return "\(code): cannot read the fiche \(url.path): \(reason)"
        case let .unsafeFileName(code, name):
            return "\(code): manifest file name \(name.debugDescription) is not a plain file name in the fiches folder"
        case let .notARegularFile(code, url, kind):
            return "\(code): \(url.path) is \(kind), not a fiche written by `fiche bulk`; remove it and re-run `fiche bulk`"
        case let .notAPDF(code, url):
            return "\(code): \(url.path) is not a PDF file; re-run `fiche bulk`"
        case let .checksumMismatch(code, file, expected, actual):
            return "\(code): \(file.lastPathComponent) does not match the manifest (sha256 \(actual), manifest says \(expected)); re-run `fiche bulk`"
        }
    }
}

/// A fiches folder and its manifest.
package struct FicheFolder: Sendable {
    package let directory: URL
    package let manifest: BulkManifest

    /// Reads `manifest.json` in `directory`.
    package init(directory: URL) throws {
        self.directory = directory
        let url = directory.appendingPathComponent(BulkManifest.jsonFileName)
        guard FileManager.default.fileExists(atPath: url.path) else { throw FicheFolderError.missingManifest(url) }
        do {
            manifest = try JSONDecoder().decode(BulkManifest.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw FicheFolderError.unreadableManifest(url, Self.plainWords(error))
        }
    }

    /// Why JSON is not a manifest, without the decoder's coding-path dump.
    static func plainWords(_ error: DecodingError) -> String {
        let what: String
        switch error {
        case let .keyNotFound(key, _): what = "the field \(key.stringValue) is missing"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            what = "unexpected value at \(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "."))"
        case .dataCorrupted: what = "it is not valid JSON"
        @unknown default: what = "it cannot be decoded"
        }
        return "not a manifest written by `fiche bulk` (\(what)); re-run `fiche bulk`, or give the fiches folder with --fiches"
    }

    package init(directory: URL, manifest: BulkManifest) {
        self.directory = directory
        self.manifest = manifest
    }

    /// The sendable fiches (status rendered or up-to-date), by key: the département's code, `region-84`.
    package var availableFiches: [String: BulkManifest.Entry] {
        var result: [String: BulkManifest.Entry] = [:]
        for entry in manifest.fiches where entry.isAvailable { result[entry.key] = entry }
        return result
    }

    /// The PDF of `entry`.
    func url(of entry: BulkManifest.Entry) -> URL { directory.appendingPathComponent(entry.file) }

    /// Reads `entry`'s PDF and checks it against the manifest's checksum.
    func readFiche(_ entry: BulkManifest.Entry) throws -> Data {
        // Only a file of the folder itself: a manifest must not make us attach /etc/passwd.
        // A région's fiche sits in its `regions/` sub-folder, as `fiche bulk --regions` writes it.
        let name = entry.kind == .region && entry.file.hasPrefix("regions/") ? String(entry.file.dropFirst("regions/".count)) : entry.file
        guard !name.isEmpty, !name.contains("/"), !name.contains("\\"), !name.hasPrefix(".") else {
            throw FicheFolderError.unsafeFileName(code: entry.label, entry.file)
        }
        let url = url(of: entry)
        guard FileManager.default.fileExists(atPath: url.path) else { throw FicheFolderError.missingFile(code: entry.label, url) }
        do {
            try OutputTarget.checkReplaceable(url.path)
        } catch OutputTargetError.notARegularFile(_, let kind) {
            throw FicheFolderError.notARegularFile(code: entry.label, url, kind: kind)
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw FicheFolderError.unreadableFiche(code: entry.label, url, plainReason(of: error))
        }
        guard data.starts(with: Array("%PDF-".utf8)) else { throw FicheFolderError.notAPDF(code: entry.label, url) }
        let expected = entry.sha256 ?? ""
        let actual = SHA256.hex(of: data)
        guard actual == expected.lowercased() else {
            throw FicheFolderError.checksumMismatch(code: entry.label, file: url, expected: expected, actual: actual)
        }
        return data
    }
}

extension BulkManifest.Entry {
    /// How messages name the fiche's territory: «département 95», «région 53».
    var label: String { (kind == .region ? "région " : "département ") + code }

    /// The fiche's file name alone, as attached to a message (`53-bretagne.pdf`, not `regions/…`).
    var attachmentName: String { (file as NSString).lastPathComponent }
}
