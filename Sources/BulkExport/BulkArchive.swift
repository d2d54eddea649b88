import ProjectFiles
import Foundation
import Manifest
import ZIPFoundation

/// Packs a bulk folder's complete fiches and its manifests into one zip, for sending.
package enum BulkArchive {
    /// Writes `url` atomically with the manifest's complete fiches, `manifest.json` and
    /// `manifest.csv`. PDFs are stored as they are (already compressed); manifests deflated.
    package static func write(_ manifest: BulkManifest, from directory: URL, to url: URL) throws {
        try AtomicFile.write(to: url) { temporary in
            let archive: Archive
            do {
                archive = try Archive(url: temporary, accessMode: .create)
            } catch {
                throw BulkError.io("cannot create the zip archive \(url.path): \(error)")
            }
            for entry in manifest.fiches where entry.isComplete {
                try archive.addEntry(with: entry.file, relativeTo: directory, compressionMethod: .none)
            }
            for name in [BulkManifest.jsonFileName, BulkManifest.csvFileName] {
                try archive.addEntry(with: name, relativeTo: directory, compressionMethod: .deflate)
            }
        }
    }
}
