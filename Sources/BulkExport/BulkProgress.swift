import Foundation
import Manifest
import Synchronization

/// Receives the events of a bulk run, from any worker thread (calls are serialised by
/// the exporter for `done`, not for `working`).
package protocol BulkProgress: AnyObject, Sendable {
    func started(total: Int, upToDate: Int, toRender: Int)
    func working(on code: String, name: String)
    func done(_ entry: BulkManifest.Entry, summary: BulkSummary)
    func finished(_ summary: BulkSummary)
}

/// Progress for a terminal: one live line redrawn in place — a bar, done/total, rate,
/// time left and the département in hand.
package final class TerminalProgress: BulkProgress {
    private let output: FileHandle
    private let width: Int
    private let state = Mutex(State())

    private struct State {
        var total = 0, toRender = 0, finishedCount = 0
        var start = ContinuousClock.now
        var current = ""
    }

    package init(output: FileHandle = .standardError, width: Int = 28) {
        self.output = output
        self.width = width
    }

    package func started(total: Int, upToDate: Int, toRender: Int) {
        state.withLock { state in
            state.total = total
            state.toRender = toRender
            state.start = ContinuousClock.now
            if upToDate > 0 { write("\(upToDate) fiche\(upToDate > 1 ? "s" : "") already up to date\n") }
            redraw(state)
        }
    }

    package func working(on code: String, name: String) {
        state.withLock { state in
            state.current = "\(code) \(name)"
            redraw(state)
        }
    }

    package func done(_ entry: BulkManifest.Entry, summary: BulkSummary) {
        state.withLock { state in
            state.finishedCount += 1
            if entry.status == .failed {
                write("\r\u{1B}[2K✗ \(entry.code) \(entry.name): \(entry.error ?? "failed")\n")
            }
            redraw(state)
        }
    }

    package func finished(_ summary: BulkSummary) {
        state.withLock { _ in write("\r\u{1B}[2K" + BulkReport.summaryLine(summary) + "\n") }
    }

    private func redraw(_ state: State) {
        guard state.toRender > 0 else { return }
        let fraction = Double(state.finishedCount) / Double(state.toRender)
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let elapsed = (ContinuousClock.now - state.start) / .seconds(1)
        let rate = elapsed > 0 ? Double(state.finishedCount) / elapsed : 0
        let left = rate > 0 ? Double(state.toRender - state.finishedCount) / rate : 0
        let line = String(format: "%@ %d/%d  %.1f fiches/s  %@ left  %@", bar, state.finishedCount, state.toRender, rate,
                          BulkReport.duration(left), state.current)
        write("\r\u{1B}[2K" + line)
    }

    /// A failure to write progress (stderr closed or full) must not stop the run: ignored.
    private func write(_ text: String) { try? output.write(contentsOf: Data(text.utf8)) }
}

/// Progress for logs and CI: one plain line per fiche, then the summary.
package final class LineProgress: BulkProgress {
    private let output: FileHandle
    /// Fiches to render and fiches done so far.
    private let counts = Mutex((toRender: 0, finished: 0))

    package init(output: FileHandle = .standardError) { self.output = output }

    package func started(total: Int, upToDate: Int, toRender: Int) {
        counts.withLock { counts in
            counts.toRender = toRender
            write("\(total) fiche\(total > 1 ? "s" : ""): \(toRender) to render, \(upToDate) up to date\n")
        }
    }

    package func working(on code: String, name: String) {}

    package func done(_ entry: BulkManifest.Entry, summary: BulkSummary) {
        counts.withLock { counts in
            counts.finished += 1
            let what: String
            switch entry.status {
            case .failed: what = "FAILED: \(entry.error ?? "unknown error")"
            default: what = "\(entry.file) (\(entry.pages ?? 0) pages, \((entry.bytes ?? 0) / 1024) KiB)"
            }
            write("[\(counts.finished)/\(counts.toRender)] \(entry.code) \(entry.name): \(what)\n")
        }
    }

    package func finished(_ summary: BulkSummary) {
        counts.withLock { _ in write(BulkReport.summaryLine(summary) + "\n") }
    }

    /// A failure to write progress (stderr closed or full) must not stop the run: ignored.
    private func write(_ text: String) { try? output.write(contentsOf: Data(text.utf8)) }
}

/// Wording shared by the progress reporters.
enum BulkReport {
    /// "rendered 98, up to date 0, failed 2 in 2.8 s (35.0 fiches/s)".
    static func summaryLine(_ s: BulkSummary) -> String {
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
