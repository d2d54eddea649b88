// A real SMTP server on 127.0.0.1 for tests and the benchmark: scripts/smtp-test-server.py
// (Debian's python3-aiosmtpd) started as a child process, stopped with this object.

import Foundation
import Synchronization

/// Why the test SMTP server could not start.
enum LoopbackSMTPServerError: Error, CustomStringConvertible {
    case noPython(tried: [String])
    case scriptNotFound(String)
    case didNotStart(String)

    var description: String {
        switch self {
        case let .noPython(tried):
            return "no Python with aiosmtpd found (tried \(tried.joined(separator: ", "))); install python3-aiosmtpd (scripts/install-deps.sh) or set FICHE_PYTHON"
        case let .scriptNotFound(path): return "SMTP test server script not found: \(path)"
        case let .didNotStart(why): return "SMTP test server did not start: \(why)"
        }
    }
}

/// A message the test server stored.
package struct StoredMessage: Sendable {
    /// The file name stem ("00001").
    var name: String
    var mailFrom: String
    var recipients: [String]
    /// The message bytes as received.
    package var data: Data
}

/// An aiosmtpd server on a free loopback port, for tests and benchmarks only.
package final class LoopbackSMTPServer {
    /// What the server should do wrong.
    package struct Behaviour: Sendable {
        /// Answer the first N end-of-data with 451.
        var temporaryFailures: Int = 0
        /// Addresses answered 550 at RCPT TO.
        var rejectedRecipients: [String] = []
        /// After N stored messages, drop the connection at the next MAIL FROM and exit.
        var dropAfter: Int? = nil
        /// Store message N+1, then drop the connection before answering its end of data, and exit.
        var dropAfterData: Int? = nil
        /// Require AUTH with these credentials.
        var credentials: (user: String, password: String)? = nil
        /// Offer and require STARTTLS with this certificate and key (PEM files).
        var tls: (certificate: String, key: String)? = nil
        /// Seconds after which the server stops by itself.
        var lifetime: TimeInterval = 600

        package init(temporaryFailures: Int = 0, rejectedRecipients: [String] = [], dropAfter: Int? = nil, dropAfterData: Int? = nil,
                    credentials: (user: String, password: String)? = nil, tls: (certificate: String, key: String)? = nil,
                    lifetime: TimeInterval = 600) {
            self.tls = tls
            self.dropAfterData = dropAfterData
            self.temporaryFailures = temporaryFailures
            self.rejectedRecipients = rejectedRecipients
            self.dropAfter = dropAfter
            self.credentials = credentials
            self.lifetime = lifetime
        }
    }

    let port: Int
    let storeDirectory: URL
    private let process: Process
    private let stdinPipe: Pipe
    private let stderrURL: URL

    /// `smtp://127.0.0.1:<port>`.
    package var url: String { "smtp://127.0.0.1:\(port)" }

    /// Starts `script` (scripts/smtp-test-server.py) storing messages in `storeDirectory`, and
    /// waits (at most `startTimeout` seconds) until it accepts connections.
    package init(script: URL, storeDirectory: URL, behaviour: Behaviour = Behaviour(), startTimeout: TimeInterval = 20) throws {
        guard FileManager.default.fileExists(atPath: script.path) else { throw LoopbackSMTPServerError.scriptNotFound(script.path) }
        let python = try Self.python()
        try FileManager.default.createDirectory(at: storeDirectory, withIntermediateDirectories: true)
        self.storeDirectory = storeDirectory
        var arguments = [script.path, "--store", storeDirectory.path, "--lifetime", String(Int(behaviour.lifetime))]
        if behaviour.temporaryFailures > 0 { arguments += ["--temp-fail", String(behaviour.temporaryFailures)] }
        for r in behaviour.rejectedRecipients { arguments += ["--reject", r] }
        if let n = behaviour.dropAfter { arguments += ["--drop-after", String(n)] }
        if let n = behaviour.dropAfterData { arguments += ["--drop-after-data", String(n)] }
        if let c = behaviour.credentials { arguments += ["--auth", "\(c.user):\(c.password)"] }
        if let t = behaviour.tls { arguments += ["--tls-cert", t.certificate, "--tls-key", t.key] }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u"] + arguments
        let stdinPipe = Pipe()
        let stdoutPipe = Pipe()
        stderrURL = storeDirectory.deletingLastPathComponent().appendingPathComponent("smtp-server-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        self.process = process
        self.stdinPipe = stdinPipe

        // Read "READY <port>" on a helper thread, bounded by the timeout.
        let firstLine = Mutex("")
        let ready = DispatchSemaphore(value: 0)
        let reader = stdoutPipe.fileHandleForReading
        Thread.detachNewThread {
            var buffer = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                buffer += chunk
                if buffer.contains(UInt8(ascii: "\n")) { break }
            }
            let text = String(decoding: buffer, as: UTF8.self)
            firstLine.withLock { $0 = text }
            ready.signal()
        }
        let waited = ready.wait(timeout: .now() + startTimeout)
        let line = firstLine.withLock { $0 }.trimmingCharacters(in: .whitespacesAndNewlines)
        guard waited == .success, line.hasPrefix("READY "), let port = Int(line.dropFirst(6)) else {
            process.terminate()
            let log = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
            throw LoopbackSMTPServerError.didNotStart(waited == .success ? "\(line) \(log)" : "timeout. \(log)")
        }
        self.port = port
    }

    deinit { stop() }

    /// Stops the server (closing its standard input, then SIGTERM) and waits for it to exit.
    package func stop() {
        try? stdinPipe.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Whether the server process is still running.
    var isRunning: Bool { process.isRunning }

    /// The server's log (stderr).
    var log: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// The messages stored so far, in arrival order.
    package func storedMessages() throws -> [StoredMessage] {
        try Self.storedMessages(in: storeDirectory)
    }

    /// The messages stored in `directory` by any server run, in arrival order.
    static func storedMessages(in directory: URL) throws -> [StoredMessage] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        return try names.map { name in
            let stem = String(name.dropLast(5))
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name))) as? [String: Any] ?? [:]
            return StoredMessage(
                name: stem, mailFrom: meta["mail_from"] as? String ?? "", recipients: meta["rcpt_tos"] as? [String] ?? [],
                data: try Data(contentsOf: directory.appendingPathComponent(stem + ".eml")))
        }
    }

    /// A Python 3 that can import aiosmtpd: `$FICHE_PYTHON`, Debian's `/usr/bin/python3`, or
    /// `python3` on the PATH.
    static func python() throws -> String {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["FICHE_PYTHON"], !env.isEmpty { candidates.append(env) }
        candidates.append("/usr/bin/python3")
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(String(dir) + "/python3")
        }
        var tried: [String] = []
        for candidate in candidates where !tried.contains(candidate) {
            tried.append(candidate)
            guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: candidate)
            p.arguments = ["-c", "import aiosmtpd"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            do { try p.run() } catch { continue }
            p.waitUntilExit()
            if p.terminationStatus == 0 { return candidate }
        }
        throw LoopbackSMTPServerError.noPython(tried: tried)
    }

    /// The repository's `scripts/smtp-test-server.py`, found walking up from `start`.
    package static func locateScript(from start: URL) -> URL? {
        var dir = start.standardizedFileURL
        for _ in 0..<12 {
            let candidate = dir.appendingPathComponent("scripts/smtp-test-server.py")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }
}
