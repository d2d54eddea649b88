import Foundation

/// Receives the events of a bulk run, from any worker thread (calls are serialised by
/// the exporter for `done`, not for `working`).
public protocol BulkProgress: AnyObject, Sendable {
    func started(total: Int, upToDate: Int, toRender: Int)
    func working(on code: String, name: String)
    func done(_ entry: BulkManifest.Entry, summary: BulkSummary)
    func finished(_ summary: BulkSummary)
}

/// Progress for a terminal: one live line redrawn in place — a bar, done/total, rate,
/// time left and the département in hand.
public final class TerminalProgress: BulkProgress, @unchecked Sendable {
    private let output: FileHandle
    private let lock = NSLock()
    private var total = 0, toRender = 0, finishedCount = 0
    private var start = Date()
    private var current = ""
    private let width: Int

    public init(output: FileHandle = .standardError, width: Int = 28) {
        self.output = output
        self.width = width
    }

    public func started(total: Int, upToDate: Int, toRender: Int) {
        lock.lock(); defer { lock.unlock() }
        self.total = total
        self.toRender = toRender
        start = Date()
        if upToDate > 0 { write("\(upToDate) fiche\(upToDate > 1 ? "s" : "") already up to date\n") }
        redraw()
    }

    public func working(on code: String, name: String) {
        lock.lock(); defer { lock.unlock() }
        current = "\(code) \(name)"
        redraw()
    }

    public func done(_ entry: BulkManifest.Entry, summary: BulkSummary) {
        lock.lock(); defer { lock.unlock() }
        finishedCount += 1
        if entry.status == .failed {
            write("\r\u{1B}[2K✗ \(entry.code) \(entry.name): \(entry.error ?? "failed")\n")
        }
        redraw()
    }

    public func finished(_ summary: BulkSummary) {
        lock.lock(); defer { lock.unlock() }
        write("\r\u{1B}[2K" + BulkReport.summaryLine(summary) + "\n")
    }

    private func redraw() {
        guard toRender > 0 else { return }
        let fraction = Double(finishedCount) / Double(toRender)
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(finishedCount) / elapsed : 0
        let left = rate > 0 ? Double(toRender - finishedCount) / rate : 0
        let line = String(format: "%@ %d/%d  %.1f fiches/s  %@ left  %@", bar, finishedCount, toRender, rate,
                          BulkReport.duration(left), current)
        write("\r\u{1B}[2K" + line)
    }

    /// A failure to write progress (stderr closed or full) must not stop the run: ignored.
    private func write(_ text: String) { try? output.write(contentsOf: Data(text.utf8)) }
}

/// Progress for logs and CI: one plain line per fiche, then the summary.
public final class LineProgress: BulkProgress, @unchecked Sendable {
    private let output: FileHandle
    private let lock = NSLock()
    private var toRender = 0, finishedCount = 0

    public init(output: FileHandle = .standardError) { self.output = output }

    public func started(total: Int, upToDate: Int, toRender: Int) {
        lock.lock(); defer { lock.unlock() }
        self.toRender = toRender
        write("\(total) fiche\(total > 1 ? "s" : ""): \(toRender) to render, \(upToDate) up to date\n")
    }

    public func working(on code: String, name: String) {}

    public func done(_ entry: BulkManifest.Entry, summary: BulkSummary) {
        lock.lock(); defer { lock.unlock() }
        finishedCount += 1
        let what: String
        switch entry.status {
        case .failed: what = "FAILED: \(entry.error ?? "unknown error")"
        default: what = "\(entry.file) (\(entry.pages ?? 0) pages, \((entry.bytes ?? 0) / 1024) KiB)"
        }
        write("[\(finishedCount)/\(toRender)] \(entry.code) \(entry.name): \(what)\n")
    }

    public func finished(_ summary: BulkSummary) {
        lock.lock(); defer { lock.unlock() }
        write(BulkReport.summaryLine(summary) + "\n")
    }

    /// A failure to write progress (stderr closed or full) must not stop the run: ignored.
    private func write(_ text: String) { try? output.write(contentsOf: Data(text.utf8)) }
}

/// Wording shared by the progress reporters.
public enum BulkReport {
    /// "rendered 98, up to date 0, failed 2 in 2.8 s (35.0 fiches/s)".
    public static func summaryLine(_ s: BulkSummary) -> String {
        var line = "rendered \(s.rendered), up to date \(s.upToDate), failed \(s.failed.count)"
        if s.interrupted { line += ", not started \(s.notStarted) (interrupted)" }
        line += String(format: " in %.1f s", s.seconds)
        if s.rendered > 0 && s.seconds > 0 { line += String(format: " (%.1f fiches/s)", Double(s.rendered) / s.seconds) }
        if s.rendered == 0 && s.failed.isEmpty && !s.interrupted { line += " — nothing to do, everything is up to date" }
        for failure in s.failed { line += "\n  failed: \(failure.code): \(failure.error)" }
        return line
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.0f s", seconds.rounded(.up)) : String(format: "%d min %02d s", Int(seconds) / 60, Int(seconds) % 60)
    }
}
