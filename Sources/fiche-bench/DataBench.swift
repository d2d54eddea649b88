import ArgumentParser
import FicheCommandLine
import Foundation
import TradeData

/// Reading and aggregation speed on the demo year (or given data).
struct DataBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Time reading the trade files and aggregating every département; print peak memory.")

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .customLong("repeat"), help: "Repetitions (the best and median are printed).")
    var repetitions: Int = 5

    func run() throws {
        try reportingErrors {
            let first = try dataOptions.loadDataset()  // warms the cache and the page cache
            let year = first.defaultYear() ?? DemoYear.year
            var single: [Double] = [], both: [Double] = [], aggregate: [Double] = [], total: [Double] = []
            var bytes = 0, lines = 0, singleBytes = 0.0, singleLines = 0.0
            for _ in 0..<max(1, repetitions) {
                // One file on one core: the parser's own speed.
                let perFile = try singleCoreParse(first)
                single.append(perFile.seconds)
                singleBytes = perFile.bytes; singleLines = perFile.lines
                let t0 = ContinuousClock.now
                let dataset = try dataOptions.loadDatasetQuietly()
                let t1 = ContinuousClock.now
                bytes = dataset.byteCount; lines = dataset.lineCount
                both.append((t1 - t0) / .seconds(1))
                let t2 = ContinuousClock.now
                let aggregates = try TradeAggregates(dataset: dataset, year: year)
                for dep in dataset.geography.departements { _ = try aggregates.report(for: dep.code) }
                let t3 = ContinuousClock.now
                aggregate.append((t3 - t2) / .seconds(1))
                total.append((t3 - t0) / .seconds(1))
            }
            let mb = Double(bytes) / 1_000_000
            print("data: \(lines) lines, \(String(format: "%.1f", mb)) MB in \(first.chunks.count) files; year \(year)")
            print(String(format: "read, one file on one core:  %.0f MB/s, %.1f M lines/s (best)",
                         singleBytes / best(single) / 1_000_000, singleLines / best(single) / 1_000_000))
            print(String(format: "read, all files in parallel: %.3f s best, %.3f s median (%.0f MB/s)", best(both), median(both), mb / best(both)))
            print(String(format: "aggregate all %d départements: %.3f s best, %.3f s median", first.geography.departements.count, best(aggregate), median(aggregate)))
            print(String(format: "read + aggregate: %.3f s best, %.3f s median", best(total), median(total)))
            print(String(format: "peak memory (max RSS): %.0f MB", peakMemoryMB()))
        }
    }

    /// Parses the largest file again on this thread alone.
    private func singleCoreParse(_ dataset: TradeDataset) throws -> (seconds: Double, bytes: Double, lines: Double) {
        guard let largest = dataset.chunks.max(by: { $0.byteCount < $1.byteCount }) else { return (0, 0, 0) }
        let path = largest.source
        let t0 = ContinuousClock.now
        let again = try TradeDataset.load(paths: [URL(fileURLWithPath: path)], referenceDirectory: nil)
        let seconds = (ContinuousClock.now - t0) / .seconds(1)
        return (seconds, Double(again.byteCount), Double(again.lineCount))
    }

    private func best(_ xs: [Double]) -> Double { xs.min() ?? 0 }
    private func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s.isEmpty ? 0 : s[s.count / 2] }
}

extension DataOptions {
    /// Loads without the notes printed on standard error (for repeated benchmark runs).
    func loadDatasetQuietly() throws -> TradeDataset {
        if data.isEmpty {
            return try TradeDataset.load(paths: [try DemoYear.cachedDirectory()], skipBadLines: skipBadLines, isDemo: true)
        }
        return try TradeDataset.load(paths: data.map { URL(fileURLWithPath: $0) },
                                     referenceDirectory: referenceDir.map(URL.init(fileURLWithPath:)), skipBadLines: skipBadLines)
    }
}

/// Peak resident memory of this process, in megabytes.
func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
}
