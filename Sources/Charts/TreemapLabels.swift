import FrenchNumbers

// The tile labels of the treemap: what a tile shows of its name, value and share, or its number.

extension TreemapLayoutEngine {
    /// The tile's number, centred, at the largest size from the base size down to 6 pt that fits
    /// (a 1 pt inner margin); above the tile's top edge, inside the part, when even that does not fit.
    func numberLabel(_ number: Int, in tile: ChartRect) -> ([LabelBox], TileLabelFit) {
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
