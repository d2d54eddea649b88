import Foundation

/// `fiche bulk --plain` running in the background, its progress lines read as they come, so a
/// test acts at an exact point of the run (once the Nth fiche is reported in place) rather
/// than after a delay that lands anywhere depending on the machine's load.
final class WatchedBulkRun {
    let process: Process
    private let stderr: FileHandle
    private var unread = Data()
    /// Progress lines read so far.
    private(set) var lines: [String] = []

    /// Starts `fiche ARGUMENTS` (which must hold `bulk` and `--plain`); standard output is discarded.
    init(_ arguments: [String]) throws {
        precondition(arguments.contains("--plain"), "one progress line per fiche is what the run is watched by")
        process = FicheTool.prepared(arguments)
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        stderr = pipe.fileHandleForReading
        try process.run()
    }

    /// The fiches reported done so far (lines "[k/n] code name: …").
    var reportedFiches: Int { lines.filter { $0.hasPrefix("[") }.count }

    /// Reads progress until the run has announced what it will render (its first line) and
    /// `count` fiches are reported done, or until it ends. Returns the fiches reported.
    @discardableResult
    func waitForReportedFiches(_ count: Int) -> Int {
        while lines.isEmpty || reportedFiches < count {
            let chunk = stderr.availableData
            if chunk.isEmpty { break }  // the run ended
            unread.append(chunk)
            while let newline = unread.firstIndex(of: 0x0A) {
                lines.append(String(decoding: unread[unread.startIndex..<newline], as: UTF8.self))
                unread.removeSubrange(unread.startIndex...newline)
            }
        }
        return reportedFiches
    }

    /// Ctrl-C (SIGINT): reads the rest of the run's standard error until it ends and returns
    /// its exit status.
    func interrupt() -> Int32 {
        kill(process.processIdentifier, SIGINT)
        while true {
            let chunk = stderr.availableData
            if chunk.isEmpty { break }
            unread.append(chunk)
        }
        lines += String(decoding: unread, as: UTF8.self).split(separator: "\n").map(String.init)
        unread.removeAll()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGKILL (no chance to clean up), then waits for the process to be gone.
    func killWithoutWarning() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? stderr.close()
    }
}
