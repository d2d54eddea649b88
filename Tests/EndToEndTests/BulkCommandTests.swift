import Foundation
import Testing

/// `fiche bulk` run as a user would: subsets, re-runs, failures, interruption, zip.
@Suite(.serialized) struct BulkCommandTests {
    static func manifest(_ dir: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("manifest.json"))) as! [String: Any]
    }

    static func entries(_ dir: URL) throws -> [[String: Any]] {
        try manifest(dir)["fiches"] as! [[String: Any]]
    }

    /// Every PDF of the folder is complete (qpdf --check) and listed by the manifest, and
    /// every complete manifest entry has its file with the listed checksum size.
    static func expectFolderConsistent(_ dir: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        let pdfs = names.filter { $0.hasSuffix(".pdf") }.sorted()
        let listed = try entries(dir).filter { $0["status"] as? String != "failed" }
        #expect(pdfs == listed.map { $0["file"] as! String }.sorted())
        for entry in listed {
            let url = dir.appendingPathComponent(entry["file"] as! String)
            let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
            #expect(size == entry["bytes"] as? Int)
        }
        for pdf in pdfs {
            let check = try FicheTool.external("qpdf", ["--check", dir.appendingPathComponent(pdf).path])
            #expect(check.status == 0, "\(pdf): \(check.output)")
        }
        #expect(!names.contains { $0.contains(".tmp-") && !$0.hasPrefix(".") })
    }

    @Test func aSubsetThenARerunThenAChangedOption() throws {
        let dir = FicheTool.temporaryDirectory()
        let first = try FicheTool.run(["bulk", "--only", "95,78", "--output", "out", "--plain"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let out = dir.appendingPathComponent("out")
        #expect(first.stderr.contains("rendered 2, up to date 0, failed 0"))
        #expect(first.stderr.contains("] 95 Val-d'Oise: 95-val-d-oise.pdf ("))
        try Self.expectFolderConsistent(out)
        let manifest = try Self.manifest(out)
        #expect(manifest["year"] as? Int == 2024 && manifest["data_source"] as? String == "demo")
        let valDOise = try #require(try Self.entries(out).first { $0["code"] as? String == "95" })
        #expect(valDOise["exports_eur"] as? Int == 24_188_700_000)
        #expect((valDOise["pages"] as? Int ?? 0) >= 8)

        // The bulk folder feeds `fiche mail`: a dry run writes one parseable message per recipient.
        try "departement;email;nom\n95;maire@example.org;Élodie Dupont\n78;contact@example.org;Jean Martin\n"
            .write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let mail = try FicheTool.run(["mail", "--recipients", "r.csv", "--fiches", "out", "--from", "TI <ti@example.org>",
                                      "--dry-run", "eml"], in: dir)
        #expect(mail.status == 0, "\(mail.stderr)")
        let parsed = try FicheTool.external("python3", ["-c", """
            import email, glob, sys
            from email import policy
            for f in sorted(glob.glob(sys.argv[1] + '/*.eml')):
                m = email.message_from_bytes(open(f, 'rb').read(), policy=policy.default)
                pdf = [p for p in m.iter_attachments() if p.get_content_type() == 'application/pdf'][0]
                same = pdf.get_content() == open(sys.argv[2] + '/' + pdf.get_filename(), 'rb').read()
                print(m['To'], '|', m['Subject'], '|', pdf.get_filename(), same, len(m.defects))
            """, dir.appendingPathComponent("eml").path, out.path])
        // The subject's typography uses no-break spaces (before ":"): compare with plain spaces.
        let messages = parsed.output.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
        #expect(messages.contains("Élodie Dupont <maire@example.org> | Les indicateurs clés : commerce extérieur – Val-d’Oise (2024) | 95-val-d-oise.pdf True 0"), "\(messages)")
        #expect(messages.contains("Jean Martin <contact@example.org> | Les indicateurs clés : commerce extérieur – Yvelines (2024) | 78-yvelines.pdf True 0"))

        let second = try FicheTool.run(["bulk", "--only", "95,78", "--output", "out", "--plain"], in: dir)
        #expect(second.status == 0)
        #expect(second.stderr.contains("rendered 0, up to date 2, failed 0"))
        #expect(second.stderr.contains("nothing to do"))

        let changed = try FicheTool.run(["bulk", "--only", "95,78", "--output", "out", "--plain", "--level", "cpf4"], in: dir)
        #expect(changed.status == 0)
        #expect(changed.stderr.contains("rendered 2, up to date 0"))
        try Self.expectFolderConsistent(out)

        let zip = try FicheTool.run(["bulk", "--only", "95,78", "--output", "out", "--plain", "--level", "cpf4", "--zip", "fiches.zip"], in: dir)
        #expect(zip.status == 0)
        let listing = try FicheTool.external("unzip", ["-Z1", dir.appendingPathComponent("fiches.zip").path])
        #expect(listing.output.split(separator: "\n").sorted() == ["78-yvelines.pdf", "95-val-d-oise.pdf", "manifest.csv", "manifest.json"])
    }

    @Test func aFailingDepartementIsReportedWhileTheOthersAreProduced() throws {
        let dir = FicheTool.temporaryDirectory()
        let out = dir.appendingPathComponent("out")
        // A folder where Yvelines' fiche should go: its fiche cannot be moved into place.
        try FileManager.default.createDirectory(at: out.appendingPathComponent("78-yvelines.pdf"), withIntermediateDirectories: true)
        let result = try FicheTool.run(["bulk", "--only", "95,78", "--output", "out", "--plain"], in: dir)
        #expect(result.status == 1)
        #expect(result.stderr.contains("rendered 1, up to date 0, failed 1"))
        #expect(result.stderr.contains("failed: 78: ") && result.stderr.contains("78-yvelines.pdf is a folder, not a regular file: refusing to replace it"))
        let entries = try Self.entries(out)
        #expect(entries.first { $0["code"] as? String == "78" }?["status"] as? String == "failed")
        #expect(entries.first { $0["code"] as? String == "95" }?["status"] as? String == "rendered")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("95-val-d-oise.pdf").path))
    }

    @Test func aKilledRunLeavesOnlyCompleteFichesAndARerunCompletesIt() throws {
        let dir = FicheTool.temporaryDirectory()
        let out = dir.appendingPathComponent("out")
        let run = try WatchedBulkRun(["bulk", "--region", "11", "--output", out.path, "--jobs", "1", "--plain"])
        // Kill it (no chance to clean up) once the first fiche is reported in place.
        #expect(run.waitForReportedFiches(1) == 1)
        run.killWithoutWarning()
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".pdf") && !$0.hasPrefix(".") }
        #expect(!left.isEmpty && left.count < 8)
        for pdf in left {
            #expect(try FicheTool.external("qpdf", ["--check", out.appendingPathComponent(pdf).path]).status == 0)
        }
        let rerun = try FicheTool.run(["bulk", "--region", "11", "--output", "out", "--plain"], in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        try Self.expectFolderConsistent(out)
        #expect(try Self.entries(out).count == 8)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func ctrlCFinishesTheFichesInHandWritesTheManifestAndExits130() throws {
        let dir = FicheTool.temporaryDirectory()
        let out = dir.appendingPathComponent("out")
        let run = try WatchedBulkRun(["bulk", "--output", out.path, "--jobs", "1", "--plain"])
        #expect(run.waitForReportedFiches(1) == 1)
        #expect(run.interrupt() == 130)
        let log = run.lines.joined(separator: "\n")
        #expect(log.contains("interrupted: finishing the fiches in hand, then writing the manifest"))
        #expect(log.contains("(interrupted)"))
        // The manifest lists exactly the fiches in place, each complete.
        try Self.expectFolderConsistent(out)
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".pdf") && !$0.hasPrefix(".") }
        #expect(!pdfs.isEmpty && pdfs.count < 100)
        #expect(try Self.entries(out).filter { $0["status"] as? String == "rendered" }.count == pdfs.count)
    }

    @Test func unknownCodesAndRegionsAreClearErrors() throws {
        let badCode = try FicheTool.run(["bulk", "--only", "95,96", "--output", "out"])
        #expect(badCode.status == 1)
        #expect(badCode.stderr.contains("unknown département code '96'; run `fiche list`"))
        let badRegion = try FicheTool.run(["bulk", "--region", "77", "--output", "out"])
        #expect(badRegion.status == 1)
        #expect(badRegion.stderr.contains("unknown région '77'; régions: 11 Île-de-France, 24 Centre-Val de Loire"))
    }
}
