import Checksums
import Foundation
import TradeData

/// Everything that shapes a fiche's bytes, fingerprinted: the data, the inputs key (tool
/// version, template, fonts and asset files, Territoires d'industrie file), the year and the
/// product level. A fiche whose fingerprint is unchanged is the same PDF, byte for byte.
///
/// The one definition of a manifest's `inputs_sha256`: `fiche bulk` (to skip the fiches that
/// are up to date) and `fiche serve` (in a région zip's manifest) both compute it here, so the
/// two manifests agree for the same fiches.
package struct FicheInputs: Sendable, Equatable {
    /// SHA-256 of the trade files and reference tables (`sha256(ofDataset:)`).
    package let dataSHA256: String
    /// SHA-256 of everything besides the data that shapes a fiche (`key(toolVersion:…)`).
    let key: String
    let year: Int
    let level: ProductLevel

    package init(dataSHA256: String, key: String, year: Int, level: ProductLevel) {
        self.dataSHA256 = dataSHA256
        self.key = key
        self.year = year
        self.level = level
    }

    /// The fingerprint of one département's fiche inputs, written as `inputs_sha256`.
    package func sha256(departement code: String) -> String {
        Self.sha256(of: [dataSHA256, key, String(year), level.rawValue, code])
    }

    /// The inputs key: the tool version, the renderer's files (`FicheRenderer.inputFiles`: template,
    /// INSEE tables, fonts, logos, hyphenation patterns, colour profile) and the Territoires
    /// d'industrie file the territories were read from (`nil`: none was found).
    package static func key(toolVersion: String, rendererFiles: [URL], territoriesFile: URL?) -> String {
        sha256(of: [
            toolVersion, sha256(ofFiles: rendererFiles),
            territoriesFile.map { sha256(ofFiles: [$0]) } ?? "no-ti",
        ])
    }

    /// The fingerprint of a list of strings, each prefixed with its length so that no two lists
    /// give the same text.
    static func sha256(of parts: [String]) -> String {
        SHA256.hex(of: Data(parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|").utf8))
    }

    /// The fingerprint of files' paths and contents (in order); a missing file counts as empty,
    /// under its name.
    static func sha256(ofFiles urls: [URL]) -> String {
        let hasher = SHA256()
        for url in urls {
            hasher.update(Data(url.path.utf8))
            // Read, not mapped: a file truncated under a mapping kills the process (SIGBUS).
            if let data = try? Data(contentsOf: url) { hasher.update(data) }
        }
        return hasher.finalizeHex()
    }

    /// The fingerprint of the trade files a dataset was read from (zip archives whole) and of
    /// its reference tables: a manifest's `data_sha256`. That of the bytes parsed when the
    /// dataset was loaded `fingerprinted`, else of the files as they are now.
    package static func sha256(ofDataset dataset: TradeDataset) -> String {
        dataset.contentSHA256 ?? dataset.sha256OfFilesNow()
    }
}
