import CCairo
import Foundation

// The rules of a paragraph's last line and of its justification: no runt (a last line of a
// word or two), and word spaces that stay even: a justified paragraph whose spaces would have
// to grow past what a reader takes for a gap is set ragged right instead.

extension ParagraphLayout {
    /// A paragraph laid out: the Pango layout (owned), its lines and the text it shows.
    typealias Laid = (layout: OpaquePointer, lines: [ParagraphLine], text: RichText)

    /// Lays `text` out keeping the hyphenation rules (`layoutKeepingHyphenRules`), then mends a
    /// runt (a last line shorter than `shortestLastLine` characters) by tying the last words,
    /// then sets the paragraph ragged right if justification cannot keep its word spaces even.
    static func layoutKeepingRules(engine: TextEngine, text: RichText, style: TextStyle, width: Double, shortestLastLine: Int,
                                   unguarded: Bool)
        -> (OpaquePointer, [ParagraphLine], RichText, TextStyle) {
        func lay(_ t: RichText, _ s: TextStyle) -> Laid { layoutKeepingHyphenRules(engine: engine, text: t, style: s, width: width, unguarded: unguarded) }
        func isRunt(_ c: Laid) -> Bool { c.lines.count > 1 && lastLineLength(c.lines, text: c.text.text) < shortestLastLine }
        func isEven(_ c: Laid) -> Bool {
            style.alignment == .justify
                ? wordSpaceRatios(c.layout, lines: c.lines, text: c.text.text).allSatisfy { ($0 ?? 1) <= widestWordSpace }
                : lineBeforeLastFills(c.layout, lines: c.lines, width: width)
        }
        var chosen = lay(text, style)
        if isRunt(chosen), let mended = mendRunt(text, shortestLastLine: shortestLastLine, lay: { lay($0, style) }, isRunt: isRunt,
                                                 isEven: isEven) {
            release(chosen)
            chosen = mended
        }
        guard style.alignment == .justify, !isEven(chosen) else { return (chosen.layout, chosen.lines, chosen.text, style) }
        release(chosen)
        let ragged = style.aligned(.left)
        let laid = lay(chosen.text, ragged)
        return (laid.layout, laid.lines, laid.text, ragged)
    }

    /// The layout that ends on a line of enough characters, found by tying the last words (one
    /// to four ties, the tied words no longer hyphenated, at most 60 characters: about half a
    /// line of the widest measure): the first that keeps the spacing even, else the first
    /// without a runt (the caller sets it ragged), else nil.
    /// The word before the tied ones may keep its hyphens, when that is what keeps the spacing even.
    static func mendRunt(_ text: RichText, shortestLastLine: Int, lay: (RichText) -> Laid, isRunt: (Laid) -> Bool,
                         isEven: (Laid) -> Bool) -> Laid? {
        var fallback: Laid?
        // Fewer ties cannot make a last line long enough: start from the first count that can
        // (each candidate is a whole layout).
        for ties in text.tiesNeeded(for: shortestLastLine)...4 {
            for breakableHead in [false, true] {
                guard let tied = text.tyingLastWords(ties, breakableHead: breakableHead, within: 60) else { return fallback }
                let candidate = lay(tied)
                if !isRunt(candidate) && isEven(candidate) {
                    if let f = fallback { release(f) }
                    return candidate
                }
                if fallback == nil && !isRunt(candidate) { fallback = candidate } else { release(candidate) }
            }
        }
        return fallback
    }

    /// Whether the line before the last fills at least three quarters of the measure: in
    /// ragged-right text, words tied to mend a runt must not leave a gap at the end of it.
    static func lineBeforeLastFills(_ layout: OpaquePointer, lines: [ParagraphLine], width: Double) -> Bool {
        guard lines.count >= 2, let line = pango_layout_get_line_readonly(layout, Int32(lines.count - 2)) else { return true }
        var logical = PangoRectangle()
        pango_layout_line_get_extents(line, nil, &logical)
        return Double(logical.width) / Double(PANGO_SCALE) >= 0.75 * width
    }

    static func release(_ laid: Laid) { g_object_unref(UnsafeMutableRawPointer(laid.layout)) }

    /// The characters of the last line, surrounding white space left out.
    static func lastLineLength(_ lines: [ParagraphLine], text: String) -> Int {
        guard let last = lines.last else { return 0 }
        return String(decoding: Array(text.utf8)[last.range], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).count
    }

    /// The widest a justified line's word space may become, as a multiple of the font's own space.
    /// Past about twice the space, justified lines read as rivers of white; print designers
    /// then prefer ragged right.
    static let widestWordSpace = 2.0

    /// For each line, its widest word space as a multiple of the natural space of the base font
    /// (nil for a line without word space). The last line, never justified, gives about 1.
    var wordSpaceRatios: [Double?] {
        PangoMetricsGate.run(if: guarded) { Self.wordSpaceRatios(layout, lines: lines, text: text.text) }
    }

    /// Whether the paragraph keeps its word spaces within `widestWordSpace` on every line.
    var isEvenlySpaced: Bool {
        wordSpaceRatios.allSatisfy { ($0 ?? 1) <= Self.widestWordSpace }
    }

    /// The widest word space of each line, read from the glyphs: Pango justifies a line by
    /// widening the glyphs of its spaces (U+0020 and U+00A0).
    static func wordSpaceRatios(_ layout: OpaquePointer, lines: [ParagraphLine], text: String) -> [Double?] {
        let bytes = Array(text.utf8)
        let natural = naturalSpaceWidth(of: layout)
        guard natural > 0 else { return lines.map { _ in nil } }
        return lines.indices.map { i -> Double? in
            guard let line = pango_layout_get_line_readonly(layout, Int32(i)) else { return nil }
            var widest: Int32 = 0
            var node = line.pointee.runs
            while let current = node {
                node = current.pointee.next
                guard let run = current.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self),
                      let item = run.pointee.item, let glyphs = run.pointee.glyphs else { continue }
                let start = Int(item.pointee.offset)
                for g in 0..<Int(glyphs.pointee.num_glyphs) {
                    let c = start + Int(glyphs.pointee.log_clusters[g])
                    guard c < bytes.count, c < lines[i].range.upperBound else { continue }
                    let isSpace = bytes[c] == 0x20 || (bytes[c] == 0xC2 && c + 1 < bytes.count && bytes[c + 1] == 0xA0)
                    // A space that ends the line is not between two words.
                    if isSpace, c + (bytes[c] == 0x20 ? 1 : 2) < lines[i].range.upperBound {
                        widest = max(widest, glyphs.pointee.glyphs[g].geometry.width)
                    }
                }
            }
            return widest > 0 ? Double(widest) / natural : nil
        }
    }

    /// The advance of a space in the layout's font, in Pango units.
    static func naturalSpaceWidth(of layout: OpaquePointer) -> Double {
        let probe = pango_layout_new(pango_layout_get_context(layout))!
        defer { g_object_unref(UnsafeMutableRawPointer(probe)) }
        pango_layout_set_font_description(probe, pango_layout_get_font_description(layout))
        func width(_ s: String) -> Int32 {
            pango_layout_set_text(probe, s, -1)
            var logical = PangoRectangle()
            pango_layout_get_extents(probe, nil, &logical)
            return logical.width
        }
        return Double(width("n n") - width("nn"))
    }
}

extension RichText {
    /// The fewest ties (1 to 4) whose tied words make at least `characters` characters.
    func tiesNeeded(for characters: Int) -> Int {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        var length = 0
        for (k, word) in words.reversed().enumerated() {
            length += word.filter { $0 != "\u{00AD}" }.count + (k > 0 ? 1 : 0)
            if length >= characters { return min(4, max(1, k)) }
        }
        return 4
    }

    /// The text with its last `ties` breakable spaces (U+0020) made no-break spaces, so that
    /// its last `ties + 1` words end a line together, without soft hyphens in those words (but
    /// in the first of them when `breakableHead`); nil when the text has fewer spaces or the
    /// tied words would exceed `limit` characters (a longer unbreakable tail gapes the line before).
    func tyingLastWords(_ ties: Int, breakableHead: Bool, within limit: Int) -> RichText? {
        let bytes = Array(text.utf8)
        let spaces = bytes.indices.filter { bytes[$0] == 0x20 }
        guard spaces.count >= ties else { return nil }
        let tiedSpaces = Array(spaces.suffix(ties))
        let firstTie = tiedSpaces[0]
        // The tied words start after the breakable space (or no-break space) before the first tie.
        var head = firstTie
        while head > 0, bytes[head - 1] != 0x20, !(head >= 2 && bytes[head - 2] == 0xC2 && bytes[head - 1] == 0xA0) { head -= 1 }
        guard String(decoding: bytes[head...], as: UTF8.self).filter({ $0 != "\u{00AD}" }).count <= limit else { return nil }
        let cleanFrom = breakableHead ? firstTie : head
        var softHyphens: [Int] = []
        for k in cleanFrom..<(bytes.count - 1) where bytes[k] == 0xC2 && bytes[k + 1] == 0xAD { softHyphens.append(k) }
        // Edits from the end, so that every offset still points where it did.
        var out = self
        for offset in (softHyphens + tiedSpaces).sorted(by: >) {
            if bytes[offset] == 0x20 { out.tieSpace(atByte: offset) } else { out.removeSoftHyphen(atByte: offset) }
        }
        return out
    }

    /// Replaces the space (1 byte) at byte `offset` by a no-break space (2 bytes), the runs
    /// after it moved on.
    mutating func tieSpace(atByte offset: Int) {
        var bytes = Array(text.utf8)
        guard offset < bytes.count, bytes[offset] == 0x20 else { return }
        bytes.replaceSubrange(offset...offset, with: [0xC2, 0xA0])
        text = String(decoding: bytes, as: UTF8.self)
        func moved(_ k: Int) -> Int { k > offset ? k + 1 : k }
        spans = spans.map { span in
            var span = span
            span.range = moved(span.range.lowerBound)..<moved(span.range.upperBound)
            return span
        }
    }
}
