import Checksums
import Foundation

extension TradeDataset {
    /// SHA-256 of the files a dataset was read from, from the bytes parsed (never read again:
    /// a file rewritten since would give the fingerprint of another version). Each trade file
    /// once (a zip archive whole, once for all its entries) as its path then the SHA-256 of its
    /// contents, each file hashed by the core that read it; then each reference table as its
    /// path then its contents. `sha256OfFilesNow` gives the same from the files on disk.
    static func contentSHA256(inputs: [TradeInput], digests: [String?], referenceDirectory: URL?,
                              referenceContents: [Data]) -> String {
        let hasher = SHA256()
        var seen = Set<String>()
        for (input, digest) in zip(inputs, digests) {
            let path = URL(fileURLWithPath: input.fingerprintedFile.path).path
            guard seen.insert(path).inserted else { continue }
            hasher.update(Data(path.utf8))
            hasher.update(Data((digest ?? "").utf8))
        }
        if let directory = referenceDirectory {
            for (index, name) in ReferenceTables.publishedFileNames.enumerated() {
                hasher.update(Data(directory.appendingPathComponent(name).path.utf8))
                if index < referenceContents.count { hasher.update(referenceContents[index]) }
            }
        }
        return hasher.finalizeHex()
    }

    /// The fingerprint `contentSHA256` gives, of the files as they are now: the trade files
    /// the dataset was read from (a zip entry's archive whole) and its reference tables. A
    /// missing file counts as empty.
    package func sha256OfFilesNow() -> String {
        let hasher = SHA256()
        var seen = Set<String>()
        for source in sources {
            var url = URL(fileURLWithPath: source)
            // A zip entry is named `archive.zip/entry.txt`: fingerprint the archive.
            while !FileManager.default.fileExists(atPath: url.path) && url.path != "/" { url.deleteLastPathComponent() }
            guard seen.insert(url.path).inserted else { continue }
            hasher.update(Data(url.path.utf8))
            hasher.update(Data(SHA256.hex(of: Self.contents(of: url)).utf8))
        }
        if let directory = names.reference.directory {
            for name in ReferenceTables.publishedFileNames {
                let url = directory.appendingPathComponent(name)
                hasher.update(Data(url.path.utf8))
                hasher.update(Self.contents(of: url))
            }
        }
        return hasher.finalizeHex()
    }

    /// A file's bytes (read, not mapped: a file truncated under a mapping kills the process);
    /// none when it cannot be read.
    private static func contents(of url: URL) -> Data { (try? Data(contentsOf: url)) ?? Data() }
}
