import Foundation
import Testing

/// `fiche bulk` writes the same bytes whatever `--jobs`: one worker or several, run after run.
@Suite(.serialized) struct BulkDeterminismTests {
    @Test func bulkWithTwoJobsWritesTheSameBytesAsWithOneRepeatedly() throws {
        let dir = FicheTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The demo year: with Pango's font-metrics computation unguarded (see PangoMetricsGate
        // in Canvas), one worker of about one parallel run in three drew all of its fiches
        // differently, while the small test data gave identical bytes. Canvas'
        // ConcurrentLayoutTests catches that race in every run; this checks the whole tool.
        let only = ["--only", "95,78,75,13,01,20"]
        let reference = try FicheTool.run(["bulk"] + only + ["--jobs", "1", "--output", "one", "--plain"], in: dir)
        #expect(reference.status == 0, "\(reference.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("one").path)
            .filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(names.count == 6)
        for run in 1...3 {
            let parallel = try FicheTool.run(["bulk"] + only + ["--jobs", "2", "--force", "--output", "two", "--plain"], in: dir)
            #expect(parallel.status == 0, "\(parallel.stderr)")
            for name in names {
                let one = try Data(contentsOf: dir.appendingPathComponent("one/\(name)"))
                let two = try Data(contentsOf: dir.appendingPathComponent("two/\(name)"))
                #expect(one == two, "run \(run): \(name) differs between --jobs 1 and --jobs 2")
            }
        }
    }
}
