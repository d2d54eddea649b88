import FrenchNumbers

/// An activity (product) and its value, as given by the caller.
public struct TreemapItem: Hashable, Sendable {
    public var code: String
    /// The (short) name shown on the tile.
    public var label: String
    /// Value in euros.
    public var value: Double
    public var isOther: Bool
    public init(code: String, label: String, value: Double, isOther: Bool? = nil) {
        self.code = code; self.label = label; self.value = value
        self.isOther = isOther ?? (code.uppercased() == "AUTRES")
    }
}

/// The two halves of the activity treemap.
public struct TreemapInput: Hashable, Sendable {
    public var imports: [TreemapItem]
    public var exports: [TreemapItem]
    public init(imports: [TreemapItem], exports: [TreemapItem]) { self.imports = imports; self.exports = exports }
}

/// Which half a tile belongs to.
public enum TreemapPart: String, Hashable, Sendable, Codable {
    case imports, exports

    /// The French title of the part.
    public var title: String { self == .imports ? "Importations" : "Exportations" }
}

/// Settings of the treemap layout.
public struct TreemapOptions: Hashable, Sendable {
    /// Target aspect ratio of the tiles (d3's default: the golden ratio).
    public var ratio: Double = (1 + 5.0.squareRoot()) / 2
    /// The most tiles per part, "Autres" included.
    public var maxTilesPerPart: Int = 10
    /// Items below this share of their part are folded into "Autres".
    public var minTileShare: Double = 0.01
    /// Gap between the import and export parts.
    public var partGap: Double = 6
    /// Font of the part titles.
    public var titleFont = ChartFont(size: 8.5, weight: .bold)
    /// Space between the titles and the tiles.
    public var titleGap: Double = 3
    /// Font of tile names (values and shares use it at the same size).
    public var labelFont = ChartFont(size: 7.5, weight: .semibold)
    /// Smallest font a tile label may shrink to before it is hidden.
    public var minFontSize: Double = 5.5
    /// Inner margin of tile labels.
    public var tilePadding: Double = 3
    public init() {}
}

/// How much of its label a tile shows.
public enum TileLabelFit: String, Hashable, Sendable, Codable {
    /// Name, value and share at the base size.
    case full
    /// Shortened (fewer lines or an ellipsis) at the base size.
    case short
    /// A smaller font.
    case small
    /// Turned a quarter to read upwards, in a tall narrow tile.
    case rotated
    /// No label: the tile is too small (still drawn).
    case hidden
}

/// A laid-out tile.
public struct TreemapTile: Hashable, Sendable {
    public var part: TreemapPart
    public var code: String
    public var label: String
    public var value: Double
    /// Share of the part's total.
    public var share: Double
    /// Rank in its part (0 = largest), for the colour shade.
    public var rank: Int
    public var isOther: Bool
    public var rect: ChartRect
    public var labels: [LabelBox]
    public var fit: TileLabelFit
}

/// A laid-out half of the treemap.
public struct TreemapPartLayout: Hashable, Sendable {
    public var part: TreemapPart
    /// Sum of the part's values, in euros.
    public var total: Double
    /// The area the tiles fill (∝ total).
    public var rect: ChartRect
    /// Title and total above the part.
    public var titleLabels: [LabelBox]
}

/// The geometry of the activity treemap.
public struct TreemapLayout: Hashable, Sendable {
    public var frame: ChartRect
    public var parts: [TreemapPartLayout]
    public var tiles: [TreemapTile]
    /// Items left out for having no positive value.
    public var omitted: [String]

    /// Every placed label.
    public var labels: [LabelBox] { parts.flatMap(\.titleLabels) + tiles.flatMap(\.labels) }
}

/// Squarified treemap (Bruls, Huizing & van Wijk, 2000) with the row rule of d3's
/// `treemapSquarify`: items in decreasing order are added to the current row while the worst
/// aspect ratio (relative to the target `ratio`) improves; a row is laid along the shorter side.
public enum Squarify {
    /// Rectangles for `values` (in order) filling `rect`, areas proportional to the values.
    public static func tiles(_ values: [Double], in rect: ChartRect, ratio: Double) -> [ChartRect] {
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
public struct TreemapLayoutEngine {
    public var options: TreemapOptions
    public var measurer: TextMeasurer

    public init(options: TreemapOptions = TreemapOptions(), measurer: TextMeasurer) {
        self.options = options
        self.measurer = measurer
    }

    /// Keeps the largest items, folds the rest (and any given "Autres") into one "Autres" item.
    public func fold(_ items: [TreemapItem], omitted: inout [String]) -> [TreemapItem] {
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

    /// Lays out `input` in `frame`.
    public func layout(_ input: TreemapInput, in frame: ChartRect) -> TreemapLayout {
        var omitted: [String] = []
        let imports = fold(input.imports, omitted: &omitted)
        let exports = fold(input.exports, omitted: &omitted)
        let totalI = imports.reduce(0) { $0 + $1.value }, totalE = exports.reduce(0) { $0 + $1.value }

        // Titles: "Importations" and the total, above each part.
        let titleFont = options.titleFont
        let titleHeight = measurer.measure("Ég", font: titleFont).height
        let body = ChartRect(x: frame.x, y: frame.y + titleHeight + options.titleGap, width: frame.width,
                             height: max(0, frame.height - titleHeight - options.titleGap))
        let both = totalI > 0 && totalE > 0
        let usable = body.width - (both ? options.partGap : 0)
        let sum = totalI + totalE
        let wI = sum > 0 ? usable * totalI / sum : 0
        let wE = sum > 0 ? usable - wI : 0
        let rectI = ChartRect(x: body.x, y: body.y, width: wI, height: body.height)
        let rectE = ChartRect(x: body.maxX - wE, y: body.y, width: wE, height: body.height)

        var tiles: [TreemapTile] = []
        for (part, items, rect, total) in [(TreemapPart.imports, imports, rectI, totalI), (.exports, exports, rectE, totalE)] {
            guard total > 0, rect.width > 0, rect.height > 0 else { continue }
            let rects = Squarify.tiles(items.map(\.value), in: rect, ratio: options.ratio)
            for (rank, (item, r)) in zip(items, rects).enumerated() {
                let share = item.value / total
                let (labels, fit) = fitLabel(name: item.label, value: item.value, share: share, in: r)
                tiles.append(TreemapTile(part: part, code: item.code, label: item.label, value: item.value, share: share,
                                         rank: rank, isOther: item.isOther, rect: r, labels: labels, fit: fit))
            }
        }
        let titles = placeTitles(totalI: totalI, totalE: totalE, rectI: rectI, rectE: rectE, frame: frame, font: titleFont)
        let parts = [
            TreemapPartLayout(part: .imports, total: totalI, rect: rectI, titleLabels: titles.0),
            TreemapPartLayout(part: .exports, total: totalE, rect: rectE, titleLabels: titles.1),
        ]
        return TreemapLayout(frame: frame, parts: parts, tiles: tiles, omitted: omitted)
    }

    /// "Importations · 25 441,3 M€" above the import part (left-aligned) and the same for exports,
    /// kept apart and inside the frame (moved right, then shortened, when a part is narrow).
    private func placeTitles(totalI: Double, totalE: Double, rectI: ChartRect, rectE: ChartRect, frame: ChartRect,
                             font: ChartFont) -> ([LabelBox], [LabelBox]) {
        let valueFont = ChartFont(size: font.size, weight: .regular, italic: font.italic)
        func parts(_ p: TreemapPart, _ total: Double) -> [(String, ChartFont)] {
            [(p.title, font), (FrenchNumber.millionsOfEuros(total), valueFont)]
        }
        let gap = font.size * 0.45
        func boxes(_ items: [(String, ChartFont)], x: Double, maxWidth: Double, role: LabelRole) -> [LabelBox] {
            var out: [LabelBox] = []
            var cx = x
            for (k, (text, f)) in items.enumerated() {
                let room = x + maxWidth - cx
                guard room > 0, let s = LabelFitting.shorten(text, font: f, maxWidth: room, measurer: measurer) else { break }
                let size = measurer.measure(s.text, font: f)
                out.append(LabelBox(text: s.text, rect: ChartRect(x: cx, y: frame.y, width: size.width, height: size.height),
                                    font: f, role: k == 0 ? .title : .value, isShortened: s.shortened))
                cx += size.width + gap
            }
            return out
        }
        func naturalWidth(_ items: [(String, ChartFont)]) -> Double {
            items.map { measurer.measure($0.0, font: $0.1).width }.reduce(0, +) + gap * Double(items.count - 1)
        }
        let itemsI = parts(.imports, totalI), itemsE = parts(.exports, totalE)
        let wI = naturalWidth(itemsI), wE = naturalWidth(itemsE)
        let spacing = font.size
        // Export title at its part, or right-aligned, never left of the import title's end.
        var xE = max(rectE.x, frame.x + wI + spacing)
        if xE + wE > frame.maxX { xE = max(frame.x + min(wI, frame.width / 2) + spacing, frame.maxX - wE) }
        let importRoom = xE - spacing - frame.x
        let a = boxes(itemsI, x: frame.x, maxWidth: importRoom, role: .title)
        let b = boxes(itemsE, x: xE, maxWidth: frame.maxX - xE, role: .title)
        return (a, b)
    }

    /// Label candidates for a tile, best first: (name ≤ 2 lines, value, share) → (name, value · share)
    /// → (shortened name, value) → (shortened name) at the base size, then the same at smaller sizes;
    /// hidden when nothing fits.
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
        return upright ?? ([], .hidden)
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
            typealias Line = (text: String, font: ChartFont, role: LabelRole, shortened: Bool)
            var candidates: [([Line], Bool)] = []  // lines, is "short"
            if let wrapped = LabelFitting.wrap(name, font: nameFont, maxWidth: along, maxLines: 2, measurer: measurer),
               !wrapped.shortened {
                let nameLines = wrapped.lines.map { Line($0, nameFont, .name, false) }
                candidates.append((nameLines + [Line(valueText, valueFont, .value, false), Line(shareText, valueFont, .value, false)], false))
                candidates.append((nameLines + [Line(valueText + " · " + shareText, valueFont, .value, false)], true))
                candidates.append((nameLines + [Line(valueText, valueFont, .value, false)], true))
            }
            if let short = LabelFitting.shorten(name, font: nameFont, maxWidth: along, minCharacters: 4, measurer: measurer) {
                let n = Line(short.text, nameFont, .name, short.shortened)
                candidates.append(([n, Line(valueText + " · " + shareText, valueFont, .value, false)], true))
                candidates.append(([n, Line(valueText, valueFont, .value, false)], true))
                candidates.append(([n], true))
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
