import Foundation
import Testing
@testable import TradeData

/// Held-out check of région fiches: every figure of every région's report recomputed here from
/// the rows themselves, by INSEE's département → région table (not the aggregation's customs
/// régions), Monaco in none.
@Suite struct RegionFigureTests {
    /// Sums of the rows of one INSEE région: per flow, per country and per activity.
    struct RowSums {
        var total: [UInt8: Int64] = [:]
        var byCountry: [UInt8: [String: Int64]] = [:]
        var byActivity: [UInt8: [String: Int64]] = [:]
    }

    /// The rows of `dataset` summed per INSEE région of their département.
    static func rowSums(_ dataset: TradeDataset, year: Int) -> [String: RowSums] {
        let departements = dataset.geography.departements
        var sums: [String: RowSums] = [:]
        for chunk in dataset.chunks {
            for i in 0..<chunk.rowCount where Int(chunk.year[i]) == year {
                let customs = departements[Int(chunk.departement[i])].code
                let insee = FrenchTerritories.inseeCodes(ofCustoms: customs)
                guard let region = insee.first.flatMap({ FrenchTerritories.inseeDepartementsByCode[$0]?.regionCode }) else { continue }
                let flow = chunk.flow[i], value = chunk.value[i]
                sums[region, default: RowSums()].total[flow, default: 0] += value
                sums[region, default: RowSums()].byCountry[flow, default: [:]][chunk.countryCodes[Int(chunk.country[i])], default: 0] += value
                sums[region, default: RowSums()].byActivity[flow, default: [:]][chunk.activityCodes[Int(chunk.activity[i])], default: 0] += value
            }
        }
        return sums
    }

    @Test func everyFigureOfEveryRegionIsTheSumOfItsDepartementsRows() throws {
        let dataset = try TradeDataset.load(paths: [DemoYearTests.smallDirectory], isDemo: true)
        let aggregates = try TradeAggregates(dataset: dataset, year: 2024)
        let sums = Self.rowSums(dataset, year: 2024)
        let fiches = FrenchTerritories.regionFiches(in: dataset.geography)
        #expect(fiches.map(\.code) == ["11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94",
                                       "01", "02", "03", "04", "06"])
        var checked = 0
        for fiche in fiches {
            let report = try aggregates.regionReport(for: fiche.region)
            let expected = try #require(sums[fiche.code], "région \(fiche.code)")
            let exports: UInt8 = 0, imports: UInt8 = 1
            #expect(report.exports.totalEUR == expected.total[exports] ?? 0, "région \(fiche.code) exports")
            #expect(report.imports.totalEUR == expected.total[imports] ?? 0, "région \(fiche.code) imports")
            let trade = report.departementTrade
            for partner in trade.partners {
                #expect(partner.exportsEUR == expected.byCountry[exports]?[partner.code] ?? 0, "\(fiche.code) \(partner.code)")
                #expect(partner.importsEUR == expected.byCountry[imports]?[partner.code] ?? 0, "\(fiche.code) \(partner.code)")
            }
            for (flow, ranking) in [(exports, trade.activities.exports), (imports, trade.activities.imports)] {
                for activity in ranking {
                    #expect(activity.valueEUR == expected.byActivity[flow]?[activity.code], "\(fiche.code) \(activity.code)")
                }
                #expect(ranking.count == expected.byActivity[flow]?.values.filter { $0 > 0 }.count)
            }
            #expect(trade.sankeyExports.totalEUR == report.exports.totalEUR)
            #expect(trade.sankeyImports.totalEUR == report.imports.totalEUR)
            if let subject = report.regionSubject {
                #expect(subject.departements.reduce(0) { $0 + $1.exportsEUR } == report.exports.totalEUR)
                #expect(!subject.departements.contains { $0.code == FrenchTerritories.monacoCode })
                checked += 1
            }
        }
        #expect(checked == 12, "the 12 metropolitan régions of several départements (Corse is one territory)")
    }

    @Test func aDepartementFichesRegionTotalsAreItsRegionFichesTotals() throws {
        let dataset = try TradeDataset.load(paths: [DemoYearTests.smallDirectory], isDemo: true)
        let aggregates = try TradeAggregates(dataset: dataset, year: 2024)
        let paca = try #require(FrenchTerritories.region(typed: "93", in: dataset.geography)?.region)
        let region = try aggregates.regionReport(for: paca)
        for code in ["04", "05", "06", "13", "83", "84"] {
            let report = try aggregates.report(for: code)
            #expect(report.exports.regionTotalEUR == region.exports.totalEUR)
            #expect(report.imports.regionTotalEUR == region.imports.totalEUR)
        }
    }
}
