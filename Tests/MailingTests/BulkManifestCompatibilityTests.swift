import Foundation
@testable import Manifest
import Testing
@testable import Mailing

/// The manifest as `fiche bulk` writes it, failed fiches included, is what Mailing reads.
@Suite struct BulkManifestCompatibilityTests {
    @Test func aManifestWithAFailedFicheIsReadAndTheFailedOneIsNotSendable() throws {
        let json = """
        {"year": 2024, "data_source": "demo", "data_sha256": "ab", "tool_version": "0.1.0", "generated_from": "fiche bulk",
         "fiches": [
          {"code": "78", "name": "Yvelines", "region": "Île-de-France", "file": "78-yvelines.pdf", "pages": null, "bytes": null,
           "sha256": null, "exports_eur": 4440762308, "imports_eur": 4164675169, "status": "failed",
           "error": "cannot move the fiche into place", "inputs_sha256": null},
          {"code": "95", "name": "Val-d'Oise", "region": "Île-de-France", "file": "95-val-d-oise.pdf", "pages": 8, "bytes": 1234,
           "sha256": "315bc216f43abe8ceb14305ae11426ee772c0e7c2743dc7b500366982ecc0148", "exports_eur": 24188700000,
           "imports_eur": 25441300000, "status": "rendered", "error": null, "inputs_sha256": "81"}
         ]}
        """
        let manifest = try JSONDecoder().decode(BulkManifest.self, from: Data(json.utf8))
        let folder = FicheFolder(directory: URL(fileURLWithPath: "/tmp"), manifest: manifest)
        #expect(folder.availableFiches.keys.sorted() == ["95"])
        #expect(manifest.fiches[0].error == "cannot move the fiche into place")
        #expect(folder.availableFiches["95"]?.exportsEUR == 24_188_700_000)
    }

    @Test func aManifestFicheBulkDidNotWriteIsSaidSoWithoutTheDecodersDump() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("foreign-manifest-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("{\"year\": 2024}".utf8).write(to: dir.appendingPathComponent("manifest.json"))
        let error = #expect(throws: (any Error).self) { _ = try FicheFolder(directory: dir) }
        let message = "\(error.map { "\($0)" } ?? "")"
        #expect(message.hasSuffix("manifest.json: not a manifest written by `fiche bulk` (the field fiches is missing); "
                                  + "re-run `fiche bulk`, or give the fiches folder with --fiches"), "\(message)")
        #expect(!message.contains("keyNotFound") && !message.contains("CodingKeys"))
    }
}
