import FrenchNumbers

// What the treemap places around its tiles: the part titles above, the callouts and the key
// of the numbered tiles below.

extension TreemapLayoutEngine {
    /// "Importations 25 441,3 M€" above the import part (left-aligned) and the same for exports
    /// (right-aligned when the part is narrow), on one line when both fit side by side, else the
    /// total goes under the title; never shortened.
    func placeTitles(totalI: Double, totalE: Double, xI: Double, wI: Double, xE: Double, wE: Double,
                     frame: ChartRect) -> (imports: [LabelBox], exports: [LabelBox], height: Double) {
        let font = options.titleFont
        let valueFont = ChartFont(size: font.size, weight: .regular, italic: font.italic)
        let gap = font.size * 0.45, spacing = font.size
        func items(_ p: TreemapPart, _ total: Double) -> [(String, ChartFont, ChartSize)] {
            guard total > 0 else { return [] }
            return [(p.title, font), (FrenchNumber.millionsOfEuros(total), valueFont)].map { ($0.0, $0.1, measurer.measure($0.0, font: $0.1)) }
        }
        let a = items(.imports, totalI), b = items(.exports, totalE)
        func width(_ items: [(String, ChartFont, ChartSize)]) -> Double {
            items.map(\.2.width).reduce(0, +) + gap * Double(max(0, items.count - 1))
        }
        let oneLine = a.isEmpty || b.isEmpty || width(a) + spacing + width(b) <= frame.width
        func boxes(_ items: [(String, ChartFont, ChartSize)], anchorLeft: Double, anchorRight: Double, stacked: Bool) -> [LabelBox] {
            guard !items.isEmpty else { return [] }
            let w = stacked ? items.map(\.2.width).max()! : width(items)
            // At its part, moved left when it would leave the frame.
            let x0 = min(max(frame.x, anchorLeft), frame.maxX - w)
            var out: [LabelBox] = []
            var x = x0, y = frame.y
            for (k, item) in items.enumerated() {
                out.append(LabelBox(text: item.0, rect: ChartRect(x: x, y: y, width: item.2.width, height: item.2.height),
                                    font: item.1, role: k == 0 ? .title : .value))
                if stacked { y += item.2.height } else { x += item.2.width + gap }
            }
            return out
        }
        if oneLine {
            let importBoxes = boxes(a, anchorLeft: xI, anchorRight: xI + wI, stacked: false)
            let importEnd = importBoxes.last.map(\.rect.maxX) ?? frame.x
            let exportBoxes = boxes(b, anchorLeft: max(xE, a.isEmpty ? frame.x : importEnd + spacing), anchorRight: frame.maxX, stacked: false)
            let h = (a + b).map(\.2.height).max() ?? 0
            return (importBoxes, exportBoxes, h)
        }
        let importBoxes = boxes(a, anchorLeft: xI, anchorRight: xI + wI, stacked: true)
        let exportBoxes = boxes(b, anchorLeft: max(xE, (importBoxes.map(\.rect.maxX).max() ?? frame.x) + spacing),
                                anchorRight: frame.maxX, stacked: true)
        let h = max(importBoxes.map(\.rect.maxY).max() ?? frame.y, exportBoxes.map(\.rect.maxY).max() ?? frame.y) - frame.y
        return (importBoxes, exportBoxes, h)
    }

    /// Numbers of the tiles too small to hold one, in a strip under the tiles, each as close as
    /// possible below its tile (exact 1-D placement), joined to it by a leader line. Returns the
    /// strip's bottom, nil when no tile needs a callout.
    func placeCallouts(_ tiles: inout [TreemapTile], top: Double, frame: ChartRect) -> Double? {
        var numbers: [Int: Int] = [:]
        var n = 0
        for (i, tile) in tiles.enumerated() where tile.fit == .numbered {
            n += 1
            if tile.labels.isEmpty { numbers[i] = n }
        }
        guard !numbers.isEmpty else { return nil }
        let font = ChartFont(size: options.keyFont.size, weight: .bold)
        let order = numbers.keys.sorted { (tiles[$0].rect.midX, $0) < (tiles[$1].rect.midX, $1) }
        let texts = order.map { String(numbers[$0]!) }
        let sizes = texts.map { measurer.measure($0, font: font) }
        let padding = 1.5
        let widths = sizes.map { $0.width + 2 * padding }
        let wanted = order.indices.map { tiles[order[$0]].rect.midX - widths[$0] / 2 }
        guard let xs = placeInOrder(wanted: wanted, heights: widths, gap: 1, low: frame.x, high: frame.maxX) else { return nil }
        let height = sizes.map(\.height).max() ?? 0
        for (k, i) in order.enumerated() {
            let rect = ChartRect(x: xs[k] + padding, y: top + 3, width: sizes[k].width, height: sizes[k].height)
            tiles[i].labels = [LabelBox(text: texts[k], rect: rect, font: font, role: .name)]
            tiles[i].leader = [ChartPoint(tiles[i].rect.midX, tiles[i].rect.midY), ChartPoint(rect.midX, rect.y)]
        }
        return top + 3 + height
    }

    /// The key lines of the numbered tiles, in two columns under the tiles: number, name, value
    /// and share, wrapped to the column (never shortened below two lines).
    func placeKey(_ tiles: inout [TreemapTile], top: Double, frame: ChartRect) -> [TreemapKeyEntry] {
        let numbered = tiles.indices.filter { tiles[$0].fit == .numbered }
        guard !numbered.isEmpty else { return [] }
        let columns = numbered.count > 1 ? 2 : 1
        let gap = 12.0
        let columnWidth = (frame.width - gap * Double(columns - 1)) / Double(columns)
        let font = options.keyFont, bold = ChartFont(size: font.size, weight: .bold)
        let lineHeight = measurer.measure("Ég", font: font).height
        let perColumn = (numbered.count + columns - 1) / columns
        var entries: [TreemapKeyEntry] = []
        var columnY = [Double](repeating: top, count: columns)
        for (k, index) in numbered.enumerated() {
            let tile = tiles[index]
            let column = k / perColumn
            let x = frame.x + Double(column) * (columnWidth + gap)
            let number = String(k + 1) + "\u{00A0}"
            let numberWidth = measurer.measure(number, font: bold).width
            let text = tile.label + "\u{00A0}: " + FrenchNumber.millionsOfEuros(tile.value) + " (" + FrenchNumber.percent(tile.share) + ")"
            let lines = LabelFitting.wrap(text, font: font, maxWidth: columnWidth - numberWidth, maxLines: 2, measurer: measurer)?.lines ?? [text]
            var boxes = [LabelBox(text: number, rect: ChartRect(x: x, y: columnY[column], width: numberWidth, height: lineHeight),
                                  font: bold, role: tile.part == .imports ? .legend : .title)]
            for line in lines {
                let w = measurer.measure(line, font: font).width
                boxes.append(LabelBox(text: line, rect: ChartRect(x: x + numberWidth, y: columnY[column], width: w, height: lineHeight),
                                      font: font, role: .legend))
                columnY[column] += lineHeight
            }
            entries.append(TreemapKeyEntry(number: k + 1, part: tile.part, code: tile.code, labels: boxes))
        }
        return entries
    }
}
