import Foundation
import Synchronization
@testable import TestScratch
import Testing

/// Runs the built `fiche` tool as a user would, and captures what it prints.
enum FicheTool {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `fiche` executable built beside the test bundle.
    static let executable: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // The test bundle runs as `…/debug/fichePackageTests.xctest` (or a helper inside it).
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("fiche")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/fiche")
    }()

    /// The demo cache shared by the end-to-end tests (kept between runs, ignored by git).
    static let cacheDirectory = repositoryRoot.appendingPathComponent(".build/test-cache").path

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        let stdoutData: Data
    }

    /// A `fiche` process with the tests' demo cache and temporary folder, not started.
    static func prepared(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["FICHE_CACHE_DIR"] = cacheDirectory
        // What the tool writes to its temporary folder goes with the tests' own.
        env["TMPDIR"] = Scratch.root.path
        for (k, v) in environment { env[k] = v }
        process.environment = env
        return process
    }

    /// Starts `fiche` in the background, its output discarded (for tests that kill it).
    static func startSilently(_ arguments: [String]) throws -> Process {
        let process = prepared(arguments)
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `fiche` with arguments, in `directory` (default: a fresh temporary folder).
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = prepared(arguments, in: directory ?? temporaryDirectory(), environment: environment)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so a large output cannot block it.
        let collected = Mutex(Data())
        let group = DispatchGroup()
        group.enter()
        let reader = out.fileHandleForReading
        DispatchQueue.global().async {
            let data = reader.readDataToEndOfFile()
            collected.withLock { $0 = data }
            group.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let outData = collected.withLock { $0 }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    /// Runs a Debian tool (pdfinfo, qpdf, python3…) from /usr/bin, output and errors together;
    /// records an issue when it is missing.
    static func external(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        let candidates = ["/usr/bin/\(name)", "/usr/local/bin/\(name)"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("\(name) is not installed (scripts/install-deps.sh installs poppler-utils and qpdf)")
            return (-1, "")
        }
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A fresh temporary folder (Scratch makes it).
    static func temporaryDirectory() -> URL {
        Scratch.directory("e2e")
    }

    /// A shared fixture that could not be made: fails the tests that use it, with its reason.
    struct FixtureFailure: Error, CustomStringConvertible {
        let description: String
    }
}
