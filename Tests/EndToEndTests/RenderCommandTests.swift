import Foundation
import Testing

/// `fiche render 95` on the demo year, checked with the tools a reader's machine has:
/// pdfinfo, pdffonts, qpdf, pdftotext. One render is shared by the assertions; a second one
/// checks that identical input gives an identical file.
@Suite(.serialized) struct RenderCommandTests {
    /// The demo fiche, rendered once for the whole suite; a `fiche` that cannot be started
    /// fails the tests that use it, not the whole run.
    static var rendered: (directory: URL, pdf: URL, result: FicheTool.Result) { get throws { try renderedOnce.get() } }
    static let renderedOnce = Result { () throws -> (directory: URL, pdf: URL, result: FicheTool.Result) in
        let dir = FicheTool.temporaryDirectory()
        let result = try FicheTool.run(["render", "95"], in: dir)
        return (dir, dir.appendingPathComponent("output/2024/95-val-d-oise.pdf"), result)
    }

    /// pdftotext's text with no-break spaces as plain spaces, and soft hyphens at line ends joined.
    static func plainText(_ pdf: URL) throws -> [String] {
        let text = try FicheTool.external("pdftotext", ["-layout", pdf.path, "-"]).output
            .replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
        return text.components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    @Test func renderWritesTheFicheAtItsDefaultPlace() throws {
        let r = try Self.rendered
        #expect(r.result.status == 0, "\(r.result.stderr)")
        #expect(r.result.stderr.contains("output/2024/95-val-d-oise.pdf (9 pages)"), "\(r.result.stderr)")
        #expect(FileManager.default.fileExists(atPath: r.pdf.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: r.pdf.deletingLastPathComponent().path)
        #expect(leftovers == ["95-val-d-oise.pdf"], "no temporary file left behind")
    }

    @Test func pdfinfoSeesNineTaggedA4PagesWithTheTitle() throws {
        let info = try FicheTool.external("pdfinfo", [Self.rendered.pdf.path]).output
        #expect(info.contains("Pages:           9"), "eight pages and the evolution page of the demo years")
        #expect(info.contains("Page size:       595.276 x 841.89 pts (A4)"))
        #expect(info.contains("Tagged:          yes"))
        #expect(info.contains("Title:           Les indicateurs clés\u{00A0}: commerce extérieur – Val-d’Oise (2024)"))
        #expect(info.contains("CreationDate:    Wed Jan  1 00:00:00 2025 UTC"))
        let structure = try FicheTool.external("pdfinfo", ["-struct", Self.rendered.pdf.path]).output
        let tags = Set(structure.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
        for tag in ["Document", "H1", "H2", "P", "Figure", "Link", "L", "LI", "Span"] {
            #expect(tags.contains(tag), "\(tag) in \(tags.sorted())")
        }
        // No Caption outside a Figure: the reading keys are paragraphs.
        #expect(!tags.contains("Caption"))
    }

    @Test func everyFontIsEmbeddedAndSubset() throws {
        let lines = try FicheTool.external("pdffonts", [Self.rendered.pdf.path]).output.split(separator: "\n").dropFirst(2)
        #expect(!lines.isEmpty)
        for line in lines {
            let columns = line.split(separator: " ")
            // name type… encoding emb sub uni object generation
            #expect(columns[columns.count - 5] == "yes" && columns[columns.count - 4] == "yes", "\(line)")
            #expect(columns[0].contains("+"), "subset prefix: \(line)")
        }
    }

    @Test func qpdfFindsNoError() throws {
        let check = try FicheTool.external("qpdf", ["--check", Self.rendered.pdf.path])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("No syntax or stream encoding errors found"))
    }

    @Test func theTextHoldsTheHeadlineFiguresNamesAndTheDemoMarkOnEveryPage() throws {
        let pages = try Self.plainText(Self.rendered.pdf)
        #expect(pages.count == 9)
        let all = pages.joined()
        for figure in ["24 188,7", "17,1 %", "4,17 %", "25 441,3", "13,2 %", "3,72 %", "141 666,3", "580 354,5",
                       "Val-d’Oise", "Île-de-France", "Colophon", "Pour citer cette fiche", "Chiffres clés 2024", "territoires-industrie@anct.gouv.fr", "https://anct.gouv.fr/actualites",
                       "https://www.entreprises.gouv.fr/la-dge/actualites", "Boucle Nord de Seine", "Cergy Ouest 95",
                       "Grand Roissy Le Bourget"] {
            #expect(all.contains(figure), "\(figure)")
        }
        #expect(!all.contains("'"), "every apostrophe is ’")
        for (n, page) in pages.enumerated() {
            #expect(page.contains("Données synthétiques de démonstration"), "page \(n + 1)")
            #expect(page.contains("\(n + 1) / 9") || page.contains("\(n + 1)/9"), "page \(n + 1) number")
        }
        // Reading order: one section per page, in the order of FICHE.md; on the cover, the title first.
        let sections = ["Les indicateurs clés", "Contexte et méthodologie", "Évolution depuis 2020", "Balance commerciale territoriale", "Exportations",
                        "Exportations : la région et la France", "Importations", "Importations : la région et la France",
                        "Informations pratiques"]
        for (page, title) in zip(pages, sections) { #expect(page.contains(title), "\(title)") }
        let cover = pages[0]
        if let title = cover.range(of: "Les indicateurs clés"), let intro = cover.range(of: "Introduction"),
           let box = cover.range(of: "Principaux Territoires d’industrie") {
            #expect(title.lowerBound < intro.lowerBound && intro.lowerBound < box.lowerBound)
        } else {
            Issue.record("cover text incomplete")
        }
    }

    @Test func monacoHasNoFicheAsTheListSays() throws {
        let list = try FicheTool.run(["list"])
        #expect(list.stdout.contains("99  -      Monaco  (no fiche: Monaco, in no région"))
        let render = try FicheTool.run(["render", "99"])
        #expect(render.status != 0)
        #expect(render.stderr.contains("Monaco (99) has no fiche"))
    }

    @Test func theSameInputGivesAByteIdenticalFile() throws {
        let first = try Data(contentsOf: Self.rendered.pdf)
        let again = try Self.rendered.directory.appendingPathComponent("again.pdf")
        let result = try FicheTool.run(["render", "95", "--output", "again.pdf"], in: Self.rendered.directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: again) == first)
    }
}
