import Foundation
import Testing

/// Territories typed as their users know them (INSEE's codes and names), customs codes still
/// accepted: issue 20's reproductions, run as a user would run them on the demo year.
@Suite(.serialized) struct TerritoryCodeTests {
    @Test func inspectReadsINSEECodesAsTheirCustomsTerritory() throws {
        let insee = try FicheTool.run(["inspect", "974", "--json"])
        let customs = try FicheTool.run(["inspect", "9D", "--json"])
        #expect(insee.status == 0, "\(insee.stderr)")
        #expect(!insee.stdoutData.isEmpty && insee.stdoutData == customs.stdoutData)
        let json = try #require(try JSONSerialization.jsonObject(with: insee.stdoutData) as? [String: Any])
        #expect((json["departement"] as? [String: String])?["name"] == "La Réunion")
        #expect((json["departement"] as? [String: String])?["code"] == "974", "what a reader knows")
        #expect((json["departement"] as? [String: String])?["customs_code"] == "9D", "the data's key, in its own field")
    }

    @Test func corseDuSudAndHauteCorseGiveTheCorseFicheAndSayWhy() throws {
        let corse = try FicheTool.run(["inspect", "20"])
        for code in ["2A", "2b"] {
            let result = try FicheTool.run(["inspect", code])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == corse.stdout)
            #expect(result.stdout.hasPrefix("Corse (2A, 2B; customs 20)"))
            let notes = result.stderr.split(separator: "\n").filter { $0.contains("covers Corse-du-Sud and Haute-Corse") }
            #expect(notes.count == 1, "\(result.stderr)")
        }
        #expect(!corse.stderr.contains("covers Corse-du-Sud"))
    }

    @Test func bulkSelectsByINSEERegionCodeOrNameAndINSEEDepartementCodes() throws {
        let dir = FicheTool.temporaryDirectory()
        func pdfs(_ arguments: [String], _ folder: String) throws -> [String] {
            let result = try FicheTool.run(["bulk"] + arguments + ["--output", folder, "--plain"], in: dir)
            #expect(result.status == 0, "\(result.stderr)")
            return try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent(folder).path)
                .filter { $0.hasSuffix(".pdf") }.sorted()
        }
        #expect(try pdfs(["--region", "11"], "idf").count == 8)
        #expect(try pdfs(["--region", "ile de france"], "idf").count == 8)
        #expect(try pdfs(["--region", "bretagne"], "bzh")
                == ["22-cotes-d-armor.pdf", "29-finistere.pdf", "35-ille-et-vilaine.pdf", "56-morbihan.pdf"])
        #expect(try pdfs(["--only", "971,2A"], "some") == ["20-corse.pdf", "971-guadeloupe.pdf"])
        // A code both systems use is read as INSEE's, with a note naming the other meaning.
        let reunion = try FicheTool.run(["bulk", "--region", "04", "--output", "run", "--plain"], in: dir)
        #expect(reunion.stderr.contains("note: région 04 is INSEE's La Réunion; for customs région 04 (Centre-Val de Loire), give 24"))
        #expect(reunion.stderr.contains("rendered 1, up to date 0, failed 0"))
    }

    @Test func recipientsMayUseINSEECodes() throws {
        let dir = FicheTool.temporaryDirectory()
        let bulk = try FicheTool.run(["bulk", "--only", "9D,20", "--output", "out", "--plain"], in: dir)
        #expect(bulk.status == 0, "\(bulk.stderr)")
        try "departement;email;nom\n974;reunion@example.org;La Réunion\n2A;ajaccio@example.org;Ajaccio\n"
            .write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let mail = try FicheTool.run(["mail", "--recipients", "r.csv", "--fiches", "out", "--from", "ti@example.org",
                                      "--dry-run", "eml"], in: dir)
        #expect(mail.status == 0, "\(mail.stderr)")
        #expect(!mail.stderr.contains("unknown") && !mail.stdout.contains("unknown"))
        let messages = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("eml").path)
        #expect(messages.filter { $0.hasSuffix(".eml") }.count == 2)
    }
}
