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
        let font = ChartFont(size: options.labelFont.size, weight: .bold)
        // Each leader runs straight down from its tile, where it crosses no other tile's label.
        let labelRects = tiles.indices.map { i in tiles[i].labels.map(\.rect) }
        var downX: [Int: Double] = [:]
        for i in numbers.keys {
            let tile = tiles[i].rect
            let others = labelRects.indices.filter { $0 != i }.flatMap { labelRects[$0] }
            let clear = [tile.midX, tile.maxX - 1.5, tile.x + 1.5].first { x in
                !others.contains { $0.x - 1 <= x && x <= $0.maxX + 1 && $0.maxY >= tile.midY && $0.y <= top }
            }
            downX[i] = clear ?? tile.midX
        }
        let order = numbers.keys.sorted { (downX[$0]!, $0) < (downX[$1]!, $1) }
        let texts = order.map { String(numbers[$0]!) }
        let sizes = texts.map { measurer.measure($0, font: font) }
        let padding = 1.5
        let widths = sizes.map { $0.width + 2 * padding }
        let wanted = order.indices.map { downX[order[$0]]! - widths[$0] / 2 }
        guard let xs = placeInOrder(wanted: wanted, heights: widths, gap: 1, low: frame.x, high: frame.maxX) else { return nil }
        let height = sizes.map(\.height).max() ?? 0
        for (k, i) in order.enumerated() {
            let rect = ChartRect(x: xs[k] + padding, y: top + 3, width: sizes[k].width, height: sizes[k].height)
            tiles[i].labels = [LabelBox(text: texts[k], rect: rect, font: font, role: .name)]
            let x = downX[i]!
            tiles[i].leader = [ChartPoint(x, tiles[i].rect.midY), ChartPoint(x, top + 1), ChartPoint(rect.midX, rect.y)]
        }
        return top + 3 + height
    }

    /// Moves a tile's label out of the way of the leader lines that cross it (a tiny tile's
    /// line runs down to its number through the tiles below, often «Autres»): the label block
    /// goes to the tile's right edge, else to its bottom, whichever no leader crosses.
    func clearLeaders(_ tiles: inout [TreemapTile]) {
        let leaders = tiles.compactMap(\.leader)
        guard !leaders.isEmpty else { return }
        func crossed(_ rect: ChartRect) -> Bool {
            leaders.contains { line in
                zip(line, line.dropFirst()).contains { a, b in
                    // Points along each segment, half a point apart.
                    let steps = max(2, Int((abs(b.x - a.x) + abs(b.y - a.y)) * 2))
                    return (0...steps).contains { k in
                        let t = Double(k) / Double(steps)
                        let p = ChartPoint(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
                        return p.x >= rect.x - 1 && p.x <= rect.maxX + 1 && p.y >= rect.y - 1 && p.y <= rect.maxY + 1
                    }
                }
            }
        }
        for i in tiles.indices where tiles[i].leader == nil && tiles[i].fit != .numbered && !tiles[i].labels.isEmpty {
            let boxes = tiles[i].labels
            guard boxes.contains(where: { crossed($0.rect) }) else { continue }
            let inner = tiles[i].rect.insetBy(options.tilePadding)
            let blockWidth = boxes.map(\.rect.width).max() ?? 0
            let blockHeight = (boxes.map(\.rect.maxY).max() ?? 0) - (boxes.map(\.rect.y).min() ?? 0)
            let moves = [(inner.maxX - blockWidth - inner.x, 0.0), (0.0, inner.maxY - blockHeight - inner.y),
                         (inner.maxX - blockWidth - inner.x, inner.maxY - blockHeight - inner.y)]
            for (dx, dy) in moves {
                let moved = boxes.map { box -> LabelBox in
                    var b = box
                    // Right-aligned lines when moved right, as a block.
                    b.rect.x = dx > 0 ? inner.maxX - box.rect.width : box.rect.x
                    b.rect.y += dy
                    return b
                }
                if !moved.contains(where: { crossed($0.rect) }) { tiles[i].labels = moved; break }
            }
        }
    }

    /// The key lines of the numbered tiles under the tiles, each part's under that part: the
    /// imports' on the left, the exports' on the right. When a part is too narrow for its key
    /// (under 38 % of the width), the two keys are stacked across the whole width instead, the
    /// imports' then the exports', each headed by its part's name in its colour and set in two
    /// columns: never one part's key under the other part. Number, name, value and share,
    /// wrapped to the column on at most three lines (never shortened).
    func placeKey(_ tiles: inout [TreemapTile], top: Double, frame: ChartRect, importsRect: ChartRect) -> [TreemapKeyEntry] {
        let numbered = tiles.indices.filter { tiles[$0].fit == .numbered }
        guard !numbered.isEmpty else { return [] }
        let gap = 12.0
        let parts = Set(numbered.map { tiles[$0].part })
        let split = importsRect.width > 0 ? importsRect.maxX + options.partGap / 2 : frame.x
        let underParts = parts.count == 1 || (split >= frame.x + 0.38 * frame.width && split <= frame.maxX - 0.38 * frame.width)
        guard underParts else { return placeStackedKey(tiles, numbered: numbered, top: top, frame: frame, gap: gap) }
        func column(_ part: TreemapPart) -> (x: Double, width: Double) {
            if parts.count == 1 && (part == .imports ? importsRect.width >= frame.width - 1e-6 : importsRect.width == 0) {
                return (frame.x, frame.width)  // one part only: the whole width
            }
            return part == .imports ? (frame.x, split - frame.x - gap / 2) : (split + gap / 2, frame.maxX - split - gap / 2)
        }
        var columnY: [TreemapPart: Double] = [.imports: top, .exports: top]
        return numbered.enumerated().map { k, index in
            let tile = tiles[index]
            let (x, width) = column(tile.part)
            let (boxes, bottom) = keyEntry(k + 1, tile, x: x, y: columnY[tile.part]!, width: width)
            columnY[tile.part] = bottom
            return TreemapKeyEntry(number: k + 1, part: tile.part, code: tile.code, labels: boxes)
        }
    }

    /// The two keys stacked across the width (see `placeKey`), each in two columns under its
    /// part's name.
    func placeStackedKey(_ tiles: [TreemapTile], numbered: [Int], top: Double, frame: ChartRect, gap: Double) -> [TreemapKeyEntry] {
        let bold = ChartFont(size: options.keyFont.size, weight: .bold)
        let lineHeight = measurer.measure("Ég", font: options.keyFont).height
        let columnWidth = (frame.width - gap) / 2
        var entries: [TreemapKeyEntry] = []
        var y = top
        for part in [TreemapPart.imports, .exports] {
            let mine = numbered.enumerated().filter { tiles[$0.element].part == part }
            guard !mine.isEmpty else { continue }
            let heading = LabelBox(text: part.title, rect: ChartRect(x: frame.x, y: y, width: measurer.measure(part.title, font: bold).width,
                                                                     height: lineHeight), font: bold, role: .title)
            var columnY = [y + lineHeight, y + lineHeight]
            let half = (mine.count + 1) / 2
            for (j, (k, index)) in mine.enumerated() {
                let c = j < half ? 0 : 1
                let (boxes, bottom) = keyEntry(k + 1, tiles[index], x: frame.x + Double(c) * (columnWidth + gap), y: columnY[c], width: columnWidth)
                columnY[c] = bottom
                entries.append(TreemapKeyEntry(number: k + 1, part: part, code: tiles[index].code, labels: (j == 0 ? [heading] : []) + boxes))
            }
            y = max(columnY[0], columnY[1]) + lineHeight / 3
        }
        return entries
    }

    /// One key entry at (`x`, `y`) in `width`: the number, then name, value and share wrapped
    /// on at most three lines; and the bottom of its last line.
    func keyEntry(_ number: Int, _ tile: TreemapTile, x: Double, y top: Double, width: Double) -> (boxes: [LabelBox], bottom: Double) {
        let font = options.keyFont, bold = ChartFont(size: font.size, weight: .bold)
        let lineHeight = measurer.measure("Ég", font: font).height
        let mark = String(number) + "\u{00A0}"
        let markWidth = measurer.measure(mark, font: bold).width
        let text = tile.label + "\u{00A0}: " + FrenchNumber.millionsOfEuros(tile.value) + " (" + FrenchNumber.percent(tile.share) + ")"
        let lines = LabelFitting.wrap(text, font: font, maxWidth: width - markWidth, maxLines: 3, measurer: measurer)?.lines ?? [text]
        var y = top
        var boxes = [LabelBox(text: mark, rect: ChartRect(x: x, y: y, width: markWidth, height: lineHeight),
                              font: bold, role: tile.part == .imports ? .legend : .title)]
        for line in lines {
            boxes.append(LabelBox(text: line, rect: ChartRect(x: x + markWidth, y: y, width: measurer.measure(line, font: font).width,
                                                              height: lineHeight), font: font, role: .legend))
            y += lineHeight
        }
        return (boxes, y)
    }
}
