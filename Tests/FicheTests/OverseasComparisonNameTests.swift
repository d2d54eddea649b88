import Foundation
@testable import TestScratch
import Testing
@testable import TradeData
@testable import Fiche

/// The customs région of the overseas départements is no INSEE région: wherever a reader meets
/// it (PDF Subject and keywords, chart alternative texts and attachment descriptions, the chart
/// sheet), it is «l’ensemble des départements d’outre-mer», never «région Départements d’outre-mer».
@Suite struct OverseasComparisonNameTests {
    typealias F = WordingFixture

    static func reunion() throws -> DepartementReport {
        try F.report("9D", [F.e("9D", "C10A", "FR", 2_000_000), F.i("9D", "C19Z", "SG", 9_000_000),
                            F.e("9A", "C10A", "US", 1_000_000), F.i("9A", "C10A", "US", 3_000_000)])
    }

    @Test func theOverseasBlockIsNamedAsAGroupAndARegionKeepsItsName() throws {
        let overseas = Region(code: "24", name: "Départements d'outre-mer", departementCodes: ["9A", "9B", "9C", "9D", "9E"])
        #expect(overseas.comparisonName.title == "ensemble des départements d’outre-mer")
        #expect(overseas.comparisonName.withDe == "de l’ensemble des départements d’outre-mer")
        #expect(overseas.comparisonName.isOverseasGroup)
        let paca = Region(code: "21", name: "Provence-Alpes-Côte d'Azur", departementCodes: ["04", "05", "06", "13", "83", "84"])
        #expect(paca.comparisonName.title == "région Provence-Alpes-Côte d’Azur")
        #expect(paca.comparisonName.withDe == "de la région Provence-Alpes-Côte d’Azur")
        #expect(!paca.comparisonName.isOverseasGroup)
    }

    /// The PDF's Subject and Keywords, as `pdfinfo` reads them.
    static func info(_ report: DepartementReport) throws -> String {
        let url = Scratch.directory("overseas-name").appendingPathComponent("fiche.pdf")
        _ = try FicheRenderer(options: FicheOptions()).render(report, territories: nil, to: url)
        return String(decoding: try FinishingTests.poppler("pdfinfo", [url.path]), as: UTF8.self)
    }

    @Test func subjectAndKeywordsNameTheOverseasGroup() throws {
        let info = try Self.info(try Self.reunion())
        #expect(info.contains("La Réunion (974), ensemble des départements d’outre-mer, année 2024"), "\(info)")
        #expect(info.contains("La Réunion, départements d’outre-mer, 2024"), "\(info)")
        #expect(!info.contains("Départements d’outre-mer"))
        let valDOise = try Self.info(try Fixtures.report)
        #expect(valDOise.contains("Val-d’Oise (95), région Île-de-France, année 2024"), "\(valDOise)")
    }

    @Test func chartTextsAndAttachmentsNameTheOverseasGroup() throws {
        let renderer = try FicheRenderer(options: FicheOptions())
        let result = try renderer.draw(try Self.reunion(), territories: IndustryTerritories(territories: []))
        let regionCharts = result.charts.filter { $0.fileName.hasSuffix("-region.csv") }
        #expect(regionCharts.count == 2)
        for chart in regionCharts {
            #expect(chart.alternative.contains(", ensemble des départements d’outre-mer :"), "\(chart.alternative)")
            #expect(chart.fileDescription.contains(", ensemble des départements d’outre-mer (millions"), "\(chart.fileDescription)")
        }
        for chart in result.charts {
            #expect(!chart.alternative.contains("Départements d’outre-mer") && !chart.fileDescription.contains("Départements d’outre-mer"))
        }
    }

    @Test func theChartSheetNamesTheOverseasGroup() throws {
        let sheet = ChartInputs.sheet(try Self.reunion())
        let regionSankeys = sheet.sankeys.filter { $0.name.hasSuffix("-region") }
        #expect(regionSankeys.map(\.title) == ["Flux à l’export, ensemble des départements d’outre-mer (2024)",
                                               "Flux à l’import, ensemble des départements d’outre-mer (2024)"])
        let detail = sheet.sankeys.first { $0.name == "exports-departement" }?.detailLine ?? ""
        #expect(detail.contains("des exportations de l’ensemble des départements d’outre-mer et"), "\(detail)")
    }
}

/// What a reader sees uses the INSEE code: «La Réunion (974)», «Corse (2A, 2B)» covering
/// Corse-du-Sud and Haute-Corse; the customs codes stay the data's keys.
@Suite struct ReaderCodeTests {
    typealias F = WordingFixture

    @Test func departementsAreShownByTheirINSEECode() {
        func code(_ customs: String) -> String { Departement(code: customs, name: "", regionCode: "").readerCode }
        #expect(code("9D") == "974" && code("9A") == "971" && code("9E") == "976")
        #expect(code("20") == "2A, 2B")
        #expect(code("95") == "95" && code("01") == "01")
        #expect(code("99") == "99", "Monaco has no INSEE code: its customs code stays")
    }

    @Test func theReunionFicheSays974InItsBandChartsAndMetadata() throws {
        let report = try OverseasComparisonNameTests.reunion()
        #expect(FichePage.territoryLine(report) == "La Réunion (974)")
        #expect(ChartInputs.sheet(report).territory == "La Réunion (974)")
        let info = try OverseasComparisonNameTests.info(report)
        #expect(info.contains("du département de La Réunion (974),") && !info.contains("(9D)"), "\(info)")
        let charts = try FicheRenderer(options: FicheOptions()).draw(report, territories: nil).charts
        for chart in charts { #expect(!chart.alternative.contains("(9D)") && !chart.fileDescription.contains("(9D)")) }
        #expect(charts[0].alternative.contains("La Réunion (974)"))
    }

    @Test func theCorseFicheSaysItCoversCorseDuSudAndHauteCorse() throws {
        let report = try F.report("20", [F.e("20", "C11Z", "IT", 20_000_000), F.i("20", "C19Z", "IT", 40_000_000)])
        #expect(FichePage.territoryLine(report) == "Corse (2A, 2B)")
        let pages = try F.pages(report)
        #expect(pages[0].contains("cette fiche couvre ensemble la Corse-du-Sud (2A) et la Haute-Corse (2B), comparées à la France entière."))
        #expect(!pages[0].contains("complétés par la comparaison avec"))
        let info = try OverseasComparisonNameTests.info(report)
        #expect(info.contains("Commerce extérieur de la Corse (2A, 2B : Corse-du-Sud et Haute-Corse), année 2024"), "\(info)")
        #expect(!info.contains("(20)") && !info.contains("région Corse"))
    }
}
