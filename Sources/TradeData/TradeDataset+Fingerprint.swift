import Checksums
import Foundation

extension TradeDataset {
    /// SHA-256 of the files a dataset was read from, from the bytes parsed (never read again:
    /// a file rewritten since would give the fingerprint of another version). The same bytes,
    /// in the same order, as fingerprinting the files on disk: each trade file once (a zip
    /// archive whole, once for all its entries), then each reference table, each as its path
    /// then its contents.
    static func contentSHA256(inputs: [TradeInput], bytes: [Data], referenceDirectory: URL?,
                              referenceContents: [Data]) -> String {
        let hasher = SHA256()
        var seen = Set<String>()
        for (input, data) in zip(inputs, bytes) {
            let path = URL(fileURLWithPath: input.fingerprintedFile.path).path
            guard seen.insert(path).inserted else { continue }
            hasher.update(Data(path.utf8))
            hasher.update(data)
        }
        if let directory = referenceDirectory {
            for (index, name) in ReferenceTables.publishedFileNames.enumerated() {
                hasher.update(Data(directory.appendingPathComponent(name).path.utf8))
                if index < referenceContents.count { hasher.update(referenceContents[index]) }
            }
        }
        return hasher.finalizeHex()
    }
}
