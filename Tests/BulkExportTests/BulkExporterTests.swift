@testable import Checksums
import Foundation
@testable import ProjectFiles
@testable import Manifest
import Synchronization
@testable import TestScratch
import Testing
@testable import BulkExport
@testable import TradeData
import ZIPFoundation

/// A producer for these tests: a small valid one-page PDF naming the département, or a
/// failure for chosen codes. (The real renderer is exercised end to end by EndToEndTests.)
final class TestProducer: FicheProducer, Sendable {
    let failing: Set<String>
    private let renderedCodes = Mutex<[String]>([])
    /// The codes rendered so far, in order.
    var rendered: [String] { renderedCodes.withLock { $0 } }

    init(failing: Set<String> = []) { self.failing = failing }

    struct Failure: Error, CustomStringConvertible { let description: String }

    func produceFiche(_ report: DepartementReport, territories: IndustryTerritories?, to url: URL) throws -> Int {
        let code = report.departement.code
        if failing.contains(code) { throw Failure(description: "no room left on device (simulated for \(code))") }
        renderedCodes.withLock { $0.append(code) }
        try Data("%PDF-1.4\n% fiche \(code) \(report.exports.totalEUR)\n%%EOF\n".utf8).write(to: url)
        return 1
    }
}

final class SilentProgress: BulkProgress {
    func started(total: Int, upToDate: Int, toRender: Int) {}
    func working(on code: String, name: String) {}
    func done(_ entry: BulkManifest.Entry, summary: BulkSummary) {}
    func finished(_ summary: BulkSummary) {}
}

@Suite struct BulkExporterTests {
    /// A four-département year, aggregated once; one that cannot be built fails the tests that
    /// use it, not the whole run.
    static var aggregates: TradeAggregates { get throws { try builtAggregates.get() } }
    static let builtAggregates = Result { () throws -> TradeAggregates in
        let lines = ["95", "78", "75", "13"].flatMap { code in
            ["E;1;2024;\(code);03;C21Z;2120;US;\(code.utf8.count * 1000 + Int(code)!);1",
             "I;1;2024;\(code);03;C26A;2611;CN;\(Int(code)! * 10);1"]
        }
        let url = Scratch.file("bulk.txt")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return try TradeAggregates(dataset: try TradeDataset.load(paths: [url]), year: 2024)
    }

    func temporaryDirectory() -> URL {
        Scratch.root.appendingPathComponent("bulk-out-\(UUID().uuidString.prefix(8))")
    }

    func export(_ codes: [String], into directory: URL, producer: TestProducer = TestProducer(), force: Bool = false,
                inputsKey: String = "k1", jobs: Int = 2) throws -> BulkSummary {
        let options = BulkOptions(outputDirectory: directory, departements: codes, jobs: jobs, force: force,
                                  inputsKey: inputsKey, generatedFrom: "test", toolVersion: "test")
        return try BulkExporter(aggregates: Self.aggregates, territories: nil, dataSHA256: "data", options: options,
                                progress: SilentProgress()) { producer }.run()
    }

    @Test func aSubsetRunWritesItsFichesAndAManifestDescribingThem() throws {
        let dir = temporaryDirectory()
        let summary = try export(["95", "78"], into: dir)
        #expect(summary.rendered == 2 && summary.failed.isEmpty)
        let manifest = try #require(BulkManifest.read(from: dir))
        #expect(manifest.fiches.map(\.file) == ["78-yvelines.pdf", "95-val-d-oise.pdf"])
        for entry in manifest.fiches {
            let data = try Data(contentsOf: dir.appendingPathComponent(entry.file))
            #expect(entry.sha256 == SHA256.hex(of: data))
            #expect(entry.bytes == data.count)
            #expect(entry.status == .rendered && entry.pages == 1 && entry.region == "Île-de-France")
        }
        #expect(manifest.fiches.first { $0.code == "95" }?.exportsEUR == 2095)
        let csv = try String(contentsOf: dir.appendingPathComponent("manifest.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("code;name;region;file;pages;bytes;sha256;exports_eur;imports_eur;status;error;inputs_sha256;kind\r\n"))
        #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 3)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("manifest.json"))) as! [String: Any]
        for key in ["year", "data_source", "data_sha256", "tool_version", "generated_from", "fiches"] { #expect(json[key] != nil, "\(key)") }
    }

    @Test func aSecondRunRendersNothingAndAChangedInputRendersAgain() throws {
        let dir = temporaryDirectory()
        _ = try export(["95", "78"], into: dir)
        let producer = TestProducer()
        let second = try export(["95", "78"], into: dir, producer: producer)
        #expect(second.rendered == 0 && second.upToDate == 2 && producer.rendered.isEmpty)
        #expect(BulkReport.summaryLine(second).contains("nothing to do, everything is up to date"))
        #expect(BulkManifest.read(from: dir)?.fiches.allSatisfy { $0.status == .upToDate } == true)
        let third = try export(["95", "78"], into: dir, inputsKey: "k2")  // e.g. another --level or template
        #expect(third.rendered == 2)
        let forced = try export(["95"], into: dir, force: true, inputsKey: "k2")
        #expect(forced.rendered == 1)
        // The fiche outside the selection stays listed.
        #expect(BulkManifest.read(from: dir)?.fiches.map(\.code) == ["78", "95"])
    }

    @Test func aDamagedFicheIsRenderedAgain() throws {
        let dir = temporaryDirectory()
        _ = try export(["95", "78"], into: dir)
        try Data("%PDF-broken".utf8).write(to: dir.appendingPathComponent("95-val-d-oise.pdf"))
        let producer = TestProducer()
        let summary = try export(["95", "78"], into: dir, producer: producer)
        #expect(producer.rendered == ["95"] && summary.upToDate == 1)
    }

    @Test func aFailingDepartementIsReportedAndTheOthersAreProduced() throws {
        let dir = temporaryDirectory()
        let summary = try export(["95", "78", "75"], into: dir, producer: TestProducer(failing: ["78"]))
        #expect(summary.rendered == 2)
        #expect(summary.failed.map(\.code) == ["78"])
        #expect(!summary.succeeded)
        let manifest = try #require(BulkManifest.read(from: dir))
        let failed = try #require(manifest.fiches.first { $0.code == "78" })
        #expect(failed.status == .failed && failed.sha256 == nil)
        #expect(failed.error == "no room left on device (simulated for 78)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("78-yvelines.pdf").path))
        #expect(BulkReport.summaryLine(summary).contains("failed: 78: no room left on device"))
        // Nothing half-written is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
                == ["75-paris.pdf", "95-val-d-oise.pdf", "manifest.csv", "manifest.json"])
    }

    @Test func leftoverTemporaryFilesOfAnInterruptedRunAreRemoved() throws {
        let dir = temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("%PDF-half".utf8).write(to: dir.appendingPathComponent(".95-val-d-oise.pdf.tmp-1234-abcd"))
        _ = try export(["95"], into: dir)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
                == ["95-val-d-oise.pdf", "manifest.csv", "manifest.json"])
    }

    @Test func theZipHoldsTheFichesAndTheManifests() throws {
        let dir = temporaryDirectory()
        let summary = try export(["95", "13"], into: dir)
        let zip = dir.deletingLastPathComponent().appendingPathComponent("\(dir.lastPathComponent).zip")
        try BulkArchive.write(summary.manifest!, from: dir, to: zip)
        let archive = try Archive(url: zip, accessMode: .read)
        #expect(archive.map(\.path).sorted() == ["13-bouches-du-rhone.pdf", "95-val-d-oise.pdf", "manifest.csv", "manifest.json"])
        var unpacked = Data()
        _ = try archive.extract(archive["95-val-d-oise.pdf"]!) { unpacked.append($0) }
        #expect(unpacked == (try Data(contentsOf: dir.appendingPathComponent("95-val-d-oise.pdf"))))
    }
}
