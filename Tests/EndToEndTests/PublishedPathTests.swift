import Foundation
import Testing

/// A fiche is a publication: what it carries says which files the figures come from, never
/// where they sit on the machine that made it (issue 19: `/srv/…` paths were published).
@Suite struct PublishedPathTests {
    @Test func aRenderedFichesAttachedFiguresNameTheDataFileWithoutItsFolder() throws {
        let dir = FicheTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try SmallTradeData.write(into: dir)
        let pdf = dir.appendingPathComponent("95.pdf")
        let render = try FicheTool.run(["render", "95", "--data", data.path, "--output", pdf.path], in: dir)
        #expect(render.status == 0, "\(render.stderr)")
        let json = dir.appendingPathComponent("attached.json")
        _ = try FicheTool.external("pdfdetach", ["-savefile", "fiche-95-chiffres.json", "-o", json.path, pdf.path])
        let attached = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        #expect(attached?["data_source"] as? String == "trade.txt")
        #expect(!(try String(contentsOf: json, encoding: .utf8)).contains(dir.path))
    }

    @Test func aBulkManifestNamesTheDataFileWithoutItsFolder() throws {
        let dir = FicheTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try SmallTradeData.write(into: dir)
        try "insee_com;lib_com;id_ti;lib_ti\n95018;Argenteuil;TI-BNS;Boucle Nord de Seine\n"
            .write(to: dir.appendingPathComponent("territoires-industrie.csv"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let bulk = try FicheTool.run(["bulk", "--data", data.path, "--output", out.path, "--only", "95"], in: dir)
        #expect(bulk.status == 0, "\(bulk.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(manifest?["data_source"] as? String == "trade.txt")
        let csv = try String(contentsOf: out.appendingPathComponent("manifest.csv"), encoding: .utf8)
        #expect(!csv.contains(dir.path))
        let json = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(!json.contains(dir.path), "generated_from names the Territoires d'industrie file, not its folder")
    }
}
