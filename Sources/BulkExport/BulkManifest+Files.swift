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
}
