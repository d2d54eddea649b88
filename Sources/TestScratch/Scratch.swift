import Foundation

/// Temporary folders for tests: all under one folder of this test process, removed when
/// the process exits, so a test run leaves nothing behind in the system's temporary folder
/// even when a test fails half-way.
enum Scratch {
    /// This process's own folder, made on first use.
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fiche-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { Scratch.removeRoot() }
        return url
    }()

    /// A new empty folder, its name starting with `label`.
    static func directory(_ label: String = "test") -> URL {
        let url = root.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            fatalError("cannot create the test folder \(url.path): \(error)")
        }
        return url
    }

    /// A path for a new file (not created), its name ending with `name`.
    static func file(_ name: String) -> URL {
        root.appendingPathComponent("\(UUID().uuidString.prefix(8))-\(name)")
    }

    static func removeRoot() {
        try? FileManager.default.removeItem(at: root)
    }
}
