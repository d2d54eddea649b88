import Foundation
import Testing
@testable import Charts

/// Aggregates of real départements as TradeData computes them (`fiche inspect <dep> --json
/// --comparisons` on the demo year, calibrated to the published totals), reduced to chart series.
struct Aggregates: Decodable {
    struct Value: Decodable { let code: String; let label: String; let value: Double }
    struct Flow: Decodable { let from: String; let to: String; let value: Double; let highlight: Bool }
    struct Sankey: Decodable { let left: [Value]; let right: [Value]; let flows: [Flow] }
    struct Partner: Decodable { let code: String; let label: String; let imports: Double; let exports: Double }
    struct Activities: Decodable { let imports: [Value]; let exports: [Value] }
    let partners: [Partner]
    let activities: Activities
    let sankeys: [String: Sankey]

    static func load(_ departement: String) throws -> Aggregates {
        let url = try #require(Bundle.module.url(forResource: "aggregates-\(departement)", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Aggregates.self, from: Data(contentsOf: url))
    }

    func sankey(_ name: String) -> SankeyInput {
        let s = sankeys[name]!
        func nodes(_ v: [Value]) -> [ChartItem] { v.map { ChartItem(code: $0.code, label: $0.label, value: $0.value) } }
        return SankeyInput(left: nodes(s.left), right: nodes(s.right),
                           flows: s.flows.map { SankeyFlowInput(from: $0.from, to: $0.to, value: $0.value, highlight: $0.highlight) })
    }

    var treemap: TreemapInput {
        func items(_ v: [Value]) -> [ChartItem] { v.map { ChartItem(code: $0.code, label: $0.label, value: $0.value) } }
        return TreemapInput(imports: items(activities.imports), exports: items(activities.exports))
    }

    var bars: BalanceBarsInput {
        BalanceBarsInput(rows: partners.map { BalanceRowInput(code: $0.code, label: $0.label, imports: $0.imports, exports: $0.exports) })
    }
}

@Suite struct RealAggregatesTests {
    static let departements = ["95", "48"]
    static let sankeyNames = ["exports-departement", "exports-region", "exports-france",
                              "imports-departement", "imports-region", "imports-france"]

    @Test(arguments: departements)
    func sankeysConserveFlowsAndPlaceEveryLabel(departement: String) throws {
        let data = try Aggregates.load(departement)
        for name in Self.sankeyNames {
            for frame in [sankeyFrame, halfFrame] {
                let s = layoutSankey(data.sankey(name), in: frame)
                expectSankeyConserved(s)
                expectLabelsSound(s.labels, in: frame)
                #expect(s.hiddenLabels.isEmpty, "\(departement) \(name): hidden labels \(s.hiddenLabels)")
                #expect(s.omitted.isEmpty, "\(departement) \(name): \(s.omitted)")
                #expect(s.links.filter(\.highlight).count == 5)
                let total = data.sankeys[name]!.flows.reduce(0) { $0 + $1.value }
                #expect(relativeError(s.nodes.filter { $0.side == .left }.reduce(0) { $0 + $1.value }, total) < 1e-12)
            }
        }
    }

    @Test(arguments: departements)
    func treemapTilesAreProportionalOnRealActivities(departement: String) throws {
        let t = layoutTreemap(try Aggregates.load(departement).treemap)
        expectTreemapSound(t)
        #expect(t.tiles.filter { $0.part == .exports }.count <= TreemapOptions().maxTilesPerPart)
    }

    @Test(arguments: departements)
    func barsShareOneScaleOnRealPartners(departement: String) throws {
        let b = layoutBars(try Aggregates.load(departement).bars)
        expectBarsSound(b)
        #expect(b.rows.count == 10)
    }

    @Test func realLayoutsAreIdenticalOnTwoRuns() throws {
        let data = try Aggregates.load("95")
        for name in Self.sankeyNames { #expect(layoutSankey(data.sankey(name)) == layoutSankey(data.sankey(name))) }
        #expect(layoutTreemap(data.treemap) == layoutTreemap(data.treemap))
        #expect(layoutBars(data.bars) == layoutBars(data.bars))
    }
}
