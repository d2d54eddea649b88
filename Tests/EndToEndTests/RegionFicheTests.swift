import Foundation
import Testing

/// Région fiches, as a regional council's analyst would make them on the demo year: one région
/// with `render --region`, all of them with `bulk --regions`, each checked against its
/// départements' own fiches (a région's figures are the sum of its départements' lines).
@Suite(.serialized) struct RegionFicheTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A bulk run of every département and every région (its folder), made once.
    static var bulk: (dir: URL, manifest: [[String: Any]]) {
        get throws {
            let dir = try bulkRun.get()
            let data = try Data(contentsOf: dir.appendingPathComponent("manifest.json"))
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return (dir, json?["fiches"] as? [[String: Any]] ?? [])
        }
    }
    static let bulkRun = Result { () throws -> URL in
        let dir = FicheTool.temporaryDirectory()
        let result = try FicheTool.run(["bulk", "--regions", "--output", "all", "--plain"], in: dir)
        guard result.status == 0 else { throw FicheTool.FixtureFailure(description: "fiche bulk --regions failed: \(result.stderr)") }
        return dir.appendingPathComponent("all")
    }

    /// The metropolitan régions and their départements (INSEE codes, as file names give them).
    static let metropolitan: [String: [String]] = [
        "11": ["75", "77", "78", "91", "92", "93", "94", "95"], "24": ["18", "28", "36", "37", "41", "45"],
        "27": ["21", "25", "39", "58", "70", "71", "89", "90"], "28": ["14", "27", "50", "61", "76"],
        "32": ["02", "59", "60", "62", "80"], "44": ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"],
        "52": ["44", "49", "53", "72", "85"], "53": ["22", "29", "35", "56"],
        "75": ["16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86", "87"],
        "76": ["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"],
        "84": ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"],
        "93": ["04", "05", "06", "13", "83", "84"], "94": ["20"],
    ]

    @Test func renderRegionWritesAuvergneRhoneAlpesNamingItsTwelveDepartements() throws {
        let dir = FicheTool.temporaryDirectory()
        let result = try FicheTool.run(["render", "--region", "84"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let pdf = dir.appendingPathComponent("output/2024/regions/84-auvergne-rhone-alpes.pdf")
        #expect(FileManager.default.fileExists(atPath: pdf.path), "\(result.stderr)")
        let text = try FicheTool.external("pdftotext", ["-layout", pdf.path, "-"]).output
        for name in ["Ain (01)", "Allier (03)", "Ardèche (07)", "Cantal (15)", "Drôme (26)", "Isère (38)", "Loire (42)",
                     "Haute-Loire (43)", "Puy-de-Dôme (63)", "Rhône (69)", "Savoie (73)", "Haute-Savoie (74)"] {
            #expect(text.contains(name), "\(name) missing")
        }
        #expect(text.contains("La région Auvergne-Rhône-Alpes réunit 12 départements"))
        #expect(text.contains("Les départements de la région"))
        let script = Self.repositoryRoot.appendingPathComponent("scripts/check-pdf-profiles.py").path
        let check = try FicheTool.external("python3", [script, "--details", pdf.path])
        #expect(check.status == 0 && check.output.contains("ua1: conformant") && check.output.contains("3b: conformant"), "\(check.output)")
        #expect(try FicheTool.external("qpdf", ["--check", pdf.path]).status == 0)
    }

    @Test func aRegionIsTypedByNameAndItsWordsFollowItsArticle() throws {
        let byName = try FicheTool.run(["inspect", "--region", "hauts de france", "--json"])
        let byCode = try FicheTool.run(["inspect", "--region", "32", "--json"])
        #expect(byName.status == 0 && byName.stdoutData == byCode.stdoutData, "\(byName.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: byCode.stdoutData) as? [String: Any])
        #expect(json["kind"] as? String == "region" && json["departement"] == nil)
        #expect((json["region"] as? [String: String])?["name"] == "Hauts-de-France")
        #expect(((json["exports"] as? [String: Any])?["total_eur"] as? Int ?? 0) > 0, "same schema as a département")
        let dir = FicheTool.temporaryDirectory()
        _ = try FicheTool.run(["render", "--region", "32", "--output", "hdf.pdf"], in: dir)
        let text = try FicheTool.external("pdftotext", [dir.appendingPathComponent("hdf.pdf").path, "-"]).output
            .replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("dans les Hauts-de-France") || text.contains("Hauts-de-France réunit"), "TNCC 4: des/les")
        #expect(!text.contains("la région des"), "no doubled article")
    }

    @Test func aRegionOfOneTerritoryGivesThatTerritorysFiche() throws {
        let corse = try FicheTool.run(["inspect", "--region", "94", "--json"])
        let fiche20 = try FicheTool.run(["inspect", "20", "--json"])
        #expect(corse.status == 0 && corse.stdoutData == fiche20.stdoutData, "\(corse.stderr)")
        let reunion = try FicheTool.run(["inspect", "--region", "04", "--json"])
        #expect(reunion.stdoutData == (try FicheTool.run(["inspect", "974", "--json"])).stdoutData)
    }

    @Test func everyMetropolitanRegionFicheEqualsTheSumOfItsDepartementsFiches() throws {
        let (dir, fiches) = try Self.bulk
        func entry(_ kind: String, _ file: String) -> [String: Any]? {
            fiches.first { ($0["kind"] as? String) == kind && ($0["file"] as? String)?.hasPrefix(file) == true }
        }
        for (region, members) in Self.metropolitan {
            let regionEntry = try #require(entry("region", "regions/\(region)-"), "région \(region) missing")
            #expect(regionEntry["status"] as? String == "rendered")
            var exports = 0, imports = 0
            for code in members {
                let d = try #require(entry("departement", "\(code)-"), "département \(code) missing")
                exports += d["exports_eur"] as? Int ?? 0
                imports += d["imports_eur"] as? Int ?? 0
            }
            #expect(regionEntry["exports_eur"] as? Int == exports, "région \(region) exports")
            #expect(regionEntry["imports_eur"] as? Int == imports, "région \(region) imports")
            // The printed total is that sum, as a reader reads it.
            guard members.count > 1 else { continue }
            let pdf = dir.appendingPathComponent(regionEntry["file"] as? String ?? "")
            let text = try FicheTool.external("pdftotext", [pdf.path, "-"]).output
                .replacingOccurrences(of: "\u{A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
            #expect(text.contains("Exportations : " + Self.millions(exports)), "région \(region): \(Self.millions(exports))")
        }
        #expect(fiches.filter { $0["kind"] as? String == "region" }.count == 18)
        #expect(fiches.filter { $0["kind"] as? String == "departement" }.count == 100)
    }

    @Test func monacoCountsInFranceOnlyNotInProvenceAlpesCoteDAzur() throws {
        let paca = try FicheTool.run(["inspect", "--region", "93", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: paca.stdoutData) as? [String: Any])
        let members = json["departements"] as? [[String: Any]] ?? []
        #expect(members.compactMap { $0["code"] as? String } == ["04", "05", "06", "13", "83", "84"])
        let sum = members.reduce(0) { $0 + ($1["imports_eur"] as? Int ?? 0) }
        #expect((json["imports"] as? [String: Any])?["total_eur"] as? Int == sum)
        // Each PACA département's fiche compares it with that same région.
        let vaucluse = try JSONSerialization.jsonObject(with: try FicheTool.run(["inspect", "84", "--json"]).stdoutData) as? [String: Any]
        #expect((vaucluse?["imports"] as? [String: Any])?["region_total_eur"] as? Int == sum)
    }

    @Test func anOldManifestInCustomsCodesIsRenderedAgainUnderINSEENames() throws {
        let dir = FicheTool.temporaryDirectory()
        #expect(try FicheTool.run(["bulk", "--only", "974", "--output", "out", "--plain"], in: dir).status == 0)
        let out = dir.appendingPathComponent("out")
        // The folder as 0.3.0 left it: the fiche under its customs code.
        try FileManager.default.moveItem(at: out.appendingPathComponent("974-la-reunion.pdf"), to: out.appendingPathComponent("9D-la-reunion.pdf"))
        let manifest = out.appendingPathComponent("manifest.json")
        let old = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "974-la-reunion.pdf", with: "9D-la-reunion.pdf")
        try old.write(to: manifest, atomically: true, encoding: .utf8)
        let again = try FicheTool.run(["bulk", "--only", "974", "--output", "out", "--plain"], in: dir)
        #expect(again.stderr.contains("rendered 1, up to date 0, failed 0"), "\(again.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".pdf") }
        #expect(names == ["974-la-reunion.pdf"])
    }

    /// «154 683,2» as the fiche prints millions of euros (spaces as pdftotext gives them).
    static func millions(_ euros: Int) -> String {
        let tenths = Int((Double(euros) / 100_000).rounded())
        var whole = String(tenths / 10)
        var groups: [String] = []
        while whole.count > 3 { groups.insert(String(whole.suffix(3)), at: 0); whole = String(whole.dropLast(3)) }
        groups.insert(whole, at: 0)
        return groups.joined(separator: " ") + ",\(tenths % 10)"
    }
}

/// Mail to régions: a `region` or `territoire` column sends the région's fiche.
@Suite(.serialized) struct RegionMailTests {
    @Test func aRecipientOfARegionGetsTheRegionFicheWordedForARegion() throws {
        let dir = FicheTool.temporaryDirectory()
        // The région's fiche alone, then two départements' into the same folder.
        let regions = try FicheTool.run(["bulk", "--region", "bretagne", "--regions", "--no-departements", "--output", "out", "--plain"], in: dir)
        #expect(regions.status == 0, "\(regions.stderr)")
        #expect(try FicheTool.run(["bulk", "--only", "53,29", "--output", "out", "--plain"], in: dir).status == 0)
        // Région 53 (Bretagne) and département 53 (Mayenne), same address: two fiches, two messages.
        try "territoire;email;nom\nrégion 53;conseil@example.org;Conseil régional\nBretagne;dreets@example.org;DREETS\n53;conseil@example.org;Mayenne\n29;quimper@example.org;Quimper\n"
            .write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let mail = try FicheTool.run(["mail", "--recipients", "r.csv", "--fiches", "out", "--from", "ti@example.org",
                                      "--dry-run", "eml"], in: dir)
        #expect(mail.status == 0 && !mail.stderr.contains("left out"), "\(mail.stderr)")
        let folder = dir.appendingPathComponent("eml")
        let messages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
        #expect(messages == ["29-quimper_at_example.org.eml", "53-conseil_at_example.org.eml",
                             "region-53-conseil_at_example.org.eml", "region-53-dreets_at_example.org.eml"])
        let regional = try String(contentsOf: folder.appendingPathComponent("region-53-conseil_at_example.org.eml"), encoding: .utf8)
        #expect(regional.contains("filename=\"53-bretagne.pdf\""))
        let mayenne = try String(contentsOf: folder.appendingPathComponent("53-conseil_at_example.org.eml"), encoding: .utf8)
        #expect(mayenne.contains("filename=\"53-mayenne.pdf\""))
    }

    @Test func aRegionWithoutItsFicheInTheFolderIsNamedInTheRefusal() throws {
        let dir = FicheTool.temporaryDirectory()
        #expect(try FicheTool.run(["bulk", "--only", "29", "--output", "out", "--plain"], in: dir).status == 0)
        try "region;email\n53;conseil@example.org\n".write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let mail = try FicheTool.run(["mail", "--recipients", "r.csv", "--fiches", "out", "--from", "ti@example.org",
                                      "--dry-run", "eml"], in: dir)
        #expect(mail.stderr.contains("région 53 has no fiche to send (fiche bulk --regions makes them)"), "\(mail.stderr)")
    }
}
