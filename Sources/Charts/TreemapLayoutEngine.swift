import FrenchNumbers

/// Lays out the activity treemap: import and export parts side by side, widths ∝ totals, each
/// squarified into its activities (largest first, small ones folded into "Autres", "Autres" last),
/// with labels fitted to each tile.
package struct TreemapLayoutEngine {
    var options: TreemapOptions
    var measurer: TextMeasurer

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
    func fold(_ items: [ChartItem], omitted: inout [String]) -> [ChartItem] {
        var positive: [ChartItem] = []
        var other = 0.0
        var otherCount = 0
        for item in items {
            guard item.value.isFinite, item.value > 0 else { omitted.append("\(item.code): no value"); continue }
            if item.isOther { other += item.value; otherCount += 2 } else { positive.append(item) }
        }
        positive.sort { $0.value != $1.value ? $0.value > $1.value : $0.code < $1.code }
        let total = positive.reduce(0) { $0 + $1.value } + other
        var kept: [ChartItem] = []
        var folded: [ChartItem] = []
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
        if other > 0 { kept.append(ChartItem(code: "AUTRES", label: "Autres", value: other, isOther: true)) }
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
        for _ in 0..<10 {
            let height = max(0, frame.maxY - top - keyHeight)
            rectI = ChartRect(x: frame.x, y: top, width: wI, height: height)
            rectE = ChartRect(x: frame.maxX - wE, y: top, width: wE, height: height)
            tiles = layTiles([(.imports, imports, rectI, totalI), (.exports, exports, rectE, totalE)])
            let calloutBottom = placeCallouts(&tiles, top: top + height + 2, frame: frame)
            clearLeaders(&tiles)
            key = placeKey(&tiles, top: (calloutBottom ?? top + height) + options.keyGap, frame: frame, importsRect: rectI)
            let keyBottom = key.flatMap(\.labels).map(\.rect.maxY).max() ?? calloutBottom ?? (top + height)
            let needed = keyBottom > top + height ? keyBottom - (top + height) + 0.5 : 0
            if needed <= keyHeight + 1e-6 { break }
            // Never smaller again: smaller tiles number more tiles, and the key only grows.
            keyHeight = max(keyHeight, needed)
        }
        let parts = [
            TreemapPartLayout(part: .imports, total: totalI, rect: rectI, titleLabels: titles.imports),
            TreemapPartLayout(part: .exports, total: totalE, rect: rectE, titleLabels: titles.exports),
        ]
        return TreemapLayout(frame: frame, parts: parts, tiles: tiles, key: key, partsOutOfScale: outOfScale, omitted: omitted)
    }

    /// Squarified tiles of each part with their labels fitted (numbered when nothing else fits).
    private func layTiles(_ parts: [(TreemapPart, [ChartItem], ChartRect, Double)]) -> [TreemapTile] {
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
}
