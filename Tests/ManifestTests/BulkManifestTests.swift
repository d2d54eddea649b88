import Foundation
import Testing
@testable import CSV
@testable import Manifest

/// `manifest.json` and `manifest.csv`, the index of a bulk folder: their exact form, which
/// `fiche mail`, `fiche serve` and the users' spreadsheets read.
@Suite struct BulkManifestTests {
    static let rendered = BulkManifest.Entry(
        code: "95", name: "Val-d'Oise", region: "Île-de-France", file: "95-val-d-oise.pdf", pages: 8, bytes: 1234,
        sha256: "3c", exportsEUR: 24_188_700_000, importsEUR: 25_441_300_000, status: .rendered, inputsSHA256: "81")
    static let failed = BulkManifest.Entry(
        code: "78", name: "Yvelines", region: "Île-de-France", file: "78-yvelines.pdf", status: .failed,
        error: "cannot move; \"78-yvelines.pdf\"\nis a folder")
    static let manifest = BulkManifest(year: 2024, dataSource: "demo", dataSHA256: "ab", toolVersion: "0.1.0",
                                       generatedFrom: "fiche bulk", fiches: [rendered, failed])

    @Test func jsonHasSortedSnakeCaseKeysLeavesOutMissingValuesAndEndsWithANewline() throws {
        let json = String(decoding: try Self.manifest.sorted.json(), as: UTF8.self)
        #expect(json == """
        {
          "data_sha256" : "ab",
          "data_source" : "demo",
          "fiches" : [
            {
              "code" : "78",
              "error" : "cannot move; \\"78-yvelines.pdf\\"\\nis a folder",
              "file" : "78-yvelines.pdf",
              "kind" : "departement",
              "name" : "Yvelines",
              "region" : "Île-de-France",
              "status" : "failed"
            },
            {
              "bytes" : 1234,
              "code" : "95",
              "exports_eur" : 24188700000,
              "file" : "95-val-d-oise.pdf",
              "imports_eur" : 25441300000,
              "inputs_sha256" : "81",
              "kind" : "departement",
              "name" : "Val-d'Oise",
              "pages" : 8,
              "region" : "Île-de-France",
              "sha256" : "3c",
              "status" : "rendered"
            }
          ],
          "generated_from" : "fiche bulk",
          "tool_version" : "0.1.0",
          "year" : 2024
        }

        """)
    }

    @Test func jsonReadsBackToTheSameManifest() throws {
        let decoded = try JSONDecoder().decode(BulkManifest.self, from: try Self.manifest.json())
        #expect(decoded == Self.manifest)
    }

    @Test func aFolderWithoutAReadableManifestHasNone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(BulkManifest.read(from: dir) == nil)
        try Data("{".utf8).write(to: dir.appendingPathComponent(BulkManifest.jsonFileName))
        #expect(BulkManifest.read(from: dir) == nil)
        try Self.manifest.json().write(to: dir.appendingPathComponent(BulkManifest.jsonFileName))
        #expect(BulkManifest.read(from: dir) == Self.manifest)
    }

    @Test func sortedListsTheFichesByCode() {
        #expect(Self.manifest.sorted.fiches.map(\.code) == ["78", "95"])
    }

    @Test func csvHasItsHeaderThenOneSemicolonLinePerFicheInManifestOrderWithCRLF() {
        let csv = Self.manifest.csv()
        #expect(csv == "code;name;region;file;pages;bytes;sha256;exports_eur;imports_eur;status;error;inputs_sha256;kind\r\n"
            + "95;Val-d'Oise;Île-de-France;95-val-d-oise.pdf;8;1234;3c;24188700000;25441300000;rendered;;81;departement\r\n"
            + "78;Yvelines;Île-de-France;78-yvelines.pdf;;;;;;failed;\"cannot move; \"\"78-yvelines.pdf\"\"\nis a folder\";;departement\r\n")
    }

    @Test func csvReadsBackToTheManifestFields() throws {
        let records = try CSVReader.records(Self.manifest.csv(), delimiter: ";")
        #expect(records.count == 3)
        #expect(records[2].fields[10] == Self.failed.error)
        #expect(records[1].fields == ["95", "Val-d'Oise", "Île-de-France", "95-val-d-oise.pdf", "8", "1234", "3c",
                                      "24188700000", "25441300000", "rendered", "", "81", "departement"])
    }

    @Test func aManifestWrittenBeforeRegionFichesReadsAsDepartements() throws {
        let old = try Self.manifest.json()
        var text = String(decoding: old, as: UTF8.self)
        text = text.replacingOccurrences(of: "      \"kind\" : \"departement\",\n", with: "")
        #expect(!text.contains("kind"))
        let read = try JSONDecoder().decode(BulkManifest.self, from: Data(text.utf8))
        #expect(read.fiches.allSatisfy { $0.kind == .departement } && read.fiches.map(\.key) == ["95", "78"])
        let region = BulkManifest.Entry(code: "84", name: "Auvergne-Rhône-Alpes", region: "Auvergne-Rhône-Alpes",
                                        file: "regions/84-auvergne-rhone-alpes.pdf", status: .rendered, kind: .region)
        #expect(region.key == "region-84", "apart from Vaucluse's 84")
        var both = Self.manifest
        both.fiches.insert(region, at: 0)
        #expect(both.sorted.fiches.map(\.key) == ["78", "95", "region-84"])
    }

    @Test func onlyCompleteFichesWithAChecksumAreAvailable() {
        #expect(Self.rendered.isComplete && Self.rendered.isAvailable)
        #expect(!Self.failed.isComplete && !Self.failed.isAvailable)
        var upToDate = Self.rendered
        upToDate.status = .upToDate
        #expect(upToDate.isAvailable)
        upToDate.sha256 = nil
        #expect(upToDate.isComplete && !upToDate.isAvailable)
    }
}
