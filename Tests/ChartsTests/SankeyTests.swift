import Testing
@testable import Charts

let sankeyFrame = ChartRect(x: 50, y: 100, width: 495, height: 560)
let halfFrame = ChartRect(x: 50, y: 100, width: 495, height: 250)

func layoutSankey(_ input: SankeyInput, in frame: ChartRect = sankeyFrame, options: SankeyOptions = SankeyOptions()) -> SankeyLayout {
    SankeyLayoutEngine(options: options, measurer: measurer).layout(input, in: frame)
}

/// Inflow = outflow, widths ∝ values, ribbon ends inside their nodes.
func expectSankeyConserved(_ s: SankeyLayout, sourceLocation: SourceLocation = #_sourceLocation) {
    for node in s.nodes {
        let links = s.links.filter { node.side == .left ? $0.from == node.code : $0.to == node.code }
        let linkValue = links.reduce(0) { $0 + $1.value }
        let linkWidth = links.reduce(0) { $0 + $1.width }
        #expect(relativeError(linkValue, node.value) < 1e-9, "node \(node.code): value \(node.value) ≠ flows \(linkValue)", sourceLocation: sourceLocation)
        #expect(relativeError(linkWidth, node.value * s.scale) < 1e-3, sourceLocation: sourceLocation)
        #expect(node.rect.height >= linkWidth - 1e-6, sourceLocation: sourceLocation)
        for l in links {
            let band = node.side == .left ? l.sourceY : l.targetY
            #expect(band.lowerBound >= node.rect.y - 1e-6 && band.upperBound <= node.rect.maxY + 1e-6, sourceLocation: sourceLocation)
        }
    }
    let left = s.nodes.filter { $0.side == .left }.reduce(0) { $0 + $1.value }
    let right = s.nodes.filter { $0.side == .right }.reduce(0) { $0 + $1.value }
    #expect(relativeError(left, right) < 1e-9, sourceLocation: sourceLocation)
    for l in s.links {
        #expect(relativeError(l.width, l.value * s.scale) < 1e-3, "link \(l.from)→\(l.to) width not ∝ value", sourceLocation: sourceLocation)
    }
    for n in s.nodes { #expect(sankeyFrameContains(s, n.rect), sourceLocation: sourceLocation) }
}

func sankeyFrameContains(_ s: SankeyLayout, _ r: ChartRect) -> Bool { s.frame.contains(r, tolerance: 1e-6) }

@Suite struct SankeyLayoutTests {
    @Test func realAggregatesConserveFlowAndKeepLabelsApart() {
        for frame in [sankeyFrame, halfFrame] {
            let s = layoutSankey(realisticSankey(), in: frame)
            #expect(s.nodes.count == 22)
            #expect(s.links.count == 121)
            expectSankeyConserved(s)
            expectLabelsSound(s.labels, in: frame)
            #expect(s.hiddenLabels.isEmpty)
            #expect(s.nodes.allSatisfy { $0.labels.count >= 2 })
        }
    }

    @Test func nodesAreSortedByValueWithAutresLast() {
        let s = layoutSankey(realisticSankey())
        for side in [SankeySide.left, .right] {
            let column = s.nodes.filter { $0.side == side }
            #expect(column.last?.isOther == true)
            let named = column.filter { !$0.isOther }
            #expect(zip(named, named.dropFirst()).allSatisfy { $0.value >= $1.value })
            #expect(zip(column, column.dropFirst()).allSatisfy { $0.rect.maxY <= $1.rect.y })
        }
    }

    @Test func ribbonEndsStackInTheOrderOfTheOtherEnd() {
        let s = layoutSankey(realisticSankey())
        let order = Dictionary(uniqueKeysWithValues: s.nodes.map { ("\($0.side)\($0.code)", $0.rect.y) })
        for node in s.nodes where node.side == .left {
            let ends = s.links.filter { $0.from == node.code }.sorted { $0.sourceY.lowerBound < $1.sourceY.lowerBound }
            let targets = ends.map { order["right\($0.to)"]! }
            #expect(targets == targets.sorted())
        }
        for node in s.nodes where node.side == .right {
            let ends = s.links.filter { $0.to == node.code }.sorted { $0.targetY.lowerBound < $1.targetY.lowerBound }
            let sources = ends.map { order["left\($0.from)"]! }
            #expect(sources == sources.sorted())
        }
    }

    @Test func highlightedFlowsAreDrawnLast() {
        let s = layoutSankey(realisticSankey())
        #expect(s.links.filter(\.highlight).count == 5)
        let firstHighlight = s.links.firstIndex { $0.highlight }!
        #expect(s.links[firstHighlight...].allSatisfy { $0.highlight })
    }

    @Test func aSingleFlowFillsTheHeight() {
        let input = SankeyInput(left: [ChartItem(code: "C21Z", label: "Produits pharmaceutiques", value: 5e8)],
                                right: [ChartItem(code: "US", label: "États-Unis", value: 5e8)],
                                flows: [SankeyFlowInput(from: "C21Z", to: "US", value: 5e8, highlight: true)])
        let s = layoutSankey(input)
        expectSankeyConserved(s)
        expectLabelsSound(s.labels, in: sankeyFrame)
        #expect(abs(s.nodes[0].rect.height - sankeyFrame.height) < 1e-6)
        #expect(s.links.count == 1)
    }

    @Test func oneHugeFlowAndAHundredTinyOnesStayVisibleAndLabelled() {
        var right = [ChartItem(code: "BIG", label: "Allemagne", value: 1e10)]
        var flows = [SankeyFlowInput(from: "P", to: "BIG", value: 1e10, highlight: true)]
        for i in 0..<100 {
            right.append(ChartItem(code: "T\(i)", label: "Pays \(i)", value: 1000))
            flows.append(SankeyFlowInput(from: "P", to: "T\(i)", value: 1000))
        }
        let input = SankeyInput(left: [ChartItem(code: "P", label: "Produits", value: 0)], right: right, flows: flows)
        let s = layoutSankey(input)
        expectSankeyConserved(s)
        expectLabelsSound(s.labels, in: sankeyFrame)
        let tiny = s.nodes.filter { $0.code.hasPrefix("T") }
        #expect(tiny.allSatisfy { $0.rect.height >= SankeyOptions().minNodeHeight - 1e-9 })
        // Not all 101 labels can fit in 560 pt: the hidden ones are reported, the big one kept.
        #expect(!s.hiddenLabels.contains("BIG"))
        #expect(s.nodes.filter { !$0.labels.isEmpty }.count + s.hiddenLabels.count == s.nodes.count)
        #expect(s.nodes.first { $0.code == "BIG" }!.labels.count == 2)
    }

    @Test func fourHundredTinyNodesStillFitTheFrame() {
        let frame = ChartRect(x: 0, y: 0, width: 300, height: 200)
        var flows = [SankeyFlowInput(from: "P", to: "BIG", value: 1e10)]
        var right = [ChartItem(code: "BIG", label: "Allemagne", value: 0)]
        for i in 0..<400 {
            right.append(ChartItem(code: "T\(i)", label: "Pays \(i)", value: 0))
            flows.append(SankeyFlowInput(from: "P", to: "T\(i)", value: 10))
        }
        let s = layoutSankey(SankeyInput(left: [ChartItem(code: "P", label: "Produits", value: 0)], right: right, flows: flows), in: frame)
        expectSankeyConserved(s)
        expectLabelsSound(s.labels, in: frame)
        let column = s.nodes.filter { $0.side == .right }
        #expect(zip(column, column.dropFirst()).allSatisfy { $0.rect.maxY <= $1.rect.y + 1e-9 })
        #expect(column.allSatisfy { $0.rect.height > 0 })
    }

    @Test func zeroMissingAndUnknownValuesAreLeftOutAndReported() {
        let input = SankeyInput(
            left: [ChartItem(code: "A", label: "Alpha", value: 10), ChartItem(code: "Z", label: "Zéro", value: 0)],
            right: [ChartItem(code: "X", label: "Xénon", value: 10), ChartItem(code: "Y", label: "Ypsilon", value: 0)],
            flows: [SankeyFlowInput(from: "A", to: "X", value: 10), SankeyFlowInput(from: "Z", to: "Y", value: 0),
                    SankeyFlowInput(from: "A", to: "Y", value: .nan), SankeyFlowInput(from: "A", to: "Q", value: 5),
                    SankeyFlowInput(from: "A", to: "X", value: -3)])
        let s = layoutSankey(input)
        #expect(s.nodes.map(\.code) == ["A", "X"])
        #expect(s.omitted.count == 6)
        expectSankeyConserved(s)
        expectLabelsSound(s.labels, in: sankeyFrame)
    }

    @Test func noFlowAtAllGivesAnEmptyLayout() {
        let s = layoutSankey(SankeyInput(left: [], right: [], flows: []))
        #expect(s.nodes.isEmpty && s.links.isEmpty && s.labels.isEmpty)
    }

    @Test func fortyCharacterLabelsWrapToTwoLinesBeforeAnyShortening() {
        var input = realisticSankey()
        input.left = input.left.map { var n = $0; if !n.isOther { n.label = longLabel + n.code }; return n }
        input.right = input.right.map { var n = $0; if !n.isOther { n.label = longLabel + n.code }; return n }
        let s = layoutSankey(input, in: halfFrame)
        expectSankeyConserved(s)
        expectLabelsSound(s.labels, in: halfFrame)
        #expect(s.hiddenLabels.isEmpty)
        for node in s.nodes {
            let name = node.labels.filter { $0.role == .name }.map(\.text).joined(separator: " ")
            #expect(name == node.label, "«\(name)» is not «\(node.label)»")
        }
        #expect(!s.labels.contains { $0.isShortened || $0.text.contains("…") })
        #expect(s.labels.allSatisfy { $0.rect.width <= halfFrame.width * SankeyOptions().maxLabelColumnShare + 1e-9 })
    }

    @Test func crowdedColumnsShrinkPaddingAndLabels() {
        let s = layoutSankey(realisticSankey(top: 17), in: ChartRect(x: 0, y: 0, width: 400, height: 150))
        expectSankeyConserved(s)
        expectLabelsSound(s.labels, in: ChartRect(x: 0, y: 0, width: 400, height: 150))
        #expect(s.nodes.count == 36)
    }

    @Test func layoutIsIdenticalOnTwoRuns() {
        #expect(layoutSankey(realisticSankey()) == layoutSankey(realisticSankey()))
        #expect(layoutSankey(realisticSankey(top: 17), in: halfFrame) == layoutSankey(realisticSankey(top: 17), in: halfFrame))
    }
}
