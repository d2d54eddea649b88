import Foundation
import Testing
@testable import TradeData

/// Several years of data: the fiche's year and the year before are kept row by row, the older
/// years as totals, and no figure of the fiche changes.
@Suite struct DetailYearsTests {
    /// One file per year, 2021–2024, both flows, Val-d'Oise, Paris and Bouches-du-Rhône.
    static func folder() throws -> URL {
        let dir = Fixtures.temporaryDirectory()
        for (k, year) in (2021...2024).enumerated() {
            let text = [EvolutionTests.lines("E", year, "95", "C21Z", "2120", "DE", 1_000_000 + k * 100_000),
                        EvolutionTests.lines("E", year, "95", "C10Z", "1011", ["US", "IT", "US", "CN"][k], 500_000),
                        EvolutionTests.lines("I", year, "95", "C21Z", "2120", "DE", 800_000 - k * 50_000),
                        EvolutionTests.lines("E", year, "75", "C21Z", "2120", "DE", 2_000_000),
                        EvolutionTests.lines("I", year, "13", "C10Z", "1011", "IT", 1_000_000 + k)].joined()
            try Fixtures.write(text, named: "Region_\(year).txt", in: dir)
        }
        return dir
    }

    @Test func olderYearsAreTotalsAndTheFicheIsTheSame() throws {
        let dir = try Self.folder()
        let all = try TradeDataset.load(paths: [dir], detail: .all)
        let pruned = try TradeDataset.load(paths: [dir], detail: .fiche(year: nil))
        #expect(pruned.summarizedYears == [2021, 2022] && all.summarizedYears.isEmpty)
        for code in ["95", "75", "13"] {
            let a = try TradeAggregates(dataset: all, year: 2024).report(for: code)
            let b = try TradeAggregates(dataset: pruned, year: 2024).report(for: code)
            #expect(try ReportJSON(a).encoded() == ReportJSON(b).encoded(), "\(code)")
            #expect(a.years == b.years && a.years.map(\.year) == [2021, 2022, 2023, 2024])
        }
        #expect(Fixtures.message { _ = try TradeAggregates(dataset: pruned, year: 2021) }
                == "2021 was read as yearly totals only (the fiche's year and the year before are read in detail); give --year 2021 to make its fiche")
    }

    @Test func anEarlierFicheYearKeepsThatYearAndTheOneBeforeInDetail() throws {
        let pruned = try TradeDataset.load(paths: [Self.folder()], detail: .fiche(year: 2022))
        #expect(pruned.summarizedYears == [2023, 2024])
        let report = try TradeAggregates(dataset: pruned, year: 2022).report(for: "95")
        #expect(report.previousYear?.year == 2021 && report.years.map(\.year) == [2021, 2022])
    }

    @Test func thePeriodScanReadsTheFirstThreeFieldsOfEveryLine() {
        let text = "E;1;2023;95;03;C21Z;2120;DE;1;1\r\nI;4;2024;95;03;C21Z;2120;DE;1;1\nnot a line\nE;2;2023;95"
        let periods = Array(text.utf8).withUnsafeBufferPointer { TradeInput.periods(in: $0) }
        let expected: Set<UInt32> = [UInt32(2023) << 16 | 1, UInt32(2024) << 16 | UInt32(1) << 8 | 4, UInt32(2023) << 16 | 2]
        #expect(periods == expected, "a cut line still names its period")
    }
}
