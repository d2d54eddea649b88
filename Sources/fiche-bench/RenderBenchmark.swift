import Fiche
import Foundation
import TradeData

/// Timing of `FicheRenderer.render`: one fiche from aggregated data, split into charts, text
/// layout and PDF writing.
enum RenderBenchmark {
    /// The figures of a run, in seconds.
    struct Result: Sendable {
        /// Renderer creation (fonts, template, hyphenation patterns): once per task.
        var setup: Double
        /// One entry per timed render.
        var renders: [RenderTimings]
        var pageCount: Int

        static func median(_ v: [Double]) -> Double { let s = v.sorted(); return s.isEmpty ? 0 : s[s.count / 2] }

        /// A report in milliseconds.
        var summary: String {
            let total = Self.median(renders.map(\.total))
            let charts = Self.median(renders.map(\.charts)), text = Self.median(renders.map(\.textLayout)),
                pdf = Self.median(renders.map(\.pdf)), finishing = Self.median(renders.map(\.finishing)),
                writing = Self.median(renders.map(\.writing))
            let finishingBest = renders.map(\.finishing).min() ?? 0
            func pct(_ x: Double) -> Double { total > 0 ? x / total * 100 : 0 }
            return String(format: """
                render: one fiche (%d pages) from aggregated data: median %.1f ms, best %.1f ms over %d renders
                  charts (layout + painting):                  %.1f ms (%.0f %%)
                  text layout (template, hyphenation, pango):  %.1f ms (%.0f %%)
                  PDF drawing (cairo, in memory):              %.1f ms (%.0f %%)
                  PDF/UA and PDF/A finishing (+ JSON, CSV):    %.1f ms (%.0f %%), best %.1f ms
                  writing the file:                            %.1f ms (%.0f %%)
                  renderer setup (fonts, template, patterns; once per task): %.1f ms
                """, pageCount, total * 1000, (renders.map(\.total).min() ?? 0) * 1000, renders.count,
                charts * 1000, pct(charts), text * 1000, pct(text), pdf * 1000, pct(pdf), finishing * 1000, pct(finishing),
                finishingBest * 1000, writing * 1000, pct(writing), setup * 1000)
        }
    }

    /// Renders `report` once to warm up, then `iterations` times, into a temporary file.
    static func run(report: DepartementReport, territories: IndustryTerritories?, iterations: Int = 20,
                           options: FicheOptions = FicheOptions()) throws -> Result {
        var clock = Stopwatch()
        let renderer = try FicheRenderer(options: options)
        let setup = clock.lap()
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("render-bench-\(getpid()).pdf")
        defer { try? FileManager.default.removeItem(at: url) }
        var pages = try renderer.render(report, territories: territories, to: url).pageCount
        var renders: [RenderTimings] = []
        for _ in 0..<max(1, iterations) {
            // A new file each time, as `fiche render` and `fiche bulk` write (overwriting a
            // file makes the file system flush it, which they never pay).
            try? FileManager.default.removeItem(at: url)
            pages = try renderer.render(report, territories: territories, to: url).pageCount
            renders.append(renderer.lastTimings)
        }
        return Result(setup: setup, renders: renders, pageCount: pages)
    }
}
