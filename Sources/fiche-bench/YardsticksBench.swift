import ArgumentParser
import FicheCommandLine
import Foundation
import ProjectFiles
import TradeData

/// `fiche-bench yardsticks`: where the project stands against its yardsticks (issue 24), side
/// by side in one run, A B A B, medians of the pairs:
/// - France's fiches (`fiche bulk --force --jobs 1`, reading included) against the naive C
///   program drawing the same volume with cairo + pango (`bench/yardsticks/cairo-floor.c`),
///   in CPU time (user + system);
/// - reading and aggregating the year (`fiche inspect 95 --json`, whole process) against
///   polars on the same files (`bench/yardsticks/polars_peer.py`), in wall time.
/// - the weight of the fiches made (median size, target 125 kB) and whether each font face is
///   embedded once (`pdffonts`, when poppler is installed).
/// A yardstick that cannot run here (no C compiler, polars not importable) is said and skipped.
struct YardsticksBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yardsticks",
        abstract: "Print the ratios of issue 24: fiches against the C floor's CPU, reading against polars.")

    @Option(help: "Pairs of runs (yardstick then fiche); the medians are printed.")
    var pairs: Int = 3

    @Option(help: """
        Pairs of runs for reading (polars then `fiche inspect`). An inspect lasts under a tenth of a \
        second and its wall time varies by half from run to run on a shared machine (0.065 or \
        0.095 s), so its median needs more runs than the fiches'.
        """)
    var readingPairs: Int = 11

    func run() throws {
        try reportingErrors {
            let fiche = try FicheExecutable.path()
            let sources = try ProjectFolder.assets().deletingLastPathComponent().appendingPathComponent("bench/yardsticks")
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("fiche-bench-yardsticks-\(getpid())")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            try compareWithFloor(fiche: fiche, sources: sources, work: work)
            try compareWithPolars(fiche: fiche, sources: sources)
        }
    }

    /// Medians (by `key`: CPU or wall time) of `pairs` alternating runs of `a` and `b`.
    func alternate(by key: (BulkBench.Measure) -> Double, pairs: Int? = nil, _ a: () throws -> BulkBench.Measure,
                   _ b: () throws -> BulkBench.Measure) rethrows -> (BulkBench.Measure, BulkBench.Measure) {
        var first: [BulkBench.Measure] = [], second: [BulkBench.Measure] = []
        for _ in 0..<max(1, pairs ?? self.pairs) {
            first.append(try a())
            second.append(try b())
        }
        func median(_ m: [BulkBench.Measure]) -> BulkBench.Measure { m.sorted { key($0) < key($1) }[m.count / 2] }
        return (median(first), median(second))
    }

    func compareWithFloor(fiche: String, sources: URL, work: URL) throws {
        let floor = work.appendingPathComponent("floor").path
        let flags = Self.output("/usr/bin/env", ["pkg-config", "--cflags", "--libs", "pangocairo"])?
            .split(whereSeparator: \.isWhitespace).map(String.init)
        guard let flags, Self.output("/usr/bin/env", ["cc", "-O2", sources.appendingPathComponent("cairo-floor.c").path] + flags + ["-o", floor]) != nil,
              FileManager.default.isExecutableFile(atPath: floor) else {
            print("C floor: not compiled (cc and pkg-config pangocairo are needed): skipped")
            return
        }
        let output = work.appendingPathComponent("bulk").path
        // The floor writes floor.pdf where it runs: in the work folder.
        let here = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(work.path)
        defer { FileManager.default.changeCurrentDirectoryPath(here) }
        let (c, f) = try alternate(by: \.cpu, { try BulkBench.measure(floor, ["100"]) },
                                   { try BulkBench.measure(fiche, ["bulk", "--force", "--plain", "--jobs", "1", "--output", output]) })
        print(String(format: "C floor, 100 fiches' volume: CPU %.2f s; fiche bulk --force -j 1 (France, reading included): CPU %.2f s", c.cpu, f.cpu))
        print(String(format: "fiches against the C floor: %.2f× its CPU (target ≤ 1.0×), medians of %d pairs", f.cpu / c.cpu, max(1, pairs)))
        try reportWeight(of: URL(fileURLWithPath: output))
    }

    /// The median size of the département fiches in `folder`, and how many embed a font face
    /// more than once.
    func reportWeight(of folder: URL) throws {
        let fiches = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.fileSizeKey])
            .filter { $0.pathExtension == "pdf" }
        let sizes = try fiches.map { Double(try $0.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0) / 1000 }.sorted()
        guard !sizes.isEmpty else { return }
        print(String(format: "fiches: median %.1f kB (target ≤ 125 kB), from %.1f to %.1f kB, %d fiches", sizes[sizes.count / 2],
                     sizes[0], sizes[sizes.count - 1], sizes.count))
        guard Self.output("/usr/bin/env", ["which", "pdffonts"]) != nil else {
            print("font faces: pdffonts (poppler-utils) not installed: not checked")
            return
        }
        let twice = fiches.filter { fiche in
            let faces = (Self.output("/usr/bin/env", ["pdffonts", fiche.path]) ?? "").split(separator: "\n").dropFirst(2)
                .compactMap { $0.split(separator: " ").first?.split(separator: "+").last }
            return faces.count != Set(faces).count
        }
        print("font faces: \(twice.isEmpty ? "each embedded once in every fiche" : "a face twice in \(twice.count) fiches") (pdffonts)")
    }

    func compareWithPolars(fiche: String, sources: URL) throws {
        guard Self.output("/usr/bin/env", ["python3", "-c", "import polars"]) != nil else {
            print("polars: not importable (pip install polars, or PYTHONPATH): skipped")
            return
        }
        let demo = try DemoYear.cachedDirectory()
        let files = ["Export", "Import"].map { demo.appendingPathComponent("Region_\(DemoYear.year)_\($0).txt").path }
        let python = Self.output("/usr/bin/env", ["which", "python3"])?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "/usr/bin/python3"
        let (p, f) = try alternate(by: \.wall, pairs: readingPairs,
                                   { try BulkBench.measure(python, [sources.appendingPathComponent("polars_peer.py").path] + files) },
                                   { try BulkBench.measure(fiche, ["inspect", "95", "--json", "--data", files[0], "--data", files[1]]) })
        print(String(format: "polars, the year read and aggregated: %.2f s; fiche inspect 95 --json: %.3f s (wall, whole process)", p.wall, f.wall))
        print(String(format: "reading against polars: %.1f× faster (target ≥ 10×), medians of %d pairs; fiche's peak memory %.0f MB",
                     p.wall / f.wall, max(1, readingPairs), f.maxRSSMB))
    }

    /// The standard output of a command that succeeded; nil otherwise.
    static func output(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
