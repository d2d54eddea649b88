import ArgumentParser
import Benchmarks
import Mailing
import SMTPTestServer
import Foundation
import TradeData

/// `fiche bench …`: performance figures, printed (never asserted in tests).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance (use a release build: `swift build -c release`).",
        subcommands: [DataBench.self, ChartsBench.self, RenderBench.self, BulkBench.self, MailBench.self, ServeBench.self])
}

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
                let t0 = Date()
                let dataset = try dataOptions.loadDatasetQuietly()
                let t1 = Date()
                bytes = dataset.byteCount; lines = dataset.lineCount
                both.append(t1.timeIntervalSince(t0))
                let t2 = Date()
                let aggregates = try TradeAggregates(dataset: dataset, year: year)
                for dep in dataset.geography.departements { _ = try aggregates.report(for: dep.code) }
                let t3 = Date()
                aggregate.append(t3.timeIntervalSince(t2))
                total.append(t3.timeIntervalSince(t0))
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
        let t0 = Date()
        let again = try TradeDataset.load(paths: [URL(fileURLWithPath: path)], referenceDirectory: nil)
        let seconds = Date().timeIntervalSince(t0)
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

/// The whole of France with `fiche bulk`, as a child process: wall time, fiches per
/// second, CPU use, peak memory, and the speed-up of `--jobs 2` over `--jobs 1`.
struct BulkBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk",
        abstract: "Time `fiche bulk --force` on every département with --jobs 1 and --jobs N; print CPU use and peak memory.")

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Jobs of the parallel run (default: one per core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Runs of each setting (the best is kept).")
    var runs: Int = 2

    struct Measure { var wall: Double; var cpu: Double; var maxRSSMB: Double; var fiches: Int }

    func run() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("fiche-bench-bulk-\(getpid())")
        defer { try? FileManager.default.removeItem(at: output) }
        let dataArguments = dataOptions.data.flatMap { ["--data", $0] }
            + (dataOptions.referenceDir.map { ["--reference-dir", $0] } ?? [])
        _ = try dataOptions.loadDatasetQuietly()  // the demo year is generated before timing
        var results: [Int: Measure] = [:]
        for jobCount in [1, jobs] where results[jobCount] == nil {
            var best: Measure?
            for _ in 0..<max(1, runs) {
                let m = try Self.measure(executable, ["bulk", "--force", "--plain", "--jobs", String(jobCount), "--output", output.path] + dataArguments)
                if best == nil || m.wall < best!.wall { best = m }
            }
            results[jobCount] = best!
            let m = best!
            print(String(format: "bulk --jobs %d: %d fiches in %.2f s wall (%.1f fiches/s), CPU %.2f s (%.0f %% of one core), peak memory %.0f MB",
                         jobCount, m.fiches, m.wall, Double(m.fiches) / m.wall, m.cpu, 100 * m.cpu / m.wall, m.maxRSSMB))
        }
        if let one = results[1], let many = results[jobs], jobs > 1 {
            print(String(format: "speed-up of --jobs %d over --jobs 1: %.2f×", jobs, one.wall / many.wall))
        }
    }

    /// Runs the tool as a child and reads its own resource usage (wait4).
    static func measure(_ executable: String, _ arguments: [String]) throws -> Measure {
        var pid: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent("fiche-bench-bulk-\(getpid()).log").path
        posix_spawn_file_actions_addopen(&fileActions, 2, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
        let start = Date()
        guard posix_spawn(&pid, executable, &fileActions, nil, argv, environ) == 0 else {
            throw ValidationError("cannot start \(executable)")
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let wall = Date().timeIntervalSince(start)
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: logPath)
        guard status == 0 else { throw ValidationError("fiche bulk failed (status \(status)):\n\(log.suffix(2000))") }
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        let fiches = log.split(separator: "\n").filter { $0.hasPrefix("[") }.count
        return Measure(wall: wall, cpu: cpu, maxRSSMB: Double(usage.ru_maxrss) / 1024, fiches: fiches)
    }
}

/// `fiche bench mail`: messages per second to a local SMTP server.
struct MailBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Send generated fiches to a local aiosmtpd server and print messages per second.")

    @Option(help: "Number of messages (one fiche each).")
    var count: Int = 100

    @Option(help: ArgumentHelp("Folder holding mail/ templates.", valueName: "dir"))
    var assets: String?

    func run() throws {
        try Self.runBenchmark(count: count, assets: assets)
    }

    static func runBenchmark(count: Int, assets: String?) throws {
        let assetsDir = try AssetLocator.assetsDirectory(explicit: assets)
        let templates = try MailTemplates(directory: assetsDir.appendingPathComponent("mail"))
        guard let script = LoopbackSMTPServer.locateScript(from: assetsDir.deletingLastPathComponent())
            ?? LoopbackSMTPServer.locateScript(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) else {
            throw ValidationError("scripts/smtp-test-server.py not found (run from the repository)")
        }
        let result = try MailBenchmark.run(count: count, serverScript: script, templates: templates, log: { printNote($0) })
        print(result)
    }
}

