import Dispatch
import Synchronization
import Testing
@testable import Canvas

/// Text engines on several threads at once lay out text exactly as one engine alone does.
///
/// Pango 1.50 guards the computation of a font's metrics with one unsynchronised process-wide
/// flag; a thread that came upon it while another thread computed metrics cached an approximate
/// character width of 0 in its font, and its justified, hyphenated lines were then broken and
/// spaced differently (see `PangoMetricsGate`). Fresh engines (cold fonts) on four threads,
/// round after round, caught it within a few rounds when metrics were computed unguarded.
@Suite struct ConcurrentLayoutTests {
    static let text = "Les chif\u{AD}fres pré\u{AD}sen\u{AD}tés pro\u{AD}viennent des sta\u{AD}tis\u{AD}tiques dé\u{AD}par\u{AD}te\u{AD}men\u{AD}tales "
        + "et ré\u{AD}gio\u{AD}nales du com\u{AD}merce ex\u{AD}té\u{AD}rieur pu\u{AD}bliées par la Di\u{AD}rec\u{AD}tion gé\u{AD}né\u{AD}rale "
        + "des douanes et droits in\u{AD}di\u{AD}rects (DGDDI), qui ras\u{AD}semble les dé\u{AD}cla\u{AD}ra\u{AD}tions des en\u{AD}tre\u{AD}prises."

    /// Every face at several sizes, justified at two widths: each (face, size) is a fresh Pango
    /// font in a fresh engine, so each asks Pango for its metrics.
    static func layOut() throws -> [[Int32]] {
        let fonts = try FontLibrary(directory: fontDirectory)
        let engine = TextEngine(fonts: fonts)
        var widths: [[Int32]] = []
        for weight in FontWeight.allCases {
            for italic in [false, true] {
                let font = try fonts.font(family: "Inter", weight: weight, italic: italic)
                for size in [7.0, 8.0, 9.5, 11.0] {
                    for width in [150.0, 260.0] {
                        let style = TextStyle(font: font, size: size, alignment: .justify, lineSpacing: 1.3)
                        widths.append(ParagraphLayout(engine: engine, text: RichText(text), style: style, width: width).lineWidths)
                    }
                }
            }
        }
        return widths
    }

    @Test func freshEnginesOnFourThreadsBreakAndJustifyLinesLikeOneEngineAlone() throws {
        let reference = try Self.layOut()
        #expect(reference.allSatisfy { $0.count > 1 }, "every paragraph should wrap")
        let threads = 4
        for round in 1...12 {
            let results = Mutex([Int: [[Int32]]]())
            let failures = Mutex([String]())
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                do {
                    let widths = try Self.layOut()
                    results.withLock { $0[thread] = widths }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
            let differing = results.withLock { r in (0..<threads).filter { r[$0] != reference } }
            #expect(differing.isEmpty, "round \(round): threads \(differing) laid out lines differently from one engine alone")
            if !differing.isEmpty { break }
        }
    }
}
