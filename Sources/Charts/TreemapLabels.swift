import FrenchNumbers

// The tile labels of the treemap: one size and one form for every named tile (its name on up
// to three lines, its value and its share), or its number when the name cannot fit.

extension TreemapLayoutEngine {
    /// The tile's number, centred, at the label size (a 1 pt inner margin); none when it does
    /// not fit (a callout then gives it).
    func numberLabel(_ number: Int, in tile: ChartRect) -> ([LabelBox], TileLabelFit) {
        // At the one label size, bold, or not at all: a tile too small for its number at that
        // size gets it outside, at the end of a leader (`placeCallouts`).
        let text = String(number)
        let font = ChartFont(size: options.labelFont.size, weight: .bold)
        let m = measurer.measure(text, font: font)
        guard m.width <= tile.width - 2, m.height <= tile.height - 1 else { return ([], .numbered) }
        let rect = ChartRect(x: tile.midX - m.width / 2, y: tile.midY - m.height / 2, width: m.width, height: m.height)
        return ([LabelBox(text: text, rect: rect, font: font, role: .name)], .numbered)
    }

    /// The label of a tile, at the one label size, upright, in one form: its name wrapped on up
    /// to three lines (never shortened), then its value and its share, each on its line (`full`).
    /// A tile where that does not fit is numbered (`numbered`), one too small for any text `hidden`.
    func fitLabel(name: String, value: Double, share: Double, in tile: ChartRect) -> ([LabelBox], TileLabelFit) {
        let inner = tile.insetBy(options.tilePadding)
        guard inner.width > 4, inner.height > 4 else { return ([], .hidden) }
        let nameFont = options.labelFont
        let valueFont = ChartFont(size: nameFont.size, weight: .regular)
        guard let wrapped = LabelFitting.wrap(name, font: nameFont, maxWidth: inner.width, maxLines: options.maxNameLines,
                                              measurer: measurer), !wrapped.shortened else { return ([], .numbered) }
        let valueText = FrenchNumber.millionsOfEuros(value), shareText = FrenchNumber.percent(share)
        for (figures, fit) in [([valueText, shareText], TileLabelFit.full)] {
            let lines = wrapped.lines.map { ($0, nameFont, LabelRole.name) } + figures.map { ($0, valueFont, LabelRole.value) }
            var boxes: [LabelBox] = []
            var y = inner.y
            for (text, font, role) in lines {
                let size = measurer.measure(text, font: font)
                guard size.width <= inner.width + 1e-9, y + size.height <= inner.maxY + 1e-9 else { break }
                boxes.append(LabelBox(text: text, rect: ChartRect(x: inner.x, y: y, width: size.width, height: size.height),
                                      font: font, role: role))
                y += size.height
            }
            if boxes.count == lines.count { return (boxes, fit) }
        }
        return ([], .numbered)
    }
}
