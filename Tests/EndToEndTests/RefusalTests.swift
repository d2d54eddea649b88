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
        #expect(result.status == 1, "the README's status for what the tool refuses")
        #expect(result.stderr.contains("error: " + message), "\(result.stderr)")
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

    @Test(arguments: [["--help"], ["--version"], ["bulk", "--help"], ["mail", "--help"]])
    func helpOrVersionThatCannotBeWrittenIsAnError(arguments: [String]) throws {
        let dir = FicheTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Self.runIntoFullDevice(arguments, in: dir)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("error: cannot write to standard output: No space left on device"), "\(result.stderr)")
    }

    @Test func aBusyPortIsSaidInPlainWordsBeforeServingIsAnnounced() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(listener, raw, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, raw, &length) == 0
            }
        }
        try #require(listening)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let result = try FicheTool.run(["serve", "--port", "\(port)"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: cannot listen on 127.0.0.1:\(port): the port is already in use "
                                       + "(is another fiche serve running? choose another with --port)"), "\(result.stderr)")
        #expect(!result.stderr.contains("serving year"), "\(result.stderr)")
        #expect(!result.stderr.contains("errno"), "\(result.stderr)")
    }

    /// `--zip` into a 256 kB tmpfs, too small for the fiches (mounting needs root: skipped otherwise).
    @Test func bulkZipOnAFullDiskSaysTheDiskIsFull() throws {
        let dir = try Self.smallData()
        defer { try? FileManager.default.removeItem(at: dir) }
        let disk = dir.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        guard (try? FicheTool.external("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.path]))?.status == 0 else { return }
        defer { _ = try? FicheTool.external("umount", [disk.path]) }
        let zip = disk.appendingPathComponent("all.zip")
        let result = try FicheTool.run(["bulk", "--data", "trade.txt", "--output", "out", "--zip", zip.path, "--plain",
                                        "--only", SmallTradeData.departements.joined(separator: ",")], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: cannot write the zip archive \(zip.path): the disk is full"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).isEmpty, "nothing half-written is left")
    }

    @Test func aSystemErrorIsSaidInPlainWordsNotAsFoundationsDomainAndCode() throws {
        let result = try FicheTool.run(["demo-data", "--output", "/proc/fiche-cannot-be-here"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: /proc/fiche-cannot-be-here: no such file or folder"), "\(result.stderr)")
        #expect(!result.stderr.contains("Domain="), "\(result.stderr)")
    }

    @Test func aDeviceGivenAsDataIsCalledADevice() throws {
        let dir = FicheTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try FicheTool.run(["inspect", "95", "--data", "/dev/zero"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("/dev/zero: this is a character device, not a file"), "\(result.stderr)")
    }
}
