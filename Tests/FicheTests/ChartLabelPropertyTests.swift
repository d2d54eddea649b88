@testable import Charts
import Foundation
@testable import TestScratch
import Testing
@testable import Fiche
@testable import TradeData

/// The rule of every chart of every fiche: no blank tile, no shortened label (no ellipsis, no
/// stub), nothing under 6 pt — checked over all départements of a small demo year, at the
/// smallest heights the pages give the charts, and on the charts of rendered fiches.
@Suite struct ChartLabelPropertyTests {
    /// A small demo year (same generator, fewer lines), aggregated once; its files are removed.
    /// A year that cannot be built fails the tests that use it, not the whole run.
    static var aggregates: TradeAggregates { get throws { try builtAggregates.get() } }
    static let builtAggregates = Result { () throws -> TradeAggregates in
        let dir = Scratch.directory("property")
        defer { try? FileManager.default.removeItem(at: dir) }
        try DemoYear.write(to: dir, linesPerFlow: 30_000)
        let dataset = try TradeDataset.load(paths: [dir])
        return try TradeAggregates(dataset: dataset, year: 2024)
    }


    static func problems(_ labels: [LabelBox], chart: String) -> [String] {
        labels.compactMap { l in
            if l.isShortened || l.text.contains("…") { return "\(chart): «\(l.text)» shortened" }
            if l.font.size < 6 - 1e-9 { return "\(chart): «\(l.text)» at \(l.font.size) pt" }
            return nil
        }
    }

    @Test func everyDepartementsChartsShowWholeLabelsOfAtLeastSixPoints() throws {
        let measurer = try FicheRenderer(options: FicheOptions()).measurer
        let width = FichePage.contentWidth
        var problems: [String] = []
        for dep in try Self.aggregates.dataset.geography.departements where dep.code != "99" {
            let report = try Self.aggregates.report(for: dep.code)
            let d = report.departementTrade
            let bars = BalanceBarsLayoutEngine(measurer: measurer).layout(ChartInputs.partners(d), in: ChartRect(x: 0, y: 0, width: width, height: 180))
            problems += Self.problems(bars.labels, chart: "\(dep.code) partners")
            let tree = TreemapLayoutEngine(measurer: measurer).layout(ChartInputs.activities(d), in: ChartRect(x: 0, y: 0, width: width, height: 200))
            problems += Self.problems(tree.labels, chart: "\(dep.code) treemap")
            for tile in tree.tiles where tile.labels.isEmpty { problems.append("\(dep.code) treemap: blank tile \(tile.code)") }
            for tile in tree.tiles where tile.fit == .numbered && !tree.key.contains(where: { $0.code == tile.code && $0.part == tile.part }) {
                problems.append("\(dep.code) treemap: tile \(tile.code) numbered but not in the key")
            }
            for trade in [d, report.regionTrade, report.franceTrade] {
                for table in [trade.sankeyExports, trade.sankeyImports] {
                    let s = SankeyLayoutEngine(measurer: measurer).layout(ChartInputs.sankey(table), in: ChartRect(x: 0, y: 0, width: width, height: 218))
                    problems += Self.problems(s.labels, chart: "\(dep.code) sankey \(trade.code)")
                    if !s.hiddenLabels.isEmpty { problems.append("\(dep.code) sankey \(trade.code): hidden \(s.hiddenLabels)") }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(20))")
    }

    @Test(arguments: ["95", "48", "20", "9E", "14", "75"])
    func renderedFichesKeepTheRule(code: String) throws {
        let dir = Scratch.directory("property")
        defer { try? FileManager.default.removeItem(at: dir) }
        let renderer = try FicheRenderer(options: FicheOptions())
        renderer.recordsChartLayouts = true
        _ = try renderer.render(Self.aggregates.report(for: code), territories: nil, to: dir.appendingPathComponent("f.pdf"))
        let dumps = renderer.lastChartDumps
        #expect(dumps.count == (code == "20" ? 7 : 9), "the years chart of the demo years, then the fiche's charts")
        for dump in dumps {
            for label in dump.labels {
                #expect(!label.shortened && !label.text.contains("…"), "\(code) \(dump.name ?? ""): «\(label.text)»")
                #expect(label.size >= 6 - 1e-9, "\(code) \(dump.name ?? ""): «\(label.text)» \(label.size) pt")
            }
            for tile in dump.tiles ?? [] { #expect(tile.label_shown, "\(code): blank tile \(tile.code)") }
            if dump.name == "activities" {
                // Tile numbers, inside their tile or at the end of a leader, at the one label size.
                let numbers = dump.labels.filter { !$0.text.isEmpty && $0.text.allSatisfy(\.isNumber) }
                #expect(!numbers.isEmpty && numbers.allSatisfy { $0.size == 7 }, "\(code): \(numbers.map { "\($0.text) \($0.size)" })")
            }
            #expect(dump.frame.x >= FichePage.safeEdge && dump.frame.x + dump.frame.w <= FichePage.size.width - FichePage.safeEdge)
        }
        // The Sankeys of one flow (the département's, the région's, France's) on one grid:
        // their left node bars start at one x, their right ones end at one x.
        for flow in ["exports", "imports"] {
            let sankeys = dumps.filter { $0.name?.hasPrefix(flow + "-") == true }
            let lefts = Set(sankeys.compactMap { $0.nodes?.filter { $0.side == "left" }.map { ($0.x * 100).rounded() }.min() })
            let rights = Set(sankeys.compactMap { $0.nodes?.filter { $0.side == "right" }.map { (($0.x + $0.w) * 100).rounded() }.max() })
            #expect(sankeys.count >= 2 && lefts.count == 1 && rights.count == 1, "\(code) \(flow): \(lefts) \(rights)")
        }
    }

    /// A région's départements chart is as tall as its rows: its legend follows the last row,
    /// with no blank band (Bretagne has four départements, Occitanie thirteen).
    @Test(arguments: ["53", "76", "11"])
    func regionDepartementsChartHasNoBlankBandUnderItsBars(region: String) throws {
        let dir = Scratch.directory("departements-chart")
        defer { try? FileManager.default.removeItem(at: dir) }
        let renderer = try FicheRenderer(options: FicheOptions())
        renderer.recordsChartLayouts = true
        let found = try #require(FrenchTerritories.region(typed: region, in: Self.aggregates.dataset.geography)?.region)
        _ = try renderer.render(Self.aggregates.regionReport(for: found), territories: nil, to: dir.appendingPathComponent("f.pdf"))
        let chart = try #require(renderer.lastChartDumps.first { $0.name == "departements" })
        let rowNames = Set((chart.rows ?? []).map(\.label))
        let lastRow = try #require(chart.labels.filter { rowNames.contains($0.text) }.map(\.y).max())
        let legend = try #require(chart.labels.first { $0.text == "Importations" }?.y)
        #expect(legend - lastRow < 30, "\(region): \(legend - lastRow) pt between the last row and the legend")
    }
}
