import Foundation
import TradeData
import Testing

/// `fiche bulk` killed with SIGKILL at random moments (no chance to clean up), each time
/// followed by a re-run: every PDF left is complete, and after the re-run the manifest lists
/// exactly the PDFs present, with their checksums.
///
/// `FICHE_KILL_ROUNDS` sets the number of kills (default 3 in the suite; `make kill-test` runs 20).
@Suite(.serialized) struct BulkKillTests {
    static let arguments = ["bulk", "--only", SmallTradeData.departements.joined(separator: ","), "--jobs", "2", "--plain"]

    /// Starts `fiche bulk --force` into `out`, kills it after `delay` seconds, and says whether it
    /// was still running when killed.
    static func killedRun(data: URL, out: URL, after delay: Double) throws -> Bool {
        let process = try FicheTool.startSilently(arguments + ["--data", data.path, "--force", "--output", out.path])
        usleep(useconds_t(delay * 1_000_000))
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return wasRunning
    }

    /// The PDFs of a folder (temporary files excluded).
    static func pdfs(in dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".pdf") && !$0.hasPrefix(".") }.sorted()
    }

    static func expectEveryPDFComplete(in dir: URL, round: Int) throws {
        for pdf in try pdfs(in: dir) {
            let check = try FicheTool.external("qpdf", ["--check", dir.appendingPathComponent(pdf).path])
            #expect(check.status == 0, "round \(round): \(pdf) is not a complete PDF: \(check.output)")
        }
    }

    /// The manifest lists exactly the PDFs present, each with its file's SHA-256 and size.
    static func expectManifestMatchesFolder(_ dir: URL, round: Int) throws {
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("manifest.json"))) as? [String: Any]
        let entries = (manifest?["fiches"] as? [[String: Any]] ?? []).filter { $0["status"] as? String != "failed" }
        #expect(entries.compactMap { $0["file"] as? String }.sorted() == (try pdfs(in: dir)), "round \(round)")
        for entry in entries {
            guard let file = entry["file"] as? String else { continue }
            let sum = try FicheTool.external("sha256sum", [dir.appendingPathComponent(file).path])
            #expect(sum.output.split(separator: " ").first.map(String.init) == entry["sha256"] as? String, "round \(round): \(file)")
        }
    }

    @Test func killedAtRandomMomentsThenRerunTheFolderStaysWholeAndListed() throws {
        let rounds = Int(ProcessInfo.processInfo.environment["FICHE_KILL_ROUNDS"] ?? "") ?? 3
        let dir = FicheTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let data = try SmallTradeData.write(into: dir)
        let arguments = Self.arguments + ["--data", data.path, "--output", out.path]
        // A first complete run: how long a forced run takes, to aim the kills inside it.
        let start = Date()
        let first = try FicheTool.run(arguments, in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let span = max(Date().timeIntervalSince(start), 0.5)
        var rng = SplitMix64(seed: 11)
        var killedWhileRunning = 0
        for round in 1...rounds {
            let delay = Double.random(in: 0.05...span, using: &rng)
            if try Self.killedRun(data: data, out: out, after: delay) { killedWhileRunning += 1 }
            try Self.expectEveryPDFComplete(in: out, round: round)
            let rerun = try FicheTool.run(arguments, in: dir)
            #expect(rerun.status == 0, "round \(round): \(rerun.stderr)")
            try Self.expectEveryPDFComplete(in: out, round: round)
            try Self.expectManifestMatchesFolder(out, round: round)
            #expect(try Self.pdfs(in: out).count == SmallTradeData.departements.count)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp-") }.isEmpty)
        }
        print("bulk kill test: \(rounds) SIGKILLs (\(killedWhileRunning) while running, forced run \(String(format: "%.1f", span)) s), every PDF complete, manifest exact")
        #expect(killedWhileRunning > 0)
    }
}
