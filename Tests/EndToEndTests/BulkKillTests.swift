import Foundation
import Testing

/// `fiche bulk` killed with SIGKILL (no chance to clean up) at chosen points of the run — before
/// any fiche is done, then after the first, the second… fiche is reported in place, while the
/// other worker is in the middle of its fiche — each time followed by a re-run: every PDF left
/// is complete, and after the re-run the manifest lists exactly the PDFs present, with their checksums.
///
/// `FICHE_KILL_ROUNDS` sets the number of kills (default 3 in the suite; `make kill-test` runs 20);
/// round r kills after (r − 1) mod (number of fiches) fiches.
@Suite(.serialized) struct BulkKillTests {
    static let arguments = ["bulk", "--only", SmallTradeData.departements.joined(separator: ","), "--jobs", "2", "--plain"]

    /// Starts `fiche bulk --force` into `out` and kills it once `fiches` fiches are reported
    /// done. Returns the fiches reported before the kill.
    static func killedRun(data: URL, out: URL, afterFiches fiches: Int) throws -> Int {
        let run = try WatchedBulkRun(arguments + ["--data", data.path, "--force", "--output", out.path])
        let reported = run.waitForReportedFiches(fiches)
        run.killWithoutWarning()
        return reported
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

    @Test func killedAfterEachNumberOfFichesThenRerunTheFolderStaysWholeAndListed() throws {
        let rounds = Int(ProcessInfo.processInfo.environment["FICHE_KILL_ROUNDS"] ?? "") ?? 3
        let dir = FicheTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let data = try SmallTradeData.write(into: dir)
        let arguments = Self.arguments + ["--data", data.path, "--output", out.path]
        let first = try FicheTool.run(arguments, in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let fiches = SmallTradeData.departements.count
        for round in 1...rounds {
            let killPoint = (round - 1) % fiches
            let reported = try Self.killedRun(data: data, out: out, afterFiches: killPoint)
            #expect(reported >= killPoint, "round \(round): the run ended before \(killPoint) fiches were reported")
            // Every fiche reported done is in place, and complete; so is any other PDF present.
            #expect(try Self.pdfs(in: out).count >= reported, "round \(round)")
            try Self.expectEveryPDFComplete(in: out, round: round)
            let rerun = try FicheTool.run(arguments, in: dir)
            #expect(rerun.status == 0, "round \(round): \(rerun.stderr)")
            try Self.expectEveryPDFComplete(in: out, round: round)
            try Self.expectManifestMatchesFolder(out, round: round)
            #expect(try Self.pdfs(in: out).count == fiches)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp-") }.isEmpty)
        }
    }
}
