import Foundation
import Testing
@testable import TradeData

/// The synthetic demo year: exact format, calibration, determinism, Territoires d'industrie.
@Suite struct DemoYearTests {
    /// A small demo year (same generator, fewer lines): the calibration does not depend on size.
    /// Written once; a year that cannot be written fails the tests that use it, not the whole run.
    static var smallDirectory: URL { get throws { try writtenSmallDirectory.get() } }
    static let writtenSmallDirectory = Result { () throws -> URL in
        let dir = Fixtures.temporaryDirectory()
        try DemoYear.write(to: dir, linesPerFlow: 20_000)
        return dir
    }

    @Test func theDemoYearReproducesThePublishedTotalsToTheEuro() throws {
        let dataset = try TradeDataset.load(paths: [Self.smallDirectory], isDemo: true)
        let report = try TradeAggregates(dataset: dataset, year: 2024).report(for: "95")
        #expect(report.exports == FlowFigures(totalEUR: 24_188_700_000, regionTotalEUR: 141_666_300_000, franceTotalEUR: 580_354_500_000))
        #expect(report.imports == FlowFigures(totalEUR: 25_441_300_000, regionTotalEUR: 192_202_900_000, franceTotalEUR: 684_776_300_000))
        #expect((report.exports.shareOfRegionPct, report.exports.shareOfFrancePct) == (17.1, 4.17))
        #expect((report.imports.shareOfRegionPct, report.imports.shareOfFrancePct) == (13.2, 3.72))
        #expect(report.completeYear)
        #expect(report.dataSource == "demo")
    }

    @Test func everyDepartementTradesEveryQuarterInBothFlows() throws {
        let dataset = try TradeDataset.load(paths: [Self.smallDirectory], isDemo: true)
        var seen = Set<String>()
        for chunk in dataset.chunks {
            for i in 0..<chunk.rowCount { seen.insert("\(chunk.flow[i])-\(chunk.departement[i])-\(chunk.quarter[i])") }
        }
        #expect(seen.count == 2 * dataset.geography.departements.count * 4)
    }

    @Test func theDemoYearIsConcentratedWithLongTails() throws {
        let dataset = try TradeDataset.load(paths: [Self.smallDirectory], isDemo: true)
        let report = try TradeAggregates(dataset: dataset, year: 2024).report(for: "95")
        let activities = report.departementTrade.activities.exports
        let top3 = activities.prefix(3).reduce(0) { $0 + $1.valueEUR }
        #expect(Double(top3) > 0.3 * Double(report.exports.totalEUR))  // a few products dominate…
        #expect(activities.count > 25)  // …over a long tail (27 of the small demo year's activities for Val-d'Oise)
        #expect(report.departementTrade.partners.count == 10)
    }

    @Test func theDemoYearHoldsNoMilitaryEquipmentAsTheCustomsStatisticsDoNot() throws {
        // Page 2 says the figures are «hors matériel militaire»: the demo data must make it true.
        let dataset = try TradeDataset.load(paths: [Self.smallDirectory], isDemo: true)
        let codes = Set(dataset.chunks.flatMap(\.activityCodes)), products = Set(dataset.chunks.flatMap(\.productCodes))
        #expect(!codes.isEmpty && !codes.contains("C30D") && !products.contains("3040"))
    }

    @Test func activityProfilesArePlausible() throws {
        let dataset = try TradeDataset.load(paths: [Self.smallDirectory], isDemo: true)
        let aggregates = try TradeAggregates(dataset: dataset, year: 2024)
        let sea: Set<String> = ["A03Z", "C10B", "C30A"]
        for dep in dataset.geography.departements where !DemoYear.coastal.contains(dep.code) {
            let report = try aggregates.report(for: dep.code)
            for flow in [report.departementTrade.activities.exports, report.departementTrade.activities.imports] {
                #expect(!flow.contains { sea.contains($0.code) }, "landlocked \(dep.code) trades sea products")
            }
        }
        let france = try aggregates.report(for: "95").franceTrade
        #expect(france.activities.exports.first?.code != "A01Z")
        #expect(!["A03Z", "A01Z", "A02Z"].contains(try aggregates.report(for: "48").departementTrade.activities.exports.first?.code ?? ""))
    }

    @Test func generationIsDeterministic() {
        let geography = Geography(names: DisplayNames())
        let a = DemoYear.generate(flow: .imports, geography: geography, linesPerFlow: 5_000)
        let b = DemoYear.generate(flow: .imports, geography: geography, linesPerFlow: 5_000)
        #expect(a == b)
        #expect(a.starts(with: Array("I;1;2024;01;18;".utf8)))
    }

    @Test func theFileNamesAndLineFormatAreTheCustomsOnes() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.smallDirectory.path).sorted()
        #expect(names.contains("Region_2024_Export.txt") && names.contains("Region_2024_Import.txt"))
        let text = try String(contentsOf: Self.smallDirectory.appendingPathComponent("Region_2024_Export.txt"), encoding: .utf8)
        let first = String(text.prefix { $0 != "\r\n" })
        #expect(first.split(separator: ";", omittingEmptySubsequences: false).count == 10)
        #expect(text.hasSuffix("\r\n"))
    }

    @Test func valDOiseShowsItsThreeRealTerritoriesAndLeavesOutASmallNeighbour() throws {
        let territories = try IndustryTerritories.load(from: Self.smallDirectory.appendingPathComponent(DemoYear.territoriesFileName))
        #expect(territories.principal(for: "95").map(\.name).sorted()
                == ["Boucle Nord de Seine", "Cergy Ouest 95", "Grand Roissy Le Bourget"])
        #expect(territories.leftOut(for: "95").map(\.name) == ["Seine Aval (territoire fictif)"])
        // Every other département has a territory, marked as fictitious.
        for dep in DisplayNames.departements where !["95", "99"].contains(dep.code) {
            #expect(territories.principal(for: dep.code).contains { $0.name.contains("fictif") }, "\(dep.code)")
        }
    }
}

/// The ANCT commune-level Territoires d'industrie format.
@Suite struct IndustryTerritoriesTests {
    @Test func communesMapToCustomsDepartements() {
        #expect(IndustryTerritories.departement(ofCommune: "95127") == "95")
        #expect(IndustryTerritories.departement(ofCommune: "2A004") == "20")
        #expect(IndustryTerritories.departement(ofCommune: "2B033") == "20")
        #expect(IndustryTerritories.departement(ofCommune: "97411") == "9D")
        #expect(IndustryTerritories.departement(ofCommune: "97101") == "9A")
        #expect(IndustryTerritories.departement(ofCommune: "9512") == nil)
    }

    @Test func commaSeparatedFileWithBomAndSeveralTerritoriesPerCommune() throws {
        let text = "\u{FEFF}code_insee,lib_com,id_ti,lib_ti\n"
            + (1...6).map { "9500\($0),C\($0),T1|T2,Alpha|Beta" }.joined(separator: "\n") + "\n"
            + (1...4).map { "7800\($0),D\($0),T2,Beta" }.joined(separator: "\n") + "\n"
            + (1...3).map { "9300\($0),E\($0),T3,Gamma" }.joined(separator: "\n") + "\n"
            + (1...9).map { "7700\($0),F\($0),T3,Gamma" }.joined(separator: "\n") + "\n"
        let url = try Fixtures.write(text, named: "ti.csv")
        let territories = try IndustryTerritories.load(from: url)
        #expect(territories.territories.map(\.name) == ["Alpha", "Beta", "Gamma"])
        #expect(territories.principal(for: "95").map(\.name) == ["Alpha", "Beta"])  // Beta: main part in 95 (6 vs 4)
        #expect(territories.principal(for: "78").map(\.name) == [])  // 4 communes, main part elsewhere
        #expect(territories.principal(for: "93").map(\.name) == [])  // 3 communes, main part in 77
        #expect(territories.principal(for: "77").map(\.name) == ["Gamma"])
    }

    @Test func aFileWithoutTheExpectedColumnsIsAClearError() throws {
        let url = try Fixtures.write("a;b;c\n1;2;3\n", named: "ti.csv")
        #expect(Fixtures.message { _ = try IndustryTerritories.load(from: url) }?
            .contains("expected a header with the commune code (insee_com)") == true)
    }
}
