import Foundation
import Testing
@testable import TradeData

/// What the data says about itself: demo data recognised by its content, skipped lines counted,
/// and the statements of the fiche given by `inspect --json`.
@Suite struct TruthMarksTests {
    @Test func demoFilesGivenAsDataAreStillRecognisedAsDemo() throws {
        // The small demo year of DemoYearTests, loaded as if the user had given it with --data.
        let dataset = try TradeDataset.load(paths: [DemoYearTests.smallDirectory])
        #expect(!dataset.isDemo)
        let aggregates = try TradeAggregates(dataset: dataset, year: 2024)
        #expect(aggregates.isDemo)
        #expect(try aggregates.report(for: "48").isDemo)
    }

    @Test func realLookingDataWithThePublishedTotalsIsNotTakenForDemo() throws {
        // The published Val-d'Oise totals alone do not make a demo year.
        var lines: [String] = []
        for flow in ["E", "I"] {
            let value: Int64 = flow == "E" ? 24_188_700_000 : 25_441_300_000
            for quarter in 1...4 { lines.append("\(flow);\(quarter);2024;95;03;C30Z;3030;DE;\(value / 4);1") }
        }
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dataset = try TradeDataset.load(paths: [Fixtures.write(lines.joined(separator: "\n") + "\n", named: "t.txt", in: dir)])
        #expect(!(try TradeAggregates(dataset: dataset, year: 2024).report(for: "95").isDemo))
    }

    @Test func skippedLinesReachTheReportAndTheJSON() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = """
            E;1;2024;95;03;C30Z;3030;DE;1800000;1
            E;1;2024;95;03;C30Z;3030;DE;2000000;x;y;z
            I;1;2024;95;03;C30Z;3030;DE;1000000;1

            """
        let dataset = try TradeDataset.load(paths: [Fixtures.write(text, named: "t.txt", in: dir)], skipBadLines: true)
        let report = try TradeAggregates(dataset: dataset, year: 2024).report(for: "95")
        #expect(report.skippedLineCount == 1)
        let json = try JSONSerialization.jsonObject(with: ReportJSON(report).encoded()) as! [String: Any]
        #expect(json["skipped_lines"] as? Int == 1)
    }

    @Test func theJSONGivesWhatTheTextStates() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines: [String] = []
        // Eleven sellers, then one client (Japan) that is not among the top ten partners.
        for (k, country) in ["DE", "IT", "ES", "BE", "NL", "US", "CN", "GB", "CH", "PL", "AT"].enumerated() {
            lines.append("I;1;2024;95;03;C\(20 + k)Z;1011;\(country);\(100_000_000 - k * 1_000_000);1")
        }
        lines.append("E;1;2024;95;03;C30Z;3030;JP;50000000;1")
        let dataset = try TradeDataset.load(paths: [Fixtures.write(lines.joined(separator: "\n") + "\n", named: "t.txt", in: dir)])
        let report = try TradeAggregates(dataset: dataset, year: 2024).report(for: "95")
        let json = try JSONSerialization.jsonObject(with: ReportJSON(report).encoded()) as! [String: Any]
        let statements = json["statements"] as! [String: Any]
        #expect((statements["first_client"] as? [String: Any])?["code"] as? String == "JP")
        #expect((statements["first_supplier"] as? [String: Any])?["code"] as? String == "DE")
        #expect(statements["partners_listed"] as? Int == 10)
        #expect(statements["partners_deficit"] as? Int == 10)
        #expect(statements["partners_surplus"] as? Int == 0)
        let treemap = statements["treemap"] as! [String: [[String: Any]]]
        #expect(treemap["imports"]!.count == 11)
        #expect(treemap["imports"]!.last?["name"] as? String == "Autres")
        #expect(treemap["imports"]!.last?["value_eur"] as? Int == 90_000_000)
        #expect(treemap["exports"]!.count == 1)
        #expect(json["demo"] as? Bool == false)
    }

    @Test func tenAndOthersFoldsTheSameWayAsTheSankey() throws {
        let dataset = try TradeDataset.load(paths: [DemoYearTests.smallDirectory], isDemo: true)
        let report = try TradeAggregates(dataset: dataset, year: 2024).report(for: "95")
        let facts = ReportFacts(report)
        let treemapOthers = facts.treemapExports.first { $0.isOthers }?.valueEUR
        let sankeyOthers = report.departementTrade.sankeyExports.left.first { $0.isOthers }?.valueEUR
        #expect(treemapOthers != nil && treemapOthers == sankeyOthers)
        #expect(facts.treemapExports.filter { !$0.isOthers }.map(\.code)
                == report.departementTrade.sankeyExports.left.filter { !$0.isOthers }.map(\.code))
    }
}
