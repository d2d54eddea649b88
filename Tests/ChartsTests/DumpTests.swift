import Foundation
import Testing
@testable import Charts

@Suite struct LayoutDumpTests {
    @Test func dumpUsesTheDocumentedKeysForEveryKind() throws {
        let charts = [
            ChartDump(layoutSankey(realisticSankey()), name: "exports-departement", page: 2),
            ChartDump(layoutTreemap(TreemapInput(imports: realisticActivities(total: 1e9, seed: 1),
                                                 exports: realisticActivities(total: 2e9, seed: 2)))),
            ChartDump(layoutBars(realisticPartners())),
        ]
        let data = try ChartDump.json(charts)
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try #require(object["charts"] as? [[String: Any]])
        #expect(list.map { $0["kind"] as? String } == ["sankey", "treemap", "bars"])
        for chart in list {
            #expect(Set((chart["frame"] as! [String: Any]).keys) == ["x", "y", "w", "h"])
            let labels = chart["labels"] as! [[String: Any]]
            #expect(!labels.isEmpty)
            #expect(Set(labels[0].keys) == ["text", "x", "y", "w", "h", "size", "shortened"])
        }
        let node = (list[0]["nodes"] as! [[String: Any]])[0]
        #expect(Set(node.keys) == ["side", "code", "label", "value_eur", "x", "y", "w", "h"])
        let link = (list[0]["links"] as! [[String: Any]])[0]
        #expect(Set(link.keys) == ["from", "to", "value_eur", "highlight", "width"])
        let tile = (list[1]["tiles"] as! [[String: Any]])[0]
        #expect(Set(tile.keys).isSuperset(of: ["part", "code", "label", "value_eur", "x", "y", "w", "h", "label_shown"]))
        let row = (list[2]["rows"] as! [[String: Any]])[0]
        #expect(Set(row.keys) == ["code", "label", "imports_eur", "exports_eur", "balance_eur"])
        // Stable output: the same layouts give the same bytes.
        #expect(try ChartDump.json(charts) == data)
    }
}
