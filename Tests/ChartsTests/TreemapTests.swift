import Testing
@testable import Charts

let treemapFrame = ChartRect(x: 50, y: 400, width: 495, height: 230)

func layoutTreemap(_ input: TreemapInput, in frame: ChartRect = treemapFrame) -> TreemapLayout {
    TreemapLayoutEngine(measurer: measurer).layout(input, in: frame)
}

/// Areas ∝ values within each part (and across both unless one part was widened), tiles inside
/// their part, no overlap, every tile named or numbered, no shortened label, nothing under 6 pt.
func expectTreemapSound(_ t: TreemapLayout, sourceLocation: SourceLocation = #_sourceLocation) {
    for tile in t.tiles {
        let partTiles = t.tiles.filter { $0.part == tile.part }
        let total = partTiles.reduce(0) { $0 + $1.value }
        let area = partTiles.reduce(0) { $0 + $1.rect.area }
        let expected = tile.value / total * area
        #expect(!tile.labels.isEmpty, "tile \(tile.part) \(tile.code) is blank", sourceLocation: sourceLocation)
        if tile.fit == .numbered {
            #expect(t.key.contains { $0.code == tile.code && $0.part == tile.part }, "numbered tile \(tile.code) not in the key",
                    sourceLocation: sourceLocation)
        } else {
            let name = tile.labels.filter { $0.role == .name }.map(\.text).joined(separator: " ")
            #expect(name == tile.label, "tile name «\(name)» is not «\(tile.label)»", sourceLocation: sourceLocation)
        }
        #expect(relativeError(tile.rect.area, expected) < 0.005, "tile \(tile.part) \(tile.code): area \(tile.rect.area) vs \(expected)", sourceLocation: sourceLocation)
        let part = t.parts.first { $0.part == tile.part }!
        #expect(part.rect.contains(tile.rect, tolerance: 1e-6), "tile \(tile.code) outside its part", sourceLocation: sourceLocation)
        for label in tile.labels where tile.leader == nil {
            #expect(tile.rect.contains(label.rect, tolerance: 1e-6), "label «\(label.text)» outside its tile", sourceLocation: sourceLocation)
        }
    }
    for i in t.tiles.indices {
        for j in t.tiles.indices where j > i {
            #expect(!t.tiles[i].rect.overlaps(t.tiles[j].rect, tolerance: 1e-6), sourceLocation: sourceLocation)
        }
    }
    for p in t.parts {
        #expect(t.frame.contains(p.rect, tolerance: 1e-6), sourceLocation: sourceLocation)
        #expect(!p.titleLabels.isEmpty || p.total == 0, "part \(p.part) has no title", sourceLocation: sourceLocation)
    }
    #expect(!t.parts[0].rect.overlaps(t.parts[1].rect), sourceLocation: sourceLocation)
    // The part areas are in proportion to the totals, unless the smaller part was widened.
    let (i, e) = (t.parts[0], t.parts[1])
    if i.total > 0 && e.total > 0 && !t.partsOutOfScale {
        #expect(relativeError(i.rect.area / e.rect.area, i.total / e.total) < 0.005, sourceLocation: sourceLocation)
    }
    if t.partsOutOfScale {
        let usable = t.frame.width - TreemapOptions().partGap
        #expect(abs(min(i.rect.width, e.rect.width) - usable * TreemapOptions().minimumPartShare) < 1e-6, sourceLocation: sourceLocation)
    }
    for label in t.labels {
        #expect(!label.isShortened && !label.text.contains("…"), "label «\(label.text)» shortened", sourceLocation: sourceLocation)
        #expect(label.font.size >= 6 - 1e-9, "label «\(label.text)» under 6 pt", sourceLocation: sourceLocation)
    }
    expectLabelsSound(t.labels, in: t.frame, sourceLocation: sourceLocation)
}

@Suite struct SquarifyTests {
    @Test func tilesFillTheRectangleWithAreasProportionalToValues() {
        let values = [6.0, 6, 4, 3, 2, 2, 1]
        let rect = ChartRect(x: 0, y: 0, width: 600, height: 400)
        let tiles = Squarify.tiles(values, in: rect, ratio: 1)
        let total = values.reduce(0, +)
        for (v, t) in zip(values, tiles) {
            #expect(relativeError(t.area, v / total * rect.area) < 1e-9)
        }
        // Bruls et al.'s example: the first two tiles share the first column.
        #expect(tiles[0].x == 0 && tiles[1].x == 0)
    }

    @Test func squarifiedTilesAreCloseToSquare() {
        let values = (1...20).map { 100.0 / Double($0) }
        let tiles = Squarify.tiles(values, in: ChartRect(x: 0, y: 0, width: 400, height: 300), ratio: (1 + 5.0.squareRoot()) / 2)
        let worst = tiles.map { max($0.width / $0.height, $0.height / $0.width) }.max()!
        #expect(worst < 4)
    }
}

@Suite struct TreemapLayoutTests {
    @Test func realAggregatesGiveProportionalTilesAndFittedLabels() {
        let input = TreemapInput(imports: realisticActivities(total: 25_441_300_000, seed: 1),
                                 exports: realisticActivities(total: 24_188_700_000, seed: 2))
        let t = layoutTreemap(input)
        expectTreemapSound(t)
        #expect(t.tiles.filter { $0.part == .imports }.count == 11)
        #expect(t.tiles.filter { $0.part == .imports }.last?.isOther == true)
        // The largest tiles show their full label.
        #expect(t.tiles.filter { $0.rank == 0 }.allSatisfy { $0.fit == .full })
    }

    @Test func oneHugeValueAndAHundredTinyOnesGiveTenTilesAndAutresWithANumberedKey() {
        var items = [ChartItem(code: "BIG", label: "Produits pétroliers raffinés", value: 1e10)]
        for i in 0..<100 { items.append(ChartItem(code: "T\(i)", label: "Petit \(i)", value: 1e5)) }
        let t = layoutTreemap(TreemapInput(imports: items, exports: items))
        expectTreemapSound(t)
        let codes = ["BIG", "T0", "T1", "T10", "T11", "T12", "T13", "T14", "T15", "T16", "AUTRES"]
        #expect(t.tiles.map(\.code) == codes + codes)
        let autres = t.tiles.first { $0.code == "AUTRES" }!
        #expect(abs(autres.value - 9.1e6) < 1e-3)
        #expect(autres.rect.area > 0)
        // The tiny tiles cannot hold their names: numbered, and named in the key.
        #expect(!t.key.isEmpty)
        #expect(t.key.map(\.number) == Array(1...t.key.count))
    }

    @Test func zeroAndMissingValuesAreLeftOutAndReported() {
        let items = [ChartItem(code: "A", label: "Alpha", value: 100), ChartItem(code: "Z", label: "Zéro", value: 0),
                     ChartItem(code: "N", label: "NaN", value: .nan), ChartItem(code: "B", label: "Bêta", value: 50)]
        let t = layoutTreemap(TreemapInput(imports: items, exports: items))
        expectTreemapSound(t)
        #expect(t.tiles.map(\.code) == ["A", "B", "A", "B"])
        #expect(t.omitted.count == 4)
    }

    @Test func aDepartementWithNoImportsGivesTheWholeFrameToExports() {
        let t = layoutTreemap(TreemapInput(imports: [], exports: realisticActivities(total: 1e9, seed: 3)))
        expectTreemapSound(t)
        #expect(t.parts[0].rect.width == 0)
        #expect(abs(t.parts[1].rect.width - treemapFrame.width) < 1e-9)
        #expect(t.parts[0].titleLabels.isEmpty)
    }

    @Test func fortyCharacterLabelsAreWrappedOrNumberedNeverShortened() {
        let items = (0..<8).map { ChartItem(code: "L\($0)", label: longLabel + "\($0)", value: 1e9 / Double($0 + 1)) }
        let t = layoutTreemap(TreemapInput(imports: items, exports: items))
        expectTreemapSound(t)
        #expect(t.tiles.allSatisfy { $0.fit != .hidden })
    }

    @Test func aVerySmallPartGetsAMinimumWidthAndIsSaidOutOfScale() {
        let t = layoutTreemap(TreemapInput(imports: realisticActivities(total: 2e7, seed: 1),
                                           exports: realisticActivities(total: 4e9, seed: 2)))
        expectTreemapSound(t)
        #expect(t.partsOutOfScale)
        #expect(TreemapLayoutEngine.partsOutOfScale(importTotal: 2e7, exportTotal: 4e9))
        #expect(!TreemapLayoutEngine.partsOutOfScale(importTotal: 2e9, exportTotal: 4e9))
    }

    @Test func aTileShowsItsNameValueAndShareAtOneSizeOrItsNumber() {
        let engine = TreemapLayoutEngine(measurer: measurer)
        let big = engine.fitLabel(name: "Produits pharmaceutiques", value: 2e9, share: 0.25, in: ChartRect(x: 0, y: 0, width: 160, height: 60))
        let tight = engine.fitLabel(name: "Produits pharmaceutiques", value: 2e9, share: 0.25, in: ChartRect(x: 0, y: 0, width: 110, height: 26))
        let narrow = engine.fitLabel(name: "Produits pharmaceutiques", value: 2e9, share: 0.25, in: ChartRect(x: 0, y: 0, width: 24, height: 150))
        let tiny = engine.fitLabel(name: "Produits pharmaceutiques", value: 2e9, share: 0.25, in: ChartRect(x: 0, y: 0, width: 12, height: 8))
        #expect(big.1 == .full && big.0.map(\.text) == ["Produits pharmaceutiques", "2\u{202F}000,0\u{00A0}M€", "25,0\u{00A0}%"])
        // One form: a tile without room for the value and the share each on its line is numbered.
        #expect(tight.1 == .numbered && tight.0.isEmpty)
        // One size, upright: a tile too narrow for the name is numbered.
        for fit in [big] { #expect(fit.0.allSatisfy { $0.font.size == TreemapOptions().labelFont.size && !$0.rotated }) }
        #expect(narrow.1 == .numbered && narrow.0.isEmpty)
        #expect(tiny.1 == .hidden && tiny.0.isEmpty)
    }

    @Test func aLongNameWrapsOnThreeLinesRatherThanBeingNumbered() {
        let engine = TreemapLayoutEngine(measurer: measurer)
        let (labels, fit) = engine.fitLabel(name: "Outillage et ouvrages en métaux", value: 8.4e8, share: 0.215,
                                            in: ChartRect(x: 0, y: 0, width: 57, height: 57))
        #expect(fit != .numbered && labels.filter { $0.role == .name }.count == 3, "\(labels.map(\.text))")
    }

    @Test func eachPartsKeySitsUnderThatPart() {
        var items = [ChartItem(code: "BIG", label: "Produits pétroliers raffinés", value: 1e10)]
        for i in 0..<12 { items.append(ChartItem(code: "T\(i)", label: "Petit \(i)", value: 1e7)) }
        let t = layoutTreemap(TreemapInput(imports: items, exports: items))
        let split = (t.parts[0].rect.maxX + t.parts[1].rect.x) / 2
        #expect(!t.key.isEmpty)
        for entry in t.key {
            let xs = entry.labels.map(\.rect.x)
            #expect(entry.part == .imports ? xs.allSatisfy { $0 < split } : xs.allSatisfy { $0 > split }, "\(entry.code) \(entry.part)")
        }
        // A part too narrow for its key: the two keys stacked across the width, the imports'
        // above the exports', each headed by its part's name; never one beside the other part.
        let narrow = layoutTreemap(TreemapInput(imports: items, exports: items.map { ChartItem(code: $0.code, label: $0.label, value: $0.value / 50) }))
        let headings = narrow.key.flatMap(\.labels).filter { $0.role == .title && $0.font.weight == .bold && $0.text.hasSuffix("ations") }
        #expect(headings.map(\.text) == ["Importations", "Exportations"], "\(headings.map(\.text))")
        let importsBottom = narrow.key.filter { $0.part == .imports }.flatMap(\.labels).map(\.rect.maxY).max() ?? 0
        let exportsTop = narrow.key.filter { $0.part == .exports }.flatMap(\.labels).map(\.rect.y).min() ?? 0
        #expect(importsBottom > 0 && exportsTop >= importsBottom, "\(importsBottom) \(exportsTop)")
        #expect(narrow.key.flatMap(\.labels).allSatisfy { $0.rect.x >= narrow.frame.x && $0.rect.maxX <= narrow.frame.maxX })
    }

    @Test func layoutIsIdenticalOnTwoRuns() {
        let input = TreemapInput(imports: realisticActivities(total: 2e9, seed: 5), exports: realisticActivities(total: 3e9, seed: 6))
        #expect(layoutTreemap(input) == layoutTreemap(input))
    }
}
