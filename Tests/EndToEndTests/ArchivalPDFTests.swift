import Foundation
import Testing

/// The finished fiche is a PDF/UA-1 and PDF/A-3b document: checked with the `page` validator
/// (scripts/check-pdf-profiles.py) and, point by point, with our own reading of the file,
/// since the validator is an alpha tool.
@Suite(.serialized) struct ArchivalPDFTests {
    /// The demo fiche of Val-d'Oise, and its objects uncompressed for reading, made once; a
    /// fiche that cannot be rendered fails the tests that use it, not the whole run.
    static var fiche: (pdf: URL, objects: String) { get throws { try renderedFiche.get() } }
    static let renderedFiche = Result { () throws -> (pdf: URL, objects: String) in
        let dir = FicheTool.temporaryDirectory()
        let result = try FicheTool.run(["render", "95", "--output", "95.pdf"], in: dir)
        guard result.status == 0 else { throw FicheTool.FixtureFailure(description: "fiche render failed: \(result.stderr)") }
        let pdf = dir.appendingPathComponent("95.pdf")
        let qdf = dir.appendingPathComponent("95-qdf.pdf")
        _ = try FicheTool.external("qpdf", ["--qdf", "--object-streams=disable", pdf.path, qdf.path])
        let objects = String(decoding: (try? Data(contentsOf: qdf)) ?? Data(), as: UTF8.self)
        return (pdf, objects)
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theValidatorFindsNoFailedRuleForPDFUA1AndPDFA3b() throws {
        let fiche = try Self.fiche
        let script = Self.repositoryRoot.appendingPathComponent("scripts/check-pdf-profiles.py").path
        let check = try FicheTool.external("python3", [script, "--details", fiche.pdf.path])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("ua1: conformant, 0 failed rules"), "\(check.output)")
        #expect(check.output.contains("3b: conformant, 0 failed rules"), "\(check.output)")
    }

    @Test func theCatalogDeclaresLanguageTitleDisplayMetadataAndOutputIntent() throws {
        let fiche = try Self.fiche
        let o = fiche.objects
        #expect(o.contains("/Lang (fr-FR)"))
        #expect(o.contains("/DisplayDocTitle true"))
        #expect(o.contains("/Type /Metadata") && o.contains("/Subtype /XML"))
        #expect(o.contains("<pdfaid:part>3</pdfaid:part>") && o.contains("<pdfuaid:part>1</pdfuaid:part>"))
        #expect(o.contains("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Les indicateurs clés"))
        #expect(o.contains("/S /GTS_PDFA1") && o.contains("/OutputConditionIdentifier (sRGB IEC61966-2.1)"))
        #expect(o.contains("/CreationDate (D:20250101000000Z)"))
        #expect(o.contains("/S /D"), "page labels are decimal numbers")
        #expect(o.contains("/ID ["), "the trailer has a file identifier")
    }

    @Test func everyStreamButTheXMPMetadataIsCompressed() throws {
        let fiche = try Self.fiche
        // cairo is asked to leave its streams uncompressed (PDFDocument) and finishing compresses them.
        let raw = String(decoding: try Data(contentsOf: fiche.pdf), as: UTF8.self)
        let streams = raw.components(separatedBy: " 0 obj").dropFirst().filter { $0.contains("endstream") }
        #expect(streams.count > 20)
        for object in streams {
            let dictionary = object.components(separatedBy: "stream")[0]
            #expect(dictionary.contains("/Filter") || dictionary.contains("/Type /Metadata"), "\(dictionary.prefix(200))")
        }
    }

    @Test func everyFigureHasAnAlternativeTextSayingWhatItShows() throws {
        let fiche = try Self.fiche
        let alternatives = fiche.objects.components(separatedBy: "/Alt ").dropFirst()
        #expect(alternatives.count == 9, "one per chart")
        #expect(fiche.objects.contains("/S /Figure"))
    }

    @Test func untaggedDrawingIsMarkedAsArtifactAndLinksAreDescribed() throws {
        let fiche = try Self.fiche
        let o = fiche.objects
        #expect(o.contains("/Artifact BMC"))
        #expect(o.contains("/Tabs /S"))
        #expect(o.contains("/F 4"))
        #expect(o.components(separatedBy: "/Subtype /Link").count - 1 == o.components(separatedBy: "/Contents <feff").count - 1
                || o.contains("/Contents (Lien"), "each link has a description")
    }

    @Test func aLinkElementHoldsTheLinkTextOnlyAndNoHyphenationPointLeavesAnEmptySpan() throws {
        let fiche = try Self.fiche
        let structure = try FicheTool.external("pdfinfo", ["-struct-text", fiche.pdf.path]).output
        let lines = structure.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let linkTexts = lines.indices.filter { lines[$0].hasPrefix("Link") }.compactMap { index in
            lines[(index + 1)...].first { $0.hasPrefix("\"") }
        }
        #expect(linkTexts.count >= 5, "\(structure)")
        #expect(linkTexts.contains("\"territoires-industrie@anct.gouv.fr\""))
        #expect(!linkTexts.contains { $0.contains(" : ") }, "a link holds no text of its paragraph: \(linkTexts)")
        let softHyphenSpans = fiche.objects.components(separatedBy: "/ActualText <feff00ad>").count - 1
        #expect(softHyphenSpans < 60, "only the hyphens of lines that break are kept (\(softHyphenSpans))")
    }

    @Test func aTaggedParagraphHoldsAllItsLinesWithTheirSpaces() throws {
        let fiche = try Self.fiche
        // (No-break and narrow no-break spaces read as spaces here.)
        let structure = try FicheTool.external("pdfinfo", ["-struct-text", fiche.pdf.path]).output
            .replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
        // A line's ending space is a real space: no empty span stops the paragraph's text.
        #expect(!fiche.objects.contains("/ActualText <feff0020>"))
        #expect(structure.contains("(ANCT) avec la Direction générale des entreprises (DGE), accompagne"), "\(structure.prefix(3000))")
        #expect(structure.contains("\"Les indicateurs clés : commerce extérieur\""))
        #expect(structure.contains("\"Total des exportations : 24 188,7 millions d’euros\""))
        // The cover's demo mark is said once, as text of the document.
        #expect(structure.contains("P (block)\n    \"Données synthétiques de démonstration\""))
    }

    @Test func theChartNumbersAndTheFicheFiguresAreAttachedAndEqualInspect() throws {
        let fiche = try Self.fiche
        let list = try FicheTool.external("pdfdetach", ["-list", fiche.pdf.path]).output
        #expect(list.contains("10 embedded files"), "\(list)")
        for name in ["fiche-95-chiffres.json", "graphique-1-annees.csv", "graphique-2-partenaires.csv", "graphique-3-activites.csv",
                     "graphique-4-exportations-departement.csv", "graphique-9-importations-france.csv"] {
            #expect(list.contains(name), "\(name) in \(list)")
        }
        let dir = fiche.pdf.deletingLastPathComponent()
        let json = dir.appendingPathComponent("attached.json")
        _ = try FicheTool.external("pdfdetach", ["-savefile", "fiche-95-chiffres.json", "-o", json.path, fiche.pdf.path])
        let inspect = try FicheTool.run(["inspect", "95", "--json"])
        let attached = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? NSDictionary
        let printed = try JSONSerialization.jsonObject(with: inspect.stdoutData) as? NSDictionary
        #expect(attached != nil && attached == printed)
        let csv = dir.appendingPathComponent("partners.csv")
        _ = try FicheTool.external("pdfdetach", ["-savefile", "graphique-2-partenaires.csv", "-o", csv.path, fiche.pdf.path])
        // pdfdetach drops the byte order mark: look for it in the embedded stream itself.
        #expect(fiche.objects.contains("\u{FEFF}Pays;Exportations (M€)"), "UTF-8 with a byte order mark, for spreadsheets")
        let text = try String(contentsOf: csv, encoding: .utf8)
        #expect(text.hasPrefix("Pays;Exportations (M€);Importations (M€);Solde (M€);Exportations 2023 (M€);Importations 2023 (M€);"
                               + "Évolution des exportations (%);Évolution des importations (%)\r\n"), "the year before beside this one")
        #expect(text.split(separator: "\r\n").count == 11, "a header and ten partners")
        let lastPage = try FicheTool.external("pdftotext", ["-f", "9", "-l", "9", fiche.pdf.path, "-"]).output
        #expect(lastPage.contains("Données jointes"), "the last page says the data is attached")
    }
}
