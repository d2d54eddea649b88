import ProjectFiles
import Foundation
import Manifest
import ZIPFoundation

/// Packs a bulk folder's complete fiches and its manifests into one zip, for sending.
package enum BulkArchive {
    /// Writes `url` atomically with the manifest's complete fiches, `manifest.json` and
    /// `manifest.csv`. PDFs are stored as they are (already compressed); manifests deflated.
    /// The archive is built in memory, then written with checked `write` calls: ZIPFoundation
    /// writing to a file ignores the result of its last `fflush`, so a full disk could leave a
    /// truncated archive without an error.
    package static func write(_ manifest: BulkManifest, from directory: URL, to url: URL) throws {
        let bytes: Data
        do {
            let archive = try Archive(accessMode: .create)
            for entry in manifest.fiches where entry.isComplete {
                try archive.addEntry(with: entry.file, relativeTo: directory, compressionMethod: .none)
            }
            for name in [BulkManifest.jsonFileName, BulkManifest.csvFileName] {
                try archive.addEntry(with: name, relativeTo: directory, compressionMethod: .deflate)
            }
            guard let data = archive.data else { throw BulkError.io("cannot build the zip archive \(url.path) in memory") }
            bytes = data
        } catch let error as BulkError {
            throw error
        } catch {
            throw BulkError.io("cannot pack the fiches of \(directory.path) into \(url.path): \(plainReason(of: error))")
        }
        do {
            try AtomicFile.write(to: url) { try AtomicFile.writeNewFile(bytes, to: $0) }
        } catch {
            throw BulkError.io("cannot write the zip archive \(url.path): \(plainReason(of: error))")
        }
    }
}
