import Testing
@testable import Charts

/// A small graph: two products, three countries, one flow given twice, two flows that cannot be drawn.
private func smallSankey() -> SankeyInput {
    SankeyInput(
        left: [ChartItem(code: "A", label: "Alpha", value: 0), ChartItem(code: "B", label: "Bêta", value: 0)],
        right: [ChartItem(code: "X", label: "Xénon", value: 0), ChartItem(code: "Y", label: "Yttrium", value: 0),
                ChartItem(code: "W", label: "Wolfram", value: 0)],
        flows: [
            SankeyFlowInput(from: "A", to: "X", value: 3),
            SankeyFlowInput(from: "A", to: "Y", value: 2),
            SankeyFlowInput(from: "B", to: "Z", value: 5),
            SankeyFlowInput(from: "B", to: "X", value: 1),
            SankeyFlowInput(from: "A", to: "X", value: 4, highlight: true),
            SankeyFlowInput(from: "B", to: "Y", value: 0),
        ])
}

@Suite struct SankeyPassTests {
    @Test func flowsBetweenTheSameNodesMergeAndUndrawableFlowsAreReported() {
        let graph = SankeyLayoutEngine.computeGraph(smallSankey())
        #expect(graph.flows.map { "\($0.from)\($0.to)" } == ["AX", "AY", "BX"])
        #expect(graph.flows[0].value == 7 && graph.flows[0].highlight)
        #expect(graph.omitted == ["flow B→Z: unknown node", "flow B→Y: no value", "right node W: no flow"])
    }

    @Test func nodeValuesAreTheSumsOfTheirFlows() {
        let graph = SankeyLayoutEngine.computeGraph(smallSankey())
        #expect(graph.left.nodes.map(\.code) == ["A", "B"] && graph.left.values == [9, 1])
        #expect(graph.right.nodes.map(\.code) == ["X", "Y"] && graph.right.values == [8, 2])
    }

    @Test func columnsSortByValueTiesByCodeAutresLastAndKeepEachCodeOnce() {
        let nodes = [ChartItem(code: "AUTRES", label: "Autres", value: 0), ChartItem(code: "D", label: "D", value: 0),
                     ChartItem(code: "C", label: "C", value: 0), ChartItem(code: "E", label: "E", value: 0),
                     ChartItem(code: "C", label: "C again", value: 0)]
        var omitted: [String] = []
        let column = SankeyLayoutEngine.computeColumn(.left, nodes, values: ["AUTRES": 100, "C": 5, "D": 5, "E": 9],
                                                      omitted: &omitted)
        #expect(column.nodes.map(\.code) == ["E", "C", "D", "AUTRES"])
        #expect(column.nodes[1].label == "C")
        #expect(column.values == [9, 5, 5, 100])
        #expect(omitted.isEmpty)
    }

    @Test func theSharedScaleIsThatOfTheFullerColumn() {
        let spacing = SankeyColumnSpacing(height: 100, options: SankeyOptions())
        // Two nodes leave 100 − 8 of padding = 92 points for 100 €; one node has all 100 points.
        #expect(abs(spacing.sharedScale([60, 40], [100]) - 0.92) < 1e-12)
        #expect(spacing.sharedScale([], []) == 0)
    }

    @Test func tinyNodesAreRaisedToTheMinimumHeightAndTheOthersShareTheRest() {
        let spacing = SankeyColumnSpacing(height: 100, options: SankeyOptions())
        let k = spacing.scale(filling: [1000, 1])
        #expect(abs(k - (92 - 1.5) / 1000) < 1e-12)
        let rects = spacing.nodeRects([1000, 1], scale: k, top: 0)
        #expect(rects.map(\.height) == [1000 * k, 1.5])
        #expect(abs(rects[1].maxY - 100) < 1e-9)
    }

    @Test func spareRoomWidensTheGapsThenCentresTheColumn() {
        let spacing = SankeyColumnSpacing(height: 100, options: SankeyOptions())
        let rects = spacing.nodeRects([10, 10], scale: 1, top: 20)
        // Gap 8 widened to 12 (1.5× the padding); the 68 points left are split above and below.
        #expect(rects.map(\.y) == [54, 76])
        #expect(rects.allSatisfy { $0.x == 0 && $0.width == SankeyOptions().nodeWidth })
    }

    @Test func linkEndsStackInTheOrderOfTheOtherEndCentredOnTheirNode() {
        let graph = SankeyLayoutEngine.computeGraph(smallSankey())
        let left = [ChartRect(x: 0, y: 0, width: 7, height: 9), ChartRect(x: 0, y: 20, width: 7, height: 4)]
        let right = [ChartRect(x: 100, y: 0, width: 7, height: 8), ChartRect(x: 100, y: 20, width: 7, height: 2)]
        let links = SankeyLayoutEngine.computeLinkBreadths(graph, leftRects: left, rightRects: right, scale: 1,
                                                           from: 7, to: 100, curvature: 0.5)
        let byName = Dictionary(uniqueKeysWithValues: links.map { ("\($0.from)\($0.to)", $0) })
        #expect(byName["AX"]?.sourceY == 0...7 && byName["AY"]?.sourceY == 7...9)
        #expect(byName["AX"]?.targetY == 0...7 && byName["BX"]?.targetY == 7...8)
        // B (1 €) in a 4-point bar: its band is centred.
        #expect(byName["BX"]?.sourceY == 21.5...22.5)
        #expect(links.map { "\($0.from)\($0.to)" } == ["AY", "BX", "AX"])
        #expect(byName["AX"]?.top.control1 == ChartPoint(53.5, 0))
    }

    @Test func aOneLineLabelEndsAtItsColumnEdgeBesideALeftNode() {
        let engine = SankeyLayoutEngine(measurer: measurer)
        let slot = labelSlot(engine, name: "Alpha", top: 10, height: 10, alignRight: true)
        let boxes = engine.oneLineLabel(slot)
        #expect(boxes.map(\.role) == [.name, .value])
        #expect(abs(boxes[1].rect.maxX - 100) < 1e-9)
        #expect(abs(boxes[0].rect.maxX + slot.space - boxes[1].rect.x) < 1e-9)
    }

    @Test func everySankeyLabelHasItsNameAndValueOnOneRow() {
        // A roomy column (the département's Sankey alone on its page) as a crowded one.
        let items = (0..<4).map { ChartItem(code: "C\($0)", label: "Pays \($0)", value: 1e9 / Double($0 + 1)) }
        let input = SankeyInput(left: items, right: items.map { ChartItem(code: "R" + $0.code, label: $0.label, value: $0.value) },
                                flows: items.map { SankeyFlowInput(from: $0.code, to: "R" + $0.code, value: $0.value) })
        let layout = SankeyLayoutEngine(measurer: measurer).layout(input, in: ChartRect(x: 0, y: 0, width: 500, height: 600))
        for node in layout.nodes where node.labels.count == 2 {
            #expect(abs(node.labels[0].rect.midY - node.labels[1].rect.midY) < 1, "\(node.labels.map(\.text))")
        }
        #expect(!layout.nodes.isEmpty)
    }

    @Test func aShortNameIsNotWrappedBesideItsValue() {
        let engine = SankeyLayoutEngine(measurer: measurer)
        #expect(engine.nameWrappedBesideValue(labelSlot(engine, name: "Alpha", top: 0, height: 20, alignRight: true)) == nil)
    }

    @Test func aLeaderJoinsALabelMovedOffItsNodeAndOnlyThen() {
        let engine = SankeyLayoutEngine(measurer: measurer)
        let node = ChartRect(x: 110, y: 50, width: 7, height: 10)
        #expect(engine.leader(labelSlot(engine, name: "A", top: 45, height: 10, alignRight: true), to: node) == nil)
        let moved = engine.leader(labelSlot(engine, name: "A", top: 70, height: 10, alignRight: true), to: node)
        #expect(moved == [ChartPoint(101, 75), ChartPoint(109.5, 60)])
    }
}

/// A label slot in a 100-point column at x = 0, value "1,0 M€".
private func labelSlot(_ engine: SankeyLayoutEngine, name: String, top: Double, height: Double, alignRight: Bool) -> SankeyLabelSlot {
    let options = engine.options
    let valueText = "1,0\u{202F}M€"
    let valueSize = measurer.measure(valueText, font: options.valueFont)
    let space = options.nameFont.size * 0.5
    return SankeyLabelSlot(name: name, valueText: valueText, valueSize: valueSize, nameFont: options.nameFont,
                           valueFont: options.valueFont, space: space, nameRoom: 100 - valueSize.width - space,
                           top: top, height: height, columnX: 0, columnWidth: 100, alignRight: alignRight)
}
