import ArgumentParser
import Canvas
import FicheCommandLine
import Foundation
import ProjectFiles

/// `fiche-bench`: performance figures of the `fiche` tool, printed (never asserted in tests).
/// A separate executable, so that the shipped `fiche` holds no benchmark or test code.
@main
struct FicheBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fiche-bench",
        abstract: "Measure the performance of `fiche` (use release builds: `make bench`).",
        discussion: """
        `bulk` and `serve` run the `fiche` executable found beside this one (build both with \
        `swift build -c release`); the other benchmarks run the same code in this process.
        """,
        version: ToolInfo.version,
        subcommands: [DataBench.self, ChartsBench.self, RenderBench.self, BulkBench.self, YearsBench.self, MailBench.self, ServeBench.self,
                      YardsticksBench.self])

    /// cairo's process-wide switch is set before anything else runs, as `fiche` does.
    static func main() {
        PDFDocument.leaveStreamsUncompressed()
        main(nil)
    }
}

/// The `fiche` tool the child-process benchmarks run: the one built beside `fiche-bench`.
enum FicheExecutable {
    static func path() throws -> String {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sibling = own.deletingLastPathComponent().appendingPathComponent("fiche")
        guard FileManager.default.isExecutableFile(atPath: sibling.path) else {
            throw ValidationError("\(sibling.path) not found: build `fiche` beside `fiche-bench` (swift build -c release)")
        }
        return sibling.path
    }
}
