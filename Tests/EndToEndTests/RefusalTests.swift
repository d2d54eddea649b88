import Foundation
import Testing

/// What the tool refuses, as a user meets it: empty paths, outputs that are not regular files,
/// standard output that cannot be written, devices given as data.
@Suite struct RefusalTests {
    /// A folder holding a small trade file (`trade.txt`), removed by the caller.
    static func smallData() throws -> URL {
        let dir = FicheTool.temporaryDirectory()
        try SmallTradeData.write(into: dir)
        return dir
    }

    /// Runs `fiche` with standard output going to `/dev/full`.
    static func runIntoFullDevice(_ arguments: [String], in dir: URL) throws -> (status: Int32, stderr: String) {
        let process = FicheTool.prepared(arguments, in: dir)
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? full.close() }
        process.standardOutput = full
        let err = Pipe()
        process.standardError = err
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [
        (["render", "95", "--output", ""], "--output: the path is empty"),
        (["bulk", "--output", ""], "--output: the path is empty"),
        (["bulk", "--zip", ""], "--zip: the path is empty"),
        (["charts", "95", "--output", ""], "--output: the path is empty"),
        (["inspect", "95", "--data", ""], "--data: the path is empty"),
        (["bulk", "--only", ""], "--only: no département code given"),
        (["bulk", "--only", " , "], "--only: no département code given"),
        (["mail", "--recipients", "r.csv", "--from", "a@example.org", "--dry-run", "x", "--campaign", ""], "--campaign: the name is empty"),
    ])
    func emptyPathsAndSelectionsAreErrors(arguments: [String], message: String) throws {
        let dir = FicheTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try FicheTool.run(arguments, in: dir)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "something was written")
    }

    @Test func renderRefusesToReplaceASymbolicLinkAndLeavesItsTargetAlone() throws {
        let dir = try Self.smallData()
        defer { try? FileManager.default.removeItem(at: dir) }
        let precious = dir.appendingPathComponent("precious.txt")
        try "keep".write(to: precious, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("fiche.pdf"), withDestinationURL: precious)
        let result = try FicheTool.run(["render", "95", "--data", "trade.txt", "--output", "fiche.pdf"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("fiche.pdf is a symbolic link, not a regular file: refusing to replace it"), "\(result.stderr)")
        #expect(try String(contentsOf: precious, encoding: .utf8) == "keep")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.appendingPathComponent("fiche.pdf").path) == precious.path)
    }

    @Test func bulkRefusesAZipPathThatIsNotARegularFileBeforeRendering() throws {
        let dir = try Self.smallData()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(mkfifo(dir.appendingPathComponent("pipe.zip").path, 0o600) == 0)
        let result = try FicheTool.run(["bulk", "--data", "trade.txt", "--only", "95", "--output", "out", "--zip", "pipe.zip", "--plain"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("pipe.zip is a named pipe (FIFO), not a regular file"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test(arguments: [["list"], ["inspect", "95", "--data", "trade.txt"], ["inspect", "95", "--data", "trade.txt", "--json"]])
    func aStandardOutputThatCannotBeWrittenIsAnError(arguments: [String]) throws {
        let dir = try Self.smallData()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Self.runIntoFullDevice(arguments, in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("error: cannot write to standard output: No space left on device"), "\(result.stderr)")
    }

    @Test func aDeviceGivenAsDataIsCalledADevice() throws {
        let dir = FicheTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try FicheTool.run(["inspect", "95", "--data", "/dev/zero"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("/dev/zero: this is a character device, not a file"), "\(result.stderr)")
    }
}
