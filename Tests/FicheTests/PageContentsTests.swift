import Foundation
@testable import TestScratch
import Testing
@testable import Fiche
@testable import TradeData

/// Page 2's «Dans cette fiche» box names the pages that really hold what it says, and the
/// glossary of the last page is there.
@Suite struct PageContentsTests {
    @Test func theContentsBoxGivesThePagesAsPrinted() throws {
        let url = Scratch.directory("contents").appendingPathComponent("fiche.pdf")
        let rendered = try FicheRenderer(options: FicheOptions()).render(Fixtures.report, territories: Fixtures.territories, to: url)
        func page(_ n: Int) throws -> String {
            String(decoding: try FinishingTests.poppler("pdftotext", ["-f", "\(n)", "-l", "\(n)", url.path, "-"]), as: UTF8.self)
                .replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
        }
        // One year of data: no evolution page.
        #expect(rendered.pageCount == 8)
        let contents = try page(2)
        #expect(contents.contains("Dans cette fiche") && contents.contains("Page 3 : la balance commerciale"))
        #expect(contents.contains("Pages 4 à 7 : les exportations puis les importations") && contents.contains("Page 8 : les mots de la fiche"))
        #expect(try page(3).contains("Balance commerciale territoriale"))
        #expect(try page(4).contains("Exportations") && page(7).contains("Importations"))
        #expect(try page(8).contains("Les mots de la fiche") && page(8).contains("Solde commercial"))
    }

    @Test func aRegionFichesContentsBoxGivesItsPagesAsPrinted() throws {
        let aggregates = try Fixtures.aggregates
        let region = try #require(FrenchTerritories.region(typed: "11", in: aggregates.dataset.geography)?.region)
        let url = Scratch.directory("contents").appendingPathComponent("region.pdf")
        let rendered = try FicheRenderer(options: FicheOptions()).render(aggregates.regionReport(for: region), territories: nil, to: url)
        func page(_ n: Int) throws -> String {
            String(decoding: try FinishingTests.poppler("pdftotext", ["-f", "\(n)", "-l", "\(n)", url.path, "-"]), as: UTF8.self)
                .replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
        }
        // One year: no evolution page, nine pages.
        #expect(rendered.pageCount == 9)
        #expect(try page(2).contains("Page 3 : les départements de la région ; page 4 : la balance commerciale"))
        #expect(try page(3).contains("Les départements de la région") && page(4).contains("Balance commerciale territoriale"))
        #expect(try page(5).contains("Exportations") && page(8).contains("Importations") && page(9).contains("Les mots de la fiche"))
    }

    /// With the year before in the data, a région's page of départements says how each one
    /// moved, and every région fiche keeps its ten pages (the contents box gives them).
    @Test func everyRegionFicheSaysHowEachDepartementMovedAndKeepsItsTenPages() throws {
        let aggregates = try DemoFixture.aggregates.get()
        let renderer = try FicheRenderer(options: FicheOptions())
        for fiche in FrenchTerritories.regionFiches(in: aggregates.dataset.geography) {
            let url = Scratch.directory("regions").appendingPathComponent("\(fiche.code).pdf")
            let report = try aggregates.regionReport(for: fiche.region)
            // Corse and each overseas région: the fiche of its one customs territory.
            guard report.regionSubject != nil else { continue }
            let rendered = try renderer.render(report, territories: nil, to: url)
            #expect(rendered.pageCount == 10, "\(fiche.name): \(rendered.pageCount) pages")
            let page4 = String(decoding: try FinishingTests.poppler("pdftotext", ["-f", "4", "-l", "4", url.path, "-"]), as: UTF8.self)
                .replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
            #expect(page4.contains("Chaque département : évolution depuis 2023"), "\(fiche.name)")
            let entries = page4.components(separatedBy: "\n").filter { $0.contains(") : exportations ") && $0.contains(", importations ") }
            #expect(entries.count == report.regionSubject?.departements.count, "\(fiche.name): \(entries)")
        }
    }

    @Test func atProductLevelTheChartsTextsAndTablesSpeakOfProductsByTheirFullNames() throws {
        let products = try TradeAggregates(dataset: Fixtures.aggregates.dataset, year: 2024, level: .cpf4).report(for: "95")
        let charts = try FicheRenderer(options: FicheOptions()).draw(products, territories: nil).charts
        #expect(charts[1].fileName == "graphique-2-produits.csv" && charts[1].rows[0][1] == "Produit")
        #expect(charts[1].alternative.hasPrefix("Carte proportionnelle des produits") && charts[1].alternative.contains("Aéronefs et engins spatiaux"))
        #expect(charts[2].alternative.contains("produits à gauche") && !charts.contains { $0.alternative.contains("activités") })
        #expect(!charts.contains { $0.alternative.contains("…") || $0.rows.joined().contains { $0.contains("…") } })
    }

    @Test func aLinkSaysItsPurposeNotItsAddressAgain() throws {
        let runs = InlineRun.parse("Voir [le site](https://a.fr/x \"Le site de l’agence\") et [https://b.fr](https://b.fr).")
        #expect(runs.compactMap(\.link) == ["https://a.fr/x", "https://b.fr"] && runs[1].linkPurpose == "Le site de l’agence")
        #expect(TemplateBlock.linkPurposes([[.list(["[Portrait](https://c.fr)", "[https://b.fr](https://b.fr)"])]]) == ["https://c.fr": "Portrait"])
        // In the fiche: every link's /Contents is the purpose the template gives.
        let url = Scratch.directory("contents").appendingPathComponent("links.pdf")
        _ = try FicheRenderer(options: FicheOptions()).render(Fixtures.report, territories: Fixtures.territories, to: url)
        // The annotations lie in compressed object streams: read them through qpdf's plain form.
        let bytes = String(decoding: try FinishingTests.poppler("qpdf", ["--qdf", "--object-streams=disable", url.path, "-"]), as: UTF8.self)
        let contents = bytes.matches(of: /\/Contents <feff([0-9a-f]+)>/).map { match -> String in
            let hex = Array(match.1.utf8)
            let units = stride(from: 0, to: hex.count - 3, by: 4).map { UInt16(String(decoding: hex[$0..<$0 + 4], as: UTF8.self), radix: 16)! }
            return String(decoding: units, as: UTF16.self)
        }
        #expect(contents.contains("Écrire à l’équipe nationale Territoires d’industrie"), "\(contents)")
        #expect(contents.contains("Les actualités de l’Agence nationale de la cohésion des territoires"))
        #expect(!contents.contains { $0.hasPrefix("Lien vers http") })
    }

    /// A template page that flows onto two pages moves every page after it, and the contents
    /// box says so («pages 4 et 5 : les départements de la région ; page 6 : …»).
    @Test func theContentsBoxFollowsATemplatePageThatTakesTwoPages() {
        let plans = [0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9].map { PagePlan(placed: [], isCover: $0 == 0, templatePage: $0) }
        let v = FicheValues.pageNumbers(printed: plans, templatePages: 10)
        #expect(v["page_4_debut"] as? String == "4" && v["page_4_fin"] as? String == "5" && v["page_4_suite"] as? Bool == true)
        #expect(v["page_5_debut"] as? String == "6" && v["page_9_fin"] as? String == "10" && v["page_10_debut"] as? String == "11")
        // Without a year before, the evolution page prints nothing: the balance is page 3.
        let expected = FicheValues.pageNumbers(expected: 9, skipping: [2])
        #expect(expected["page_4_debut"] as? String == "3" && expected["page_9_debut"] as? String == "8")
        let printed = FicheValues.pageNumbers(printed: [0, 1, 3, 4, 5, 6, 7, 8].map { PagePlan(placed: [], templatePage: $0) }, templatePages: 9)
        #expect(NSDictionary(dictionary: printed).isEqual(to: expected), "the first pass's guess is what prints")
    }
}
