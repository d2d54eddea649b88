import Foundation
import Testing
@testable import TradeData

/// Year over year on small hand-computed files: each direction, a partner new or gone, and a
/// year before that is incomplete (never compared).
@Suite struct EvolutionTests {
    /// One line per quarter (`quarters`) of `value` euros.
    static func lines(_ flow: String, _ year: Int, _ dep: String, _ activity: String, _ product: String, _ country: String,
                      _ value: Int, quarters: ClosedRange<Int> = 1...4) -> String {
        let region = dep == "13" ? "21" : "03"
        return quarters.map { "\(flow);\($0);\(year);\(dep);\(region);\(activity);\(product);\(country);\(value);1\n" }.joined()
    }

    /// 2023 and 2024 for Val-d'Oise (95), Paris (75) and Bouches-du-Rhône (13).
    static let twoYears = [
        lines("E", 2023, "95", "C21Z", "2120", "DE", 1_000_000), lines("E", 2023, "95", "C10Z", "1011", "US", 500_000),
        lines("E", 2023, "95", "C10Z", "1011", "CN", 200_000),
        lines("I", 2023, "95", "C21Z", "2120", "DE", 800_000),
        lines("E", 2023, "75", "C21Z", "2120", "DE", 2_000_000), lines("I", 2023, "75", "C21Z", "2120", "US", 2_000_000),
        lines("E", 2023, "13", "C10Z", "1011", "IT", 1_000_000), lines("I", 2023, "13", "C10Z", "1011", "IT", 1_000_000),
        // 2024: DE +10 %, US stable, IT new, CN gone; imports −25 %.
        lines("E", 2024, "95", "C21Z", "2120", "DE", 1_100_000), lines("E", 2024, "95", "C10Z", "1011", "US", 500_000),
        lines("E", 2024, "95", "C10Z", "1011", "IT", 300_000),
        lines("I", 2024, "95", "C21Z", "2120", "DE", 600_000),
        lines("E", 2024, "75", "C21Z", "2120", "DE", 2_000_000), lines("I", 2024, "75", "C21Z", "2120", "US", 2_100_000),
        lines("E", 2024, "13", "C10Z", "1011", "IT", 1_000_000), lines("I", 2024, "13", "C10Z", "1011", "IT", 1_000_000),
    ].joined()

    @Test func eachDirectionIsToldApartWithoutDividingByZero() {
        #expect(Evolution(previous: 100, current: 110).direction == .rising)
        #expect(Evolution(previous: 100, current: 90).direction == .falling)
        #expect(Evolution(previous: 1_000_000, current: 1_000_400).direction == .stable, "+0,04 %: under 0,05 %")
        #expect(Evolution(previous: 1_000_000, current: 1_000_500).direction == .rising, "+0,05 %")
        #expect(Evolution(previous: 0, current: 5).direction == .new && Evolution(previous: 0, current: 5).changePct == nil)
        #expect(Evolution(previous: 5, current: 0).direction == .vanished && Evolution(previous: 5, current: 0).changePct == -100)
        #expect(Evolution(previous: 0, current: 0).direction == .absent)
    }

    @Test func twoYearsGiveTheEvolutionsOfTheTerritoryItsRegionAndFrance() throws {
        let aggregates = try TradeAggregates(dataset: Fixtures.load(Self.twoYears), year: 2024)
        let report = try aggregates.report(for: "95")
        let previous = try #require(report.previousYear)
        #expect(previous.year == 2023 && report.previousYearGap == nil)
        // Val-d'Oise exports: 6,8 M€ → 7,6 M€ (+0,8 M€, +11,76 %); imports 3,2 → 2,4 M€ (−25 %).
        #expect(previous.exports.own == Evolution(previous: 6_800_000, current: 7_600_000))
        #expect(previous.imports.own.changePct == -25)
        // Île-de-France exports 14,8 → 15,6 M€; France adds Bouches-du-Rhône's unchanged 4 M€.
        #expect(previous.exports.region == Evolution(previous: 14_800_000, current: 15_600_000))
        #expect(previous.exports.france == Evolution(previous: 18_800_000, current: 19_600_000))
        #expect(previous.partnerExports["DE"]?.changePct == 10)
        #expect(previous.partnerExports["US"]?.direction == .stable)
        #expect(previous.partnerExports["IT"]?.direction == .new, "a partner absent the year before is new")
        #expect(previous.partnerExports["CN"] == nil, "gone partners are not in this year's chart")
        #expect(previous.activityExports["C10Z"] == Evolution(previous: 2_800_000, current: 3_200_000))
    }

    @Test func anIncompleteYearBeforeIsNeverCompared() throws {
        let partial = [
            Self.lines("E", 2023, "95", "C21Z", "2120", "DE", 1_000_000, quarters: 1...1),
            Self.lines("I", 2023, "95", "C21Z", "2120", "DE", 1_000_000, quarters: 1...1),
            Self.lines("E", 2024, "95", "C21Z", "2120", "DE", 1_000_000), Self.lines("I", 2024, "95", "C21Z", "2120", "DE", 1_000_000),
        ].joined()
        let report = try TradeAggregates(dataset: Fixtures.load(partial), year: 2024).report(for: "95")
        #expect(report.previousYear == nil)
        #expect(report.previousYearGap == "2023 is incomplete in the data (exports: Q1; imports: Q1): not compared with 2024")
        let json = try JSONSerialization.jsonObject(with: ReportJSON(report).encoded()) as? [String: Any]
        #expect(json?["previous_year"] == nil && json?["previous_year_gap"] as? String == report.previousYearGap)
    }

    @Test func oneYearOfDataSaysNothingOfEvolution() throws {
        let one = [Self.lines("E", 2024, "95", "C21Z", "2120", "DE", 1_000), Self.lines("I", 2024, "95", "C21Z", "2120", "DE", 1_000)].joined()
        let report = try TradeAggregates(dataset: Fixtures.load(one), year: 2024).report(for: "95")
        #expect(report.previousYear == nil && report.previousYearGap == nil)
    }

    @Test func theJSONGivesThePreviousValuesInTheSameUnitsAndWritesAsFoundationDoes() throws {
        let report = try TradeAggregates(dataset: Fixtures.load(Self.twoYears), year: 2024).report(for: "95")
        let json = ReportJSON(report)
        #expect(try json.encoded() == json.encodedWithFoundation())
        let object = try JSONSerialization.jsonObject(with: json.encoded()) as? [String: Any]
        let previous = try #require(object?["previous_year"] as? [String: Any])
        let exports = (previous["exports"] as? [String: Any])?["total"] as? [String: Any]
        #expect(exports?["previous_eur"] as? Int == 6_800_000 && exports?["change_pct"] as? Double == 11.76)
        let partners = previous["partners"] as? [[String: Any]] ?? []
        let italy = partners.first { $0["code"] as? String == "IT" }?["exports"] as? [String: Any]
        #expect(italy?["direction"] as? String == "new" && italy?["change_pct"] == nil, "no percentage of nothing")
    }
}
