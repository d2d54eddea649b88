import ArgumentParser
import FicheCommandLine
import Foundation
import TradeData

/// Several years of data against one: `fiche inspect 95` (peak memory and time with four years)
/// and `fiche bulk --force --jobs 1` (time with five years), each as a child process, on copies
/// of the demo year relabelled as earlier years (the full size of a year, unlike the demo's
/// coarser past years). The settings alternate, A B A B, and the medians are printed.
struct YearsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "years",
        abstract: "Print the memory and time of four (inspect) and five (bulk) full years of data against one year.")

    @Option(help: "Pairs of runs (one setting then the other); the medians are printed.")
    var runs: Int = 3

    @Flag(help: "Skip the bulk runs (inspect only).")
    var inspectOnly = false

    func run() throws {
        let executable = try FicheExecutable.path()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fiche-bench-years-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = try DemoYear.cachedDirectory()
        func folder(_ years: Int) throws -> String {
            let dir = root.appendingPathComponent("\(years)-years")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for flow in TradeFlow.allCases {
                let source = try Data(contentsOf: demo.appendingPathComponent(DemoYear.fileName(flow)))
                for year in (DemoYear.year - years + 1)...DemoYear.year {
                    try Self.relabel(source, as: year).write(to: dir.appendingPathComponent(DemoYear.fileName(flow, year: year)))
                }
            }
            return dir.path
        }
        // A B A B…: the two settings alternate, so that the machine's drift touches both; medians.
        func pairs(_ a: [String], _ b: [String]) throws -> (BulkBench.Measure, BulkBench.Measure) {
            var first: [BulkBench.Measure] = [], second: [BulkBench.Measure] = []
            for _ in 0..<max(1, runs) {
                first.append(try BulkBench.measure(executable, a))
                second.append(try BulkBench.measure(executable, b))
            }
            func median(_ m: [BulkBench.Measure]) -> BulkBench.Measure { m.sorted { $0.wall < $1.wall }[m.count / 2] }
            return (median(first), median(second))
        }
        let one = try folder(1), four = try folder(4), five = try folder(5)
        let (i1, i4) = try pairs(["inspect", "95", "--json", "--data", one], ["inspect", "95", "--json", "--data", four])
        print(String(format: "inspect 95, one year: %.2f s, peak memory %.0f MB; four years: %.2f s, %.0f MB", i1.wall, i1.maxRSSMB, i4.wall, i4.maxRSSMB))
        print(String(format: "four years against one: memory %.2f× (target ≤ 1.5×), time %.2f×", i4.maxRSSMB / i1.maxRSSMB, i4.wall / i1.wall))
        guard !inspectOnly else { return }
        let output = root.appendingPathComponent("out").path
        let (b1, b5) = try pairs(["bulk", "--force", "--plain", "--jobs", "1", "--output", output, "--data", one],
                                 ["bulk", "--force", "--plain", "--jobs", "1", "--output", output, "--data", five])
        print(String(format: "bulk --jobs 1, one year: %.2f s (CPU %.2f s); five years: %.2f s (CPU %.2f s)", b1.wall, b1.cpu, b5.wall, b5.cpu))
        print(String(format: "five years against one: time %.2f× (target ≤ 1.3×), memory %.2f×", b5.wall / b1.wall, b5.maxRSSMB / b1.maxRSSMB))
    }

    /// A year's file with every line's year field (`F;Q;YYYY;…`) set to `year`.
    static func relabel(_ data: Data, as year: Int) -> Data {
        var bytes = [UInt8](data)
        let digits = Array(String(year).utf8)
        var start = 0
        while start + 8 < bytes.count {
            if bytes[start + 3] == 0x3B && bytes[start + 8] == 0x3B { bytes.replaceSubrange((start + 4)..<(start + 8), with: digits) }
            guard let end = bytes[start...].firstIndex(of: 0x0A) else { break }
            start = end + 1
        }
        return Data(bytes)
    }
}
