import ProjectFiles
import Foundation
import Manifest

extension BulkManifest {
    /// Writes both manifests atomically (the entries sorted by code).
    func write(to directory: URL) throws {
        let sorted = self.sorted
        try AtomicFile.write(try sorted.json(), to: directory.appendingPathComponent(Self.jsonFileName))
        try AtomicFile.write(Data(sorted.csv().utf8), to: directory.appendingPathComponent(Self.csvFileName))
    }

    /// The manifest a previous run left in `directory`, or nil when there is none. A
    /// `manifest.json` or `manifest.csv` there that `fiche bulk` did not write (another
    /// tool's, the user's own) is refused rather than replaced without a word.
    static func readOwn(in directory: URL) throws -> BulkManifest? {
        let csvURL = directory.appendingPathComponent(csvFileName)
        if let csv = try readIfPresent(csvURL) {
            let header = BulkManifest(year: 0, dataSource: "", dataSHA256: "", toolVersion: "", generatedFrom: "", fiches: []).csv()
            guard csv.starts(with: Data(header.utf8)) else {
                throw BulkError.foreignManifest(path: csvURL.path, reason: "its first line is not the header fiche bulk writes")
            }
        }
        let jsonURL = directory.appendingPathComponent(jsonFileName)
        guard let json = try readIfPresent(jsonURL) else { return nil }
        if let manifest = try? JSONDecoder().decode(BulkManifest.self, from: json) { return manifest }
        // An older fiche's manifest (other fields) is still ours: replaced, its fiches rendered again.
        if let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any], object["fiches"] is [Any],
           object["tool_version"] != nil {
            return nil
        }
        throw BulkError.foreignManifest(path: jsonURL.path, reason: "it is not the JSON manifest fiche bulk writes")
    }

    /// The bytes of `url`, nil when nothing is there; only a regular file is read.
    private static func readIfPresent(_ url: URL) throws -> Data? {
        var status = stat()
        guard lstat(url.path, &status) == 0 else { return nil }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw BulkError.foreignManifest(path: url.path, reason: "it is not a regular file")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw BulkError.foreignManifest(path: url.path, reason: "it cannot be read (\(plainReason(of: error)))")
        }
    }
}
