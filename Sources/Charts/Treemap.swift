import FrenchNumbers

/// An activity (product) and its value, as given by the caller.
package struct TreemapItem: Hashable, Sendable {
    package var code: String
    /// The (short) name shown on the tile.
    package var label: String
    /// Value in euros.
    package var value: Double
    package var isOther: Bool
    package init(code: String, label: String, value: Double, isOther: Bool? = nil) {
        self.code = code; self.label = label; self.value = value
        self.isOther = isOther ?? (code.uppercased() == "AUTRES")
    }
}

/// The two halves of the activity treemap.
package struct TreemapInput: Hashable, Sendable {
    package var imports: [TreemapItem]
    package var exports: [TreemapItem]
    package init(imports: [TreemapItem], exports: [TreemapItem]) { self.imports = imports; self.exports = exports }
}

/// Which half a tile belongs to.
package enum TreemapPart: String, Hashable, Sendable, Codable {
    case imports, exports

    /// The French title of the part.
    package var title: String { self == .imports ? "Importations" : "Exportations" }
}

/// Settings of the treemap layout.
package struct TreemapOptions: Hashable, Sendable {
    /// Target aspect ratio of the tiles (d3's default: the golden ratio).
    package var ratio: Double = (1 + 5.0.squareRoot()) / 2
    /// The most tiles per part, "Autres" included: ten activities and « Autres », as in the
    /// Sankeys and the method page.
    package var maxTilesPerPart: Int = 11
    /// Items below this share of their part are folded into "Autres" (0: only the rank counts,
    /// so that the treemap and the Sankeys fold the same activities).
    package var minTileShare: Double = 0
    /// The narrowest a part may be, as a share of the usable width: a smaller part is widened
    /// to this (and the reading key says the two parts are not to scale).
    package var minimumPartShare: Double = 0.16
    /// Gap between the import and export parts.
    package var partGap: Double = 6
    /// Font of the part titles.
    package var titleFont = ChartFont(size: 8.5, weight: .bold)
    /// Space between the titles and the tiles.
    package var titleGap: Double = 3
    /// Font of tile names (values and shares use it at the same size).
    package var labelFont = ChartFont(size: 7.5, weight: .semibold)
    /// Smallest font a tile label may shrink to before the tile is numbered (never under 6 pt).
    package var minFontSize: Double = 6
    /// Font of the key naming the numbered tiles.
    package var keyFont = ChartFont(size: 6.5)
    /// Space between the tiles and the key.
    package var keyGap: Double = 5
    /// Inner margin of tile labels.
    package var tilePadding: Double = 3
    package init() {}
}

/// How much of its label a tile shows.
package enum TileLabelFit: String, Hashable, Sendable, Codable {
    /// Name, value and share at the base size.
    case full
    /// Shortened (fewer lines or an ellipsis) at the base size.
    case short
    /// A smaller font.
    case small
    /// Turned a quarter to read upwards, in a tall narrow tile.
    case rotated
    /// Too small for its name: a number, named in the key under the chart.
    case numbered
    /// No label: the tile is too small (still drawn).
    case hidden
}

/// A laid-out tile.
package struct TreemapTile: Hashable, Sendable {
    package var part: TreemapPart
    package var code: String
    package var label: String
    package var value: Double
    /// Share of the part's total.
    package var share: Double
    /// Rank in its part (0 = largest), for the colour shade.
    package var rank: Int
    package var isOther: Bool
    package var rect: ChartRect
    package var labels: [LabelBox]
    package var fit: TileLabelFit
    /// For a tile too small even for its number: a line from the tile to its number, placed
    /// under the tiles (a callout).
    package var leader: [ChartPoint]? = nil
}

/// A line of the key naming a numbered tile: "3 Pharmacie : 12,4 M€ (0,8 %)".
package struct TreemapKeyEntry: Hashable, Sendable {
    package var number: Int
    package var part: TreemapPart
    package var code: String
    package var labels: [LabelBox]
}

/// A laid-out half of the treemap.
package struct TreemapPartLayout: Hashable, Sendable {
    package var part: TreemapPart
    /// Sum of the part's values, in euros.
    package var total: Double
    /// The area the tiles fill (∝ total).
    package var rect: ChartRect
    /// Title and total above the part.
    package var titleLabels: [LabelBox]
}

/// The geometry of the activity treemap.
package struct TreemapLayout: Hashable, Sendable {
    package var frame: ChartRect
    package var parts: [TreemapPartLayout]
    package var tiles: [TreemapTile]
    /// The key of the numbered tiles, under the tiles (empty when every tile has its name).
    package var key: [TreemapKeyEntry] = []
    /// Whether one part was widened to stay readable (the parts are then not to scale).
    package var partsOutOfScale = false
    /// Items left out for having no positive value.
    package var omitted: [String]

    /// Every placed label.
    package var labels: [LabelBox] { parts.flatMap(\.titleLabels) + tiles.flatMap(\.labels) + key.flatMap(\.labels) }
}

/// Squarified treemap (Bruls, Huizing & van Wijk, 2000) with the row rule of d3's
/// `treemapSquarify`: items in decreasing order are added to the current row while the worst
/// aspect ratio (relative to the target `ratio`) improves; a row is laid along the shorter side.
package enum Squarify {
    /// Rectangles for `values` (in order) filling `rect`, areas proportional to the values.
    package static func tiles(_ values: [Double], in rect: ChartRect, ratio: Double) -> [ChartRect] {
        var out = [ChartRect](repeating: ChartRect(x: rect.x, y: rect.y, width: 0, height: 0), count: values.count)
        var x0 = rect.x, y0 = rect.y
        let x1 = rect.maxX, y1 = rect.maxY
        var remaining = values.reduce(0, +)
        let n = values.count
        var i0 = 0
        while i0 < n {
            let dx = x1 - x0, dy = y1 - y0
            var i1 = i0
            var sum = 0.0
            repeat { sum = values[i1]; i1 += 1 } while sum == 0 && i1 < n
            var minV = sum, maxV = sum
            let alpha = max(dy / dx, dx / dy) / (remaining * ratio)
            var beta = sum * sum * alpha
            var minRatio = max(maxV / beta, beta / minV)
            while i1 < n {
                let v = values[i1]
                let newSum = sum + v
                let newMin = min(minV, v), newMax = max(maxV, v)
                beta = newSum * newSum * alpha
                let newRatio = max(newMax / beta, beta / newMin)
                if newRatio > minRatio { break }
                sum = newSum; minV = newMin; maxV = newMax; minRatio = newRatio
                i1 += 1
            }
            let share = remaining > 0 ? sum / remaining : 1
            if dx < dy {
                // Row across the width, at the top ("dice").
                let h = i1 == n ? y1 - y0 : dy * share
                var x = x0
                for i in i0..<i1 {
                    let w = i == i1 - 1 ? x1 - x : (sum > 0 ? dx * values[i] / sum : 0)
                    out[i] = ChartRect(x: x, y: y0, width: w, height: h)
                    x += w
                }
                y0 += h
            } else {
                // Column down the height, at the left ("slice").
                let w = i1 == n ? x1 - x0 : dx * share
                var y = y0
                for i in i0..<i1 {
                    let h = i == i1 - 1 ? y1 - y : (sum > 0 ? dy * values[i] / sum : 0)
                    out[i] = ChartRect(x: x0, y: y, width: w, height: h)
                    y += h
                }
                x0 += w
            }
            remaining -= sum
            i0 = i1
        }
        return out
    }
}

/// Lays out the activity treemap: import and export parts side by side, widths ∝ totals, each
/// squarified into its activities (largest first, small ones folded into "Autres", "Autres" last),
/// with labels fitted to each tile.
package struct TreemapLayoutEngine {
    package var options: TreemapOptions
    package var measurer: TextMeasurer

    package init(options: TreemapOptions = TreemapOptions(), measurer: TextMeasurer) {
        self.options = options
        self.measurer = measurer
    }

    /// Whether one part is so much smaller than the other that it gets the minimum width, so that
    /// the two parts are not drawn to the same scale.
    package static func partsOutOfScale(importTotal: Double, exportTotal: Double, options: TreemapOptions = TreemapOptions()) -> Bool {
        let smaller = min(importTotal, exportTotal), sum = importTotal + exportTotal
        return smaller > 0 && smaller / sum < options.minimumPartShare
    }

    /// Keeps the largest items, folds the rest (and any given "Autres") into one "Autres" item.
    package func fold(_ items: [TreemapItem], omitted: inout [String]) -> [TreemapItem] {
        var positive: [TreemapItem] = []
        var other = 0.0
        var otherCount = 0
        for item in items {
            guard item.value.isFinite, item.value > 0 else { omitted.append("\(item.code): no value"); continue }
            if item.isOther { other += item.value; otherCount += 2 } else { positive.append(item) }
        }
        positive.sort { $0.value != $1.value ? $0.value > $1.value : $0.code < $1.code }
        let total = positive.reduce(0) { $0 + $1.value } + other
        var kept: [TreemapItem] = []
        var folded: [TreemapItem] = []
        for item in positive {
            let room = options.maxTilesPerPart - 1
            if kept.count < room && item.value >= options.minTileShare * total { kept.append(item) } else { folded.append(item) }
        }
        // Folding a single item gains nothing: keep it as itself if there is room.
        if folded.count == 1 && otherCount == 0 && kept.count < options.maxTilesPerPart {
            kept.append(folded[0])
            folded = []
        }
        other += folded.reduce(0) { $0 + $1.value }
        if other > 0 { kept.append(TreemapItem(code: "AUTRES", label: "Autres", value: other, isOther: true)) }
        return kept
    }

    /// Lays out `input` in `frame`: titles, tiles, then the key of the numbered tiles, whose
    /// height is taken from the tiles' (tiles are laid out again until the key fits).
    package func layout(_ input: TreemapInput, in frame: ChartRect) -> TreemapLayout {
        var omitted: [String] = []
        let imports = fold(input.imports, omitted: &omitted)
        let exports = fold(input.exports, omitted: &omitted)
        let totalI = imports.reduce(0) { $0 + $1.value }, totalE = exports.reduce(0) { $0 + $1.value }
        let outOfScale = Self.partsOutOfScale(importTotal: totalI, exportTotal: totalE, options: options)

        let both = totalI > 0 && totalE > 0
        let usable = frame.width - (both ? options.partGap : 0)
        let sum = totalI + totalE
        var wI = sum > 0 ? usable * totalI / sum : 0
        if outOfScale { wI = usable * (totalI < totalE ? options.minimumPartShare : 1 - options.minimumPartShare) }
        let wE = sum > 0 ? usable - wI : 0
        // Titles: "Importations" and the total above each part, on one line or, when a part is
        // narrow, on two.
        let titles = placeTitles(totalI: totalI, totalE: totalE, xI: frame.x, wI: wI, xE: frame.maxX - wE, wE: wE, frame: frame)
        let top = frame.y + titles.height + options.titleGap

        var keyHeight = 0.0
        var tiles: [TreemapTile] = []
        var key: [TreemapKeyEntry] = []
        var rectI = ChartRect(x: frame.x, y: top, width: wI, height: 0), rectE = rectI
        for _ in 0..<4 {
            let height = max(0, frame.maxY - top - keyHeight)
            rectI = ChartRect(x: frame.x, y: top, width: wI, height: height)
            rectE = ChartRect(x: frame.maxX - wE, y: top, width: wE, height: height)
            tiles = layTiles([(.imports, imports, rectI, totalI), (.exports, exports, rectE, totalE)])
            let calloutBottom = placeCallouts(&tiles, top: top + height + 2, frame: frame)
            key = placeKey(&tiles, top: (calloutBottom ?? top + height) + options.keyGap, frame: frame)
            let keyBottom = key.flatMap(\.labels).map(\.rect.maxY).max() ?? calloutBottom ?? (top + height)
            let needed = keyBottom > top + height ? keyBottom - (top + height) + 0.5 : 0
            if needed <= keyHeight + 1e-6 { break }
            keyHeight = needed
        }
        let parts = [
            TreemapPartLayout(part: .imports, total: totalI, rect: rectI, titleLabels: titles.imports),
            TreemapPartLayout(part: .exports, total: totalE, rect: rectE, titleLabels: titles.exports),
        ]
        return TreemapLayout(frame: frame, parts: parts, tiles: tiles, key: key, partsOutOfScale: outOfScale, omitted: omitted)
    }

    /// Squarified tiles of each part with their labels fitted (numbered when nothing else fits).
    private func layTiles(_ parts: [(TreemapPart, [TreemapItem], ChartRect, Double)]) -> [TreemapTile] {
        var tiles: [TreemapTile] = []
        var number = 0
        for (part, items, rect, total) in parts {
            guard total > 0, rect.width > 0, rect.height > 0 else { continue }
            let rects = Squarify.tiles(items.map(\.value), in: rect, ratio: options.ratio)
            for (rank, (item, r)) in zip(items, rects).enumerated() {
                let share = item.value / total
                var (labels, fit) = fitLabel(name: item.label, value: item.value, share: share, in: r)
                if fit == .hidden || fit == .numbered {
                    number += 1
                    (labels, fit) = numberLabel(number, in: r)
                }
                tiles.append(TreemapTile(part: part, code: item.code, label: item.label, value: item.value, share: share,
                                         rank: rank, isOther: item.isOther, rect: r, labels: labels, fit: fit))
            }
        }
        return tiles
    }

    /// The tile's number, centred, at the largest size from the base size down to 6 pt that fits
    /// (a 1 pt inner margin); above the tile's top edge, inside the part, when even that does not fit.
    private func numberLabel(_ number: Int, in tile: ChartRect) -> ([LabelBox], TileLabelFit) {
        let text = String(number)
        var size = options.labelFont.size
        while size >= options.minFontSize - 1e-9 {
            let font = ChartFont(size: size, weight: .bold)
            let m = measurer.measure(text, font: font)
            if m.width <= tile.width - 2, m.height <= tile.height - 1 {
                let rect = ChartRect(x: tile.midX - m.width / 2, y: tile.midY - m.height / 2, width: m.width, height: m.height)
                return ([LabelBox(text: text, rect: rect, font: font, role: .name)], .numbered)
            }
            size -= 0.5
        }
        return ([], .numbered)
    }

    /// Numbers of the tiles too small to hold one, in a strip under the tiles, each as close as
    /// possible below its tile (exact 1-D placement), joined to it by a leader line. Returns the
    /// strip's bottom, nil when no tile needs a callout.
    private func placeCallouts(_ tiles: inout [TreemapTile], top: Double, frame: ChartRect) -> Double? {
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
    private func placeKey(_ tiles: inout [TreemapTile], top: Double, frame: ChartRect) -> [TreemapKeyEntry] {
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

    /// "Importations 25 441,3 M€" above the import part (left-aligned) and the same for exports
    /// (right-aligned when the part is narrow), on one line when both fit side by side, else the
    /// total goes under the title; never shortened.
    private func placeTitles(totalI: Double, totalE: Double, xI: Double, wI: Double, xE: Double, wE: Double,
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

    /// Label candidates for a tile, best first: (name ≤ 2 lines, value, share) → (name, value · share)
    /// → (name, value) at the base size, then the same at smaller sizes down to 6 pt, turned a
    /// quarter in a tall narrow tile; a name is never shortened: the tile is numbered instead.
    func fitLabel(name: String, value: Double, share: Double, in tile: ChartRect) -> ([LabelBox], TileLabelFit) {
        let inner = tile.insetBy(options.tilePadding)
        guard inner.width > 4, inner.height > 4 else { return ([], .hidden) }
        let upright = fitLabel(name: name, value: value, share: share, inner: inner, rotated: false)
        if let upright, upright.1 == .full { return upright }
        // A tall, narrow tile: the same candidates reading upwards, kept if they show more.
        if inner.height > inner.width * 1.3,
           let turned = fitLabel(name: name, value: value, share: share, inner: inner, rotated: true) {
            func rank(_ r: ([LabelBox], TileLabelFit)) -> Int {
                let base = r.1 == .full ? 0 : (r.1 == .short ? 2 : 4)
                return base + (r.0.contains { $0.isShortened } ? 1 : 0)
            }
            if upright == nil || rank(turned) < rank(upright!) { return (turned.0, .rotated) }
        }
        return upright ?? ([], .numbered)
    }

    private func fitLabel(name: String, value: Double, share: Double, inner: ChartRect, rotated: Bool) -> ([LabelBox], TileLabelFit)? {
        // Along the text and across the lines.
        let along = rotated ? inner.height : inner.width
        let across = rotated ? inner.width : inner.height
        let valueText = FrenchNumber.millionsOfEuros(value)
        let shareText = FrenchNumber.percent(share)
        var size = options.labelFont.size
        var sizes: [Double] = []
        while size >= options.minFontSize - 1e-9 { sizes.append(size); size -= 0.5 }
        for (index, size) in sizes.enumerated() {
            let nameFont = options.labelFont.sized(size)
            let valueFont = ChartFont(size: size, weight: .regular)
            // Quick rejection: the name needs at least its width spread over the lines left
            // above the value (at most two), whatever the wrapping.
            let lineHeight = measurer.measure("Ég", font: nameFont).height
            let nameLines = min(2.0, (across / lineHeight).rounded(.down) - 1)
            if nameLines < 1 || along * nameLines < measurer.measure(name, font: nameFont).width { continue }
            typealias Line = (text: String, font: ChartFont, role: LabelRole, shortened: Bool)
            var candidates: [([Line], Bool)] = []  // lines, is "short"
            if let wrapped = LabelFitting.wrap(name, font: nameFont, maxWidth: along, maxLines: 2, measurer: measurer),
               !wrapped.shortened {
                let nameLines = wrapped.lines.map { Line($0, nameFont, .name, false) }
                candidates.append((nameLines + [Line(valueText, valueFont, .value, false), Line(shareText, valueFont, .value, false)], false))
                candidates.append((nameLines + [Line(valueText + " · " + shareText, valueFont, .value, false)], true))
                candidates.append((nameLines + [Line(valueText, valueFont, .value, false)], true))
            }
            for (lines, isShort) in candidates {
                var offset = 0.0  // across the lines
                var boxes: [LabelBox] = []
                var fits = true
                for line in lines {
                    let s = measurer.measure(line.text, font: line.font)
                    if s.width > along + 1e-9 || offset + s.height > across + 1e-9 { fits = false; break }
                    // Upright: lines go down from the top-left. Rotated: text reads upwards from the
                    // bottom-left, lines go right; the box is the rotated extent.
                    let rect = rotated
                        ? ChartRect(x: inner.x + offset, y: inner.maxY - s.width, width: s.height, height: s.width)
                        : ChartRect(x: inner.x, y: inner.y + offset, width: s.width, height: s.height)
                    boxes.append(LabelBox(text: line.text, rect: rect, font: line.font, role: line.role,
                                          isShortened: line.shortened, rotated: rotated))
                    offset += s.height
                }
                if fits {
                    let fit: TileLabelFit = index > 0 ? .small : (isShort ? .short : .full)
                    return (boxes, fit)
                }
            }
        }
        return nil
    }
}
