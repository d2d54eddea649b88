/// The weight of chart text.
package enum ChartFontWeight: String, Hashable, Sendable, Codable {
    case regular, semibold, bold
}

/// The font of a chart label: size and style; the family is the painter's choice (and must be the
/// one the `TextMeasurer` measures with).
package struct ChartFont: Hashable, Sendable, Codable {
    package var size: Double
    package var weight: ChartFontWeight
    package var italic: Bool
    package init(size: Double, weight: ChartFontWeight = .regular, italic: Bool = false) {
        self.size = size; self.weight = weight; self.italic = italic
    }
    /// The same font at another size.
    func sized(_ size: Double) -> ChartFont { var f = self; f.size = size; return f }
}

/// Measures a single line of text, so that layouts place labels at their real rendered size.
///
/// The drawing layer implements it with Pango (see `PangoTextMeasurer` in Fiche);
/// tests use `ApproximateTextMeasurer`.
package protocol TextMeasurer {
    /// The logical width and line height of `text` on one line in `font`.
    func measure(_ text: String, font: ChartFont) -> ChartSize

    /// The width of the first 0, 1, … n characters of `text` as placed in the whole line — used to
    /// shorten labels without measuring every candidate. A default implementation measures each prefix.
    func prefixWidths(_ text: String, font: ChartFont) -> [Double]
}

extension TextMeasurer {
    func prefixWidths(_ text: String, font: ChartFont) -> [Double] {
        let chars = Array(text)
        return (0...chars.count).map { measure(String(chars[0..<$0]), font: font).width }
    }
}

/// A deterministic measurer for tests: every character is `advance × size` wide (wider in bold),
/// lines are `1.21 × size` high — about Inter's proportions.
struct ApproximateTextMeasurer: TextMeasurer, Sendable {
    var advance: Double
    init(advance: Double = 0.56) { self.advance = advance }
    func measure(_ text: String, font: ChartFont) -> ChartSize {
        let factor: Double = font.weight == .regular ? 1 : 1.06
        return ChartSize(width: Double(text.count) * advance * factor * font.size, height: 1.21 * font.size)
    }
}

/// What a label says, so the painter can choose its colour.
package enum LabelRole: String, Hashable, Sendable, Codable {
    /// A name (node, tile, partner).
    case name
    /// An amount or share, secondary to the name.
    case value
    /// A chart or part title.
    case title
    /// A positive balance (exports > imports).
    case positive
    /// A negative balance.
    case negative
    /// Reading key and column headers.
    case legend
}

/// A placed, single-line label: draw `text` in `font` with the top-left of its line box at `rect.origin`
/// (or, when `rotated`, reading upwards from the bottom-left of `rect`).
/// `rect` is the measured size of the text, so boxes can be checked for overlap.
package struct LabelBox: Hashable, Sendable {
    package var text: String
    package var rect: ChartRect
    package var font: ChartFont
    package var role: LabelRole
    /// Whether `text` was shortened with an ellipsis.
    var isShortened: Bool
    /// Whether the text reads upwards (turned a quarter anticlockwise): its line starts at the
    /// bottom-left of `rect`, which is then as wide as the line is high.
    package var rotated: Bool

    init(text: String, rect: ChartRect, font: ChartFont, role: LabelRole, isShortened: Bool = false, rotated: Bool = false) {
        self.text = text; self.rect = rect; self.font = font; self.role = role; self.isShortened = isShortened
        self.rotated = rotated
    }
}

/// Shortening and wrapping text to a width.
enum LabelFitting {
    /// The ellipsis character used when text is shortened.
    static let ellipsis = "…"

    /// `text` if it fits in `maxWidth`, else its longest prefix (cut at a character, trailing spaces
    /// and punctuation dropped) followed by "…" that fits. Returns nil when not even
    /// `minCharacters` characters and the ellipsis fit.
    static func shorten(_ text: String, font: ChartFont, maxWidth: Double, minCharacters: Int = 1,
                               measurer: TextMeasurer) -> (text: String, shortened: Bool)? {
        let maxWidth = maxWidth + 1e-6  // absorbs rounding in the caller's sums
        if measurer.measure(text, font: font).width <= maxWidth { return (text, false) }
        let chars = Array(text)
        if chars.count <= minCharacters { return nil }
        let prefixes = measurer.prefixWidths(text, font: font)
        let ellipsisWidth = measurer.measure(ellipsis, font: font).width
        func trimmedCount(_ k: Int) -> Int {
            var k = k
            while k > 0, " ,;:-(\u{2013}".contains(chars[k - 1]) { k -= 1 }
            return k
        }
        func candidate(_ k: Int) -> String { String(chars[0..<trimmedCount(k)]) + ellipsis }
        // Estimated from the prefix positions, then checked by a real measurement.
        var k = chars.count - 1
        while k >= minCharacters && prefixes[trimmedCount(k)] + ellipsisWidth > maxWidth { k -= 1 }
        while k >= minCharacters {
            let c = candidate(k)
            if trimmedCount(k) > 0, measurer.measure(c, font: font).width <= maxWidth { return (c, true) }
            k -= 1
        }
        return nil
    }

    /// Breaks `text` at spaces into at most `maxLines` lines no wider than `maxWidth`; the last line
    /// is shortened with an ellipsis if words remain. Returns nil if a line cannot hold even a
    /// shortened word of `minCharacters` characters.
    static func wrap(_ text: String, font: ChartFont, maxWidth: Double, maxLines: Int, minCharacters: Int = 3,
                            measurer: TextMeasurer) -> (lines: [String], shortened: Bool)? {
        let words = text.split(separator: " ").map(String.init)
        var lines: [String] = []
        var i = 0
        while i < words.count && lines.count < maxLines {
            var line = words[i]
            var j = i + 1
            while j < words.count {
                let next = line + " " + words[j]
                if measurer.measure(next, font: font).width <= maxWidth { line = next; j += 1 } else { break }
            }
            let isLast = lines.count == maxLines - 1
            if isLast && j < words.count {
                // Words remain: shorten the rest of the text on this last line.
                let rest = words[i...].joined(separator: " ")
                guard let s = shorten(rest, font: font, maxWidth: maxWidth, minCharacters: minCharacters, measurer: measurer) else { return nil }
                lines.append(s.text)
                return (lines, true)
            }
            if measurer.measure(line, font: font).width > maxWidth {
                // A single word wider than the line.
                guard let s = shorten(line, font: font, maxWidth: maxWidth, minCharacters: minCharacters, measurer: measurer) else { return nil }
                lines.append(s.text)
                if j < words.count || s.shortened { return (lines, true) }
                return (lines, true)
            }
            lines.append(line)
            i = j
        }
        return (lines, false)
    }
}

/// Places boxes of given heights along one axis in a fixed order, as close as possible (least
/// squares) to their wanted positions, without overlap and inside [`low`, `high`].
///
/// The pool-adjacent-violators method: boxes that would overlap are merged into a block placed at
/// the mean of its members' wishes, and blocks are merged until none overlap. Exact for this
/// ordered one-dimensional case, unlike the iterative relaxation of force-based labellers.
/// Returns the top of each box, or nil when the boxes do not fit in the interval.
func placeInOrder(wanted: [Double], heights: [Double], gap: Double, low: Double, high: Double) -> [Double]? {
    let n = wanted.count
    guard n > 0 else { return [] }
    let total = heights.reduce(0, +) + gap * Double(n - 1)
    guard total <= high - low + 1e-9 else { return nil }
    // offset of each box within a block that starts at its first member
    struct Block { var first: Int; var last: Int; var sumWish: Double; var count: Double; var height: Double; var top: Double }
    var blocks: [Block] = []
    for i in 0..<n {
        var b = Block(first: i, last: i, sumWish: wanted[i], count: 1, height: heights[i], top: 0)
        b.top = b.sumWish / b.count
        blocks.append(b)
        while blocks.count > 1 {
            let cur = blocks[blocks.count - 1], prev = blocks[blocks.count - 2]
            if prev.top + prev.height + gap <= cur.top + 1e-12 { break }
            // merge: the wish of each member expressed as the block top it implies
            var m = prev
            let offset = prev.height + gap
            m.last = cur.last
            m.sumWish += cur.sumWish - offset * cur.count
            m.count += cur.count
            m.height += gap + cur.height
            m.top = m.sumWish / m.count
            blocks.removeLast(2)
            blocks.append(m)
        }
    }
    // clamp blocks into the interval, pushing neighbours as needed
    var tops = [Double](repeating: 0, count: n)
    var positions = blocks.map { min(max($0.top, low), high - $0.height) }
    for k in 1..<max(positions.count, 1) where positions.count > 1 {
        positions[k] = max(positions[k], positions[k - 1] + blocks[k - 1].height + gap)
    }
    if let lastIndex = positions.indices.last {
        positions[lastIndex] = min(positions[lastIndex], high - blocks[lastIndex].height)
        var k = lastIndex - 1
        while k >= 0 {
            positions[k] = min(positions[k], positions[k + 1] - gap - blocks[k].height)
            k -= 1
        }
    }
    for (k, b) in blocks.enumerated() {
        var y = positions[k]
        for i in b.first...b.last {
            tops[i] = y
            y += heights[i] + gap
        }
    }
    return tops
}
