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

    /// The same year with every amount one euro higher: other figures, other PDF bytes.
    static func otherData(besides data: URL, in dir: URL) throws -> URL {
        let text = try String(contentsOf: data, encoding: .utf8)
        let lines = text.split(separator: "\n").map { line -> String in
            var fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            fields[8] = String((Int(fields[8]) ?? 0) + 1)
            return fields.joined(separator: ";")
        }
        let folder = dir.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("trade.txt")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Killed over an earlier complete run made on other data: right after the kill, before any
    /// re-run, every entry of both manifests is its file (SHA-256 and size); the re-run lists all.
    @Test func killedOverARunOnOtherDataTheManifestsNeverDescribeAnotherFile() throws {
        let dir = FicheTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let first = try SmallTradeData.write(into: dir)
        let other = try Self.otherData(besides: first, in: dir)
        for (round, killPoint) in [1, 2, 4].enumerated() {
            let data = round % 2 == 0 ? first : other
            let earlier = try FicheTool.run(Self.arguments + ["--data", (round % 2 == 0 ? other : first).path, "--force", "--output", out.path], in: dir)
            #expect(earlier.status == 0, "\(earlier.stderr)")
            _ = try Self.killedRun(data: data, out: out, afterFiches: killPoint)
            try Self.expectEveryListedFileMatches(out, round: round)
            let rerun = try FicheTool.run(Self.arguments + ["--data", data.path, "--output", out.path], in: dir)
            #expect(rerun.status == 0, "round \(round): \(rerun.stderr)")
            try Self.expectManifestMatchesFolder(out, round: round)
            try Self.expectEveryListedFileMatches(out, round: round)
        }
    }

    /// Every complete entry of manifest.json and manifest.csv gives its file's SHA-256 and size.
    static func expectEveryListedFileMatches(_ dir: URL, round: Int) throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("manifest.json"))) as? [String: Any]
        var listed = (json?["fiches"] as? [[String: Any]] ?? []).filter { $0["status"] as? String != "failed" }
            .map { (source: "json", file: $0["file"] as? String ?? "", sha256: $0["sha256"] as? String, bytes: $0["bytes"] as? Int) }
        let csv = try String(contentsOf: dir.appendingPathComponent("manifest.csv"), encoding: .utf8)
        for line in csv.components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
            let f = line.components(separatedBy: ";")
            if f[9] != "failed" { listed.append((source: "csv", file: f[3], sha256: f[6], bytes: Int(f[5]))) }
        }
        for entry in listed {
            let data = try Data(contentsOf: dir.appendingPathComponent(entry.file))
            let sum = try FicheTool.external("sha256sum", [dir.appendingPathComponent(entry.file).path])
            #expect(sum.output.split(separator: " ").first.map(String.init) == entry.sha256 && data.count == entry.bytes,
                    "round \(round): manifest.\(entry.source) describes another \(entry.file)")
        }
    }
}
