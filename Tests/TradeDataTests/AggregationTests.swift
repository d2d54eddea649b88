import Foundation
import Testing
@testable import TradeData

/// Aggregation on a small hand-made file whose answers were worked out by hand.
///
/// Val-d'Oise (95) exports pharmaceuticals (C21Z/2120) to 18 countries — DE 1 200, BE 1 100,
/// IT 1 000, ES 900, US 800, GB 700, NL 600, CH 500, CN 400, PL 300, JP 200, SG 100 and
/// AT, SE, PT, CZ, IE, DK 290 each — and aircraft (C30C/3030) to DE 5 000 in Q2.
/// It imports electronic components (C26A/2611) from US 500 and CN 500.
/// Paris (75): exports C21Z to US 10 000, imports C26A from CN 1 000.
/// Bouches-du-Rhône (13): exports C19Z to GB 2 000, imports B06Z from NO 8 000.
/// One 2023 line and one 2025 line must be left out of 2024.
@Suite struct AggregationTests {
    static let text: String = {
        var lines: [String] = []
        let pharma: [(String, Int)] = [("DE", 1200), ("BE", 1100), ("IT", 1000), ("ES", 900), ("US", 800), ("GB", 700),
                                       ("NL", 600), ("CH", 500), ("CN", 400), ("PL", 300), ("JP", 200), ("SG", 100),
                                       ("AT", 290), ("SE", 290), ("PT", 290), ("CZ", 290), ("IE", 290), ("DK", 290)]
        for (country, value) in pharma { lines.append("E;1;2024;95;03;C21Z;2120;\(country);\(value);1") }
        lines.append("E;2;2024;95;03;C30C;3030;DE;5000;1")
        lines.append("I;1;2024;95;03;C26A;2611;US;500;1")
        lines.append("I;1;2024;95;03;C26A;2611;CN;500;1")
        lines.append("E;1;2024;75;03;C21Z;2120;US;10000;1")
        lines.append("I;1;2024;75;03;C26A;2611;CN;1000;1")
        lines.append("E;1;2024;13;21;C19Z;1920;GB;2000;1")
        lines.append("I;1;2024;13;21;B06Z;0610;NO;8000;1")
        lines.append("E;4;2023;95;03;C21Z;2120;DE;777777;1")
        lines.append("E;1;2025;95;03;C21Z;2120;DE;888888;1")
        return lines.joined(separator: "\r\n") + "\r\n"
    }()

    let report: DepartementReport

    /// A file that cannot be written or aggregated fails each test of the suite, not the whole run.
    init() throws {
        let dataset = try Fixtures.load(AggregationTests.text)
        report = try TradeAggregates(dataset: dataset, year: 2024).report(for: "95")
    }

    @Test func totalsAndSharesAsPublished() {
        #expect(report.exports == FlowFigures(totalEUR: 14_540, regionTotalEUR: 24_540, franceTotalEUR: 26_540))
        #expect(report.imports == FlowFigures(totalEUR: 1_000, regionTotalEUR: 2_000, franceTotalEUR: 10_000))
        #expect(report.exports.shareOfRegionPct == 59.3)   // 14 540 / 24 540 = 59.25…
        #expect(report.exports.shareOfFrancePct == 54.79)  // 14 540 / 26 540 = 54.785…
        #expect(report.imports.shareOfRegionPct == 50.0)
        #expect(report.imports.shareOfFrancePct == 10.0)
        #expect(report.region.name == "Île-de-France")
    }

    @Test func topPartnersByImportsPlusExportsWithTiesBrokenByCode() {
        // CN (400 + 500) and ES (900) tie: CN comes first by code. AT…DK (290) miss the top ten.
        #expect(report.departementTrade.partners.map(\.code) == ["DE", "US", "BE", "IT", "CN", "ES", "GB", "NL", "CH", "PL"])
        let us = report.departementTrade.partners[1]
        #expect(us.name == "États-Unis")
        #expect((us.importsEUR, us.exportsEUR, us.balanceEUR) == (500, 800, 300))
        let cn = report.departementTrade.partners[4]
        #expect(cn.balanceEUR == -100)
    }

    /// A whole ranking (sorted at once) and a top n (kept in order as values come) agree:
    /// largest first, ties by index, zeros left out.
    @Test func aWholeRankingAndATopNRankAlike() {
        var rng = SplitMix64(seed: 51)
        for _ in 0..<200 {
            let count = Int.random(in: 2...40, using: &rng)
            let sums = (0..<count + 3).map { _ in Int64.random(in: 0...6, using: &rng) }
            let whole = TradeAggregates.top(sums, offset: 3, count: count, limit: count)
            let topN = TradeAggregates.top(sums, offset: 3, count: count, limit: count - 1)
            #expect(Array(whole.prefix(count - 1)) == topN, "\(sums)")
            #expect(whole.count == sums.dropFirst(3).filter { $0 > 0 }.count)
        }
    }

    @Test func exportSankeyFoldsEverythingBeyondTheTopTenIntoAutres() {
        let sankey = report.departementTrade.sankeyExports
        #expect(sankey.left.map(\.code) == ["C21Z", "C30C"])
        #expect(sankey.left.map(\.valueEUR) == [9_540, 5_000])
        #expect(sankey.right.map(\.code) == ["DE", "BE", "IT", "ES", "US", "GB", "NL", "CH", "CN", "PL", "AUTRES"])
        #expect(sankey.right.last == NamedValue(code: "AUTRES", name: "Autres", valueEUR: 2_040))  // JP+SG+6×290
        #expect(sankey.right[0].valueEUR == 6_200)
        #expect(sankey.totalEUR == report.exports.totalEUR)
        #expect(sankey.flows.count == 12)
    }

    @Test func theFiveLargestFlowsNotTouchingAutresAreHighlighted() {
        let highlighted = report.departementTrade.sankeyExports.flows.filter(\.highlight)
        // C21Z → Autres (2 040) is larger than C21Z → ES (900) but touches "Autres".
        #expect(Set(highlighted.map { "\($0.from)>\($0.to)" }) == ["C30C>DE", "C21Z>DE", "C21Z>BE", "C21Z>IT", "C21Z>ES"])
    }

    @Test func importSankeyReadsCountriesToProductsWithTiesByCode() {
        let sankey = report.departementTrade.sankeyImports
        #expect(sankey.left.map(\.code) == ["CN", "US"])  // 500 each: by code
        #expect(sankey.right.map(\.code) == ["C26A"])
        #expect(sankey.flows == [SankeyFlow(from: "CN", to: "C26A", valueEUR: 500, highlight: true),
                                 SankeyFlow(from: "US", to: "C26A", valueEUR: 500, highlight: true)])
    }

    @Test func regionAndFranceHaveTheirOwnTopTens() {
        let region = report.regionTrade.sankeyExports
        #expect(region.left.map(\.code) == ["C21Z", "C30C"])
        #expect(region.right.first?.code == "US")  // 800 + 10 000
        #expect(Set(region.flows.filter(\.highlight).map { "\($0.from)>\($0.to)" })
                == ["C21Z>US", "C30C>DE", "C21Z>DE", "C21Z>BE", "C21Z>IT"])
        #expect(report.franceTrade.sankeyImports.left.first?.code == "NO")
        #expect(report.franceTrade.importsEUR == 10_000)
        #expect(report.franceTrade.sankeyImports.totalEUR == 10_000)
    }

    @Test func activitiesAreRankedPerFlow() {
        #expect(report.departementTrade.activities.exports.map(\.code) == ["C21Z", "C30C"])
        #expect(report.departementTrade.activities.exports.first?.shortName == "Pharmacie")
        #expect(report.franceTrade.activities.imports.map(\.code) == ["B06Z", "C26A"])
    }

    @Test func cpf4LevelRanksProducts() throws {
        let dataset = try Fixtures.load(Self.text)
        let cpf4 = try TradeAggregates(dataset: dataset, year: 2024, level: .cpf4).report(for: "95")
        #expect(cpf4.departementTrade.activities.exports.map(\.code) == ["2120", "3030"])
        // No reference table beside the data: the project's own copy names the products.
        #expect(cpf4.departementTrade.activities.exports.map(\.name) == ["Préparations pharmaceutiques", "Aéronefs et engins spatiaux"])
    }

    @Test func longProductNamesAreShortenedForChartsAtAWordAndSaySo() {
        #expect(DisplayNames.shortLabel("Aéronefs et engins spatiaux") == "Aéronefs et engins spatiaux")
        #expect(DisplayNames.shortLabel("Parfums et produits pour la toilette") == "Parfums et produits…")
        #expect(DisplayNames.shortLabel("Colorants, pigments et agents tannants") == "Colorants…"
                || DisplayNames.shortLabel("Colorants, pigments et agents tannants").count <= 32)
        #expect(DisplayNames.shortLabel("Réparation et entretien de navires et bateaux") == "Réparation et entretien…")
        #expect(DisplayNames.shortLabel("Autres bovins et buffles (vivants et leur sperme)") == "Autres bovins et buffles")
    }

    @Test func aYearWithMissingQuartersIsFlagged() {
        #expect(report.completeYear == false)
        #expect(report.quartersPresent[.exports] == [1, 2])
        #expect(report.quartersPresent[.imports] == [1])
    }

    @Test func aFiveQuarterFileDefaultsToItsLatestCompleteYear() throws {
        var lines: [String] = []
        for (year, quarter) in [(2023, 4), (2024, 1), (2024, 2), (2024, 3), (2024, 4), (2025, 1)] {
            lines.append("E;\(quarter);\(year);95;03;C21Z;2120;US;100;1")
            lines.append("I;\(quarter);\(year);95;03;C21Z;2120;US;10;1")
        }
        let dataset = try Fixtures.load(lines.joined(separator: "\n"))
        #expect(dataset.defaultYear() == 2024)
        let report = try TradeAggregates(dataset: dataset, year: 2024).report(for: "95")
        #expect(report.completeYear)
        #expect(report.exports.totalEUR == 400)
    }

    @Test func unknownYearDepartementAndMissingFlowAreClearErrors() throws {
        let dataset = try Fixtures.load(Self.text)
        #expect(Fixtures.message { _ = try TradeAggregates(dataset: dataset, year: 2019) }
                == "no trade data for 2019 in the files read (years present: 2023, 2024, 2025)")
        let aggregates = try TradeAggregates(dataset: dataset, year: 2024)
        #expect(Fixtures.message { _ = try aggregates.report(for: "96") }
                == "unknown département code '96'; run `fiche list` to see the valid codes")
        let exportsOnly = try Fixtures.load("E;1;2024;95;03;C21Z;2120;US;1;1")
        #expect(Fixtures.message { _ = try TradeAggregates(dataset: exportsOnly, year: 2024) }?
            .hasPrefix("no import (I) lines in the trade files read") == true)
    }

    @Test func aggregationIsDeterministic() throws {
        let again = try TradeAggregates(dataset: try Fixtures.load(Self.text), year: 2024).report(for: "95")
        #expect(again.departementTrade == report.departementTrade)
        #expect(again.regionTrade == report.regionTrade)
    }

    @Test func sankeyFlowsSumToTheTotalForEveryTerritory() throws {
        let dataset = try Fixtures.load(Self.text)
        let aggregates = try TradeAggregates(dataset: dataset, year: 2024)
        for dep in dataset.geography.departements {
            let t = try aggregates.report(for: dep.code).departementTrade
            #expect(t.sankeyExports.totalEUR == t.exportsEUR)
            #expect(t.sankeyImports.totalEUR == t.importsEUR)
        }
    }
}
