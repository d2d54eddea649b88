import Dispatch
@testable import Fiche
import Foundation
import Synchronization
@testable import TestScratch
import Testing
@testable import TradeData

/// The same report gives the same PDF bytes whatever renderer draws it, whatever that
/// renderer drew before, and whatever other renderers do at the same time.
@Suite(.serialized) struct RenderDeterminismTests {
    static func render(_ renderer: FicheRenderer, _ report: DepartementReport, in dir: URL, name: String) throws -> Data {
        let url = dir.appendingPathComponent(name)
        _ = try renderer.render(report, territories: Fixtures.territories, to: url)
        return try Data(contentsOf: url)
    }

    @Test func aSecondRendererDrawsTheSameBytesAsTheFirst() throws {
        let dir = Scratch.directory("determinism")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try FicheRenderer(options: FicheOptions())
        let a = try Self.render(first, Fixtures.report, in: dir, name: "a.pdf")
        let again = try Self.render(first, Fixtures.report, in: dir, name: "a2.pdf")
        #expect(a == again, "the same renderer drew different bytes the second time")
        let second = try FicheRenderer(options: FicheOptions())
        let b = try Self.render(second, Fixtures.report, in: dir, name: "b.pdf")
        #expect(a == b, "a second renderer drew different bytes")
    }

    /// Fresh renderers (cold fonts, as each `fiche bulk` worker starts) on three threads at once,
    /// three départements each, round after round, draw what one renderer alone draws. With
    /// Pango's font-metrics computation unguarded, a renderer drew justified lines differently
    /// for all of its fiches in about one run of this test out of three (the small fixture year
    /// has little text); `ConcurrentLayoutTests` in Canvas catches that race in every run.
    @Test func freshRenderersDrawingAtTheSameTimeDrawWhatOneRendererDrawsAlone() throws {
        let dir = Scratch.directory("determinism")
        defer { try? FileManager.default.removeItem(at: dir) }
        let reports = try ["95", "75", "13"].map { try Fixtures.aggregates.report(for: $0) }
        let alone = try FicheRenderer(options: FicheOptions())
        let reference = try reports.map { try Self.render(alone, $0, in: dir, name: "alone-\($0.departement.code).pdf") }
        let threads = 3
        for round in 1...6 {
            let drawn = Mutex([String: Data]())
            let failures = Mutex([String]())
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                do {
                    let renderer = try FicheRenderer(options: FicheOptions())
                    // Each thread starts with a different département, as bulk workers do.
                    for i in 0..<reports.count {
                        let report = reports[(i + thread) % reports.count]
                        let data = try Self.render(renderer, report, in: dir, name: "r\(round)-t\(thread)-\(report.departement.code).pdf")
                        drawn.withLock { $0["\(thread) \(report.departement.code)"] = data }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
            var differing: [String] = []
            for thread in 0..<threads {
                for (report, expected) in zip(reports, reference) {
                    let key = "\(thread) \(report.departement.code)"
                    if drawn.withLock({ $0[key] }) != expected { differing.append(key) }
                }
            }
            #expect(differing.isEmpty, "round \(round): thread and département \(differing) differ from the renderer alone")
            if !differing.isEmpty { break }
        }
    }
}
