import CCairo

// A paragraph that fits on one line, shaped once.
//
// Given a width, Pango 1.50 shapes a paragraph's text, then shapes again each piece it puts
// on a line, even a whole paragraph that fits (its "early accept"): a one-line paragraph is
// shaped twice, and shaping Inter is most of the cost of a layout (about 0.3 µs a character
// with its hundred contextual lookups). Without a width, Pango shapes once and keeps that
// shaping for the line. When the paragraph fits, both give the same line: the same glyphs,
// at the same places, left-aligned, not justified (Pango never justifies a paragraph's last
// line). So a paragraph whose characters' advances add up to no more than the width is laid
// out without one first, and kept when Pango's own measure confirms it fits on one line;
// otherwise it is laid out at the width, as before.

extension ParagraphLayout {
    /// Lays `layout` (text, font and attributes set) out on one line when it fits in `width`
    /// with `alignment` left or justified; returns whether it did (the layout then has no width).
    static func layOutOnOneLine(_ layout: OpaquePointer, engine: TextEngine, text: RichText, style: TextStyle,
                                width: Double) -> Bool {
        guard style.alignment == .left || style.alignment == .justify, !text.hasSpanEdgeAtSoftHyphen,
              let estimate = engine.advanceSum(text, style: style), estimate <= width else { return false }
        pango_layout_set_width(layout, -1)
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        return pango_layout_get_line_count(layout) == 1 && logical.width <= pangoWidth(width)
    }

    /// `width` in Pango units, as `pango_layout_set_width` is given it.
    static func pangoWidth(_ width: Double) -> Int32 { Int32((width * Double(PANGO_SCALE)).rounded(.down)) }
}

extension RichText {
    /// Whether a styled run starts or ends right beside a soft hyphen. At a width, Pango checks
    /// there whether an inserted hyphen would fit even when the whole text does, and may break
    /// or hyphenate the line (a review found "mange\u{00AD}" bold then "î", at its own width):
    /// such a paragraph keeps the width layout.
    var hasSpanEdgeAtSoftHyphen: Bool {
        let bytes = Array(text.utf8)
        func softHyphen(at k: Int) -> Bool { k >= 0 && k + 1 < bytes.count && bytes[k] == 0xC2 && bytes[k + 1] == 0xAD }
        return spans.contains { span in
            [span.range.lowerBound, span.range.upperBound].contains { softHyphen(at: $0 - 2) || softHyphen(at: $0) }
        }
    }
}

extension TextEngine {
    /// The advances of one face's characters below U+2400 at the reference size, measured on
    /// first use (NaN until then).
    final class AdvanceTable {
        static let size = 0x2400
        var values = [Double](repeating: .nan, count: size)
    }

    /// The sum of the advances of `text`'s characters in their faces at `style.size`, without
    /// kerning: an estimate of its width on one line, to tell a paragraph that surely does not
    /// fit from one that may (Pango measures it). Nil for a character past U+23FF.
    func advanceSum(_ text: RichText, style: TextStyle) -> Double? {
        var sum = 0.0
        var offset = 0
        var span = 0
        let spans = text.spans.filter { $0.weight != nil || $0.italic != nil }
        var font = style.font
        var table = advanceTable(for: font)
        for scalar in text.text.unicodeScalars {
            while span < spans.count, spans[span].range.upperBound <= offset { span += 1 }
            var face = style.font
            if span < spans.count, spans[span].range.contains(offset) {
                face = Font(family: face.family, weight: spans[span].weight ?? face.weight, italic: spans[span].italic ?? face.italic)
            }
            if face != font { font = face; table = advanceTable(for: face) }
            let index = Int(scalar.value)
            guard index < AdvanceTable.size else { return nil }
            if table.values[index].isNaN {
                table.values[index] = measureLine(String(Character(scalar)), font: face, size: Self.referenceSize).size.width
            }
            sum += table.values[index]
            offset += UTF8.width(scalar)
        }
        return sum * style.size / Self.referenceSize
    }

    private func advanceTable(for font: Font) -> AdvanceTable {
        if let table = advances[font] { return table }
        let table = AdvanceTable()
        advances[font] = table
        return table
    }
}
