import ArgumentParser
import FicheCommandLine
import Foundation

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
        let executable = try FicheExecutable.path()
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
        let start = ContinuousClock.now
        guard posix_spawn(&pid, executable, &fileActions, nil, argv, environ) == 0 else {
            throw ValidationError("cannot start \(executable)")
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let wall = (ContinuousClock.now - start) / .seconds(1)
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: logPath)
        guard status == 0 else { throw ValidationError("fiche bulk failed (status \(status)):\n\(log.suffix(2000))") }
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        let fiches = log.split(separator: "\n").filter { $0.hasPrefix("[") }.count
        return Measure(wall: wall, cpu: cpu, maxRSSMB: Double(usage.ru_maxrss) / 1024, fiches: fiches)
    }
}
