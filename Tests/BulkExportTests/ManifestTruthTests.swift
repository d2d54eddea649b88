@testable import Checksums
import Foundation
@testable import Manifest
import Synchronization
@testable import TestScratch
import Testing
@testable import BulkExport
@testable import TradeData

/// A producer that, each time it is asked for a fiche, checks what a `kill -9` at that moment
/// would leave: every entry of `manifest.json` and `manifest.csv` on disk must match its file.
/// Its fiches carry `salt`, so that two runs write different bytes (other data, other template).
final class ManifestCheckingProducer: FicheProducer, Sendable {
    let directory: URL
    let salt: String
    private let found = Mutex<[String]>([])
    /// What did not match, at which moment.
    var mismatches: [String] { found.withLock { $0 } }

    init(directory: URL, salt: String) {
        self.directory = directory
        self.salt = salt
    }

    func produceFiche(_ report: DepartementReport, territories: IndustryTerritories?, to url: URL) throws -> Int {
        let code = report.departement.code
        let problems = Self.entriesNotMatchingTheirFiles(in: directory).map { "before rendering \(code): \($0)" }
        found.withLock { $0 += problems }
        try Data("%PDF-1.4\n% fiche \(code) \(salt)\n%%EOF\n".utf8).write(to: url)
        return 1
    }

    /// The complete entries of both manifests of `directory` whose file differs from them.
    static func entriesNotMatchingTheirFiles(in directory: URL) -> [String] {
        var listed: [(source: String, file: String, sha256: String?, bytes: Int?)] = []
        if let json = BulkManifest.read(from: directory) {
            listed += json.fiches.filter(\.isComplete).map { ("json", $0.file, $0.sha256, $0.bytes) }
        }
        if let csv = try? String(contentsOf: directory.appendingPathComponent("manifest.csv"), encoding: .utf8) {
            for line in csv.components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
                let f = line.components(separatedBy: ";")
                if f[9] != "failed" { listed.append(("csv", f[3], f[6], Int(f[5]))) }
            }
        }
        return listed.compactMap { entry in
            guard let data = try? Data(contentsOf: directory.appendingPathComponent(entry.file)) else {
                return "manifest.\(entry.source) lists \(entry.file), which is missing"
            }
            let matches = SHA256.hex(of: data) == entry.sha256 && data.count == entry.bytes
            return matches ? nil : "manifest.\(entry.source) gives \(entry.file) a SHA-256 or size that is not its file's"
        }
    }
}

@Suite struct ManifestTruthTests {
    static let codes = ["95", "78", "75", "13"]

    func run(into directory: URL, salt: String, force: Bool = true, jobs: Int = 1) throws -> (BulkSummary, ManifestCheckingProducer) {
        let producer = ManifestCheckingProducer(directory: directory, salt: salt)
        let options = BulkOptions(outputDirectory: directory, departements: Self.codes, jobs: jobs, force: force,
                                  inputsKey: salt, generatedFrom: "test", toolVersion: "test")
        let summary = try BulkExporter(aggregates: BulkExporterTests.aggregates, territories: nil, dataSHA256: salt,
                                       options: options, progress: SilentProgress()) { producer }.run()
        return (summary, producer)
    }

    @Test(arguments: [1, 2])
    func atEveryMomentOfARunOverAnEarlierOneTheManifestsListOnlyFilesAsTheyAre(jobs: Int) throws {
        let dir = Scratch.root.appendingPathComponent("truth-\(UUID().uuidString.prefix(8))")
        _ = try run(into: dir, salt: "first data", jobs: jobs)
        // The second run replaces every fiche: a kill between a fiche's rename and the next
        // writing of the manifest must not leave the first run's checksum beside the new file.
        let (summary, producer) = try run(into: dir, salt: "other data", jobs: jobs)
        #expect(summary.rendered == Self.codes.count)
        #expect(producer.mismatches.isEmpty, "\(producer.mismatches)")
        #expect(ManifestCheckingProducer.entriesNotMatchingTheirFiles(in: dir).isEmpty)
        #expect(BulkManifest.read(from: dir)?.fiches.count == Self.codes.count)
    }

    @Test func aFicheWithoutAnEntryIsRenderedAgainByTheNextRun() throws {
        let dir = Scratch.root.appendingPathComponent("truth-\(UUID().uuidString.prefix(8))")
        _ = try run(into: dir, salt: "first data")
        // A kill after a fiche's rename, before its entry was written: the file is new, unlisted.
        var manifest = try #require(BulkManifest.read(from: dir))
        manifest.fiches.removeAll { $0.code == "95" }
        try manifest.write(to: dir)
        try Data("%PDF-1.4\n% a newer 95\n%%EOF\n".utf8).write(to: dir.appendingPathComponent("95-val-d-oise.pdf"))
        let (summary, _) = try run(into: dir, salt: "first data", force: false)
        #expect(summary.rendered == 1 && summary.upToDate == 3)
        #expect(ManifestCheckingProducer.entriesNotMatchingTheirFiles(in: dir).isEmpty)
        #expect(BulkManifest.read(from: dir)?.fiches.map(\.code) == ["13", "75", "78", "95"])
    }

    @Test(arguments: [("manifest.json", "{\"my\": \"own notes\"}\n"), ("manifest.csv", "id,amount\n1,2\n")])
    func aManifestFicheBulkDidNotWriteIsRefusedAndLeftAlone(name: String, content: String) throws {
        let dir = Scratch.root.appendingPathComponent("truth-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let mine = dir.appendingPathComponent(name)
        try Data(content.utf8).write(to: mine)
        let error = #expect(throws: BulkError.self) { _ = try run(into: dir, salt: "data") }
        #expect(error?.description == "\(mine.path) was not written by fiche bulk (\(name.hasSuffix("json") ? "it is not the JSON manifest fiche bulk writes" : "its first line is not the header fiche bulk writes")); fiche bulk will not replace it: move it elsewhere, or give another output folder with --output")
        #expect(try String(contentsOf: mine, encoding: .utf8) == content)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [name])
    }

    @Test func aManifestOfAnOlderFicheIsReplacedAndItsFichesRenderedAgain() throws {
        let dir = Scratch.root.appendingPathComponent("truth-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("{\"tool_version\": \"0.0.1\", \"fiches\": [{\"code\": \"95\"}]}".utf8).write(to: dir.appendingPathComponent("manifest.json"))
        let (summary, _) = try run(into: dir, salt: "data", force: false)
        #expect(summary.rendered == Self.codes.count)
        #expect(BulkManifest.read(from: dir)?.fiches.count == Self.codes.count)
    }
}
