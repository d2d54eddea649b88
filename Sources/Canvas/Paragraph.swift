import CCairo

/// A run of text with its own look inside a paragraph, by UTF-8 byte offsets into the paragraph text.
struct TextSpan: Hashable, Sendable {
    /// UTF-8 byte range in `RichText.text`.
    var range: Range<Int>
    /// Overrides the paragraph weight.
    var weight: FontWeight?
    /// Overrides the paragraph slant.
    var italic: Bool?
    /// Overrides the paragraph colour.
    var color: Color?
    /// Draws a thin underline (links).
    var underline: Bool
    /// When set, the run is a link to this URI (http(s), mailto).
    var link: String?

    init(range: Range<Int>, weight: FontWeight? = nil, italic: Bool? = nil, color: Color? = nil,
                underline: Bool = false, link: String? = nil) {
        self.range = range; self.weight = weight; self.italic = italic; self.color = color
        self.underline = underline; self.link = link
    }
}

/// Paragraph text with styled runs (bold, italic, colour, links), built without any markup
/// language, so no escaping is ever needed.
package struct RichText: Hashable, Sendable {
    /// The plain text (may hold soft hyphens U+00AD and no-break spaces).
    package internal(set) var text: String = ""
    /// Styled runs, by UTF-8 byte offsets into `text`.
    var spans: [TextSpan] = []

    package init() {}
    /// Plain text without styled runs.
    package init(_ plain: String) { text = plain }

    /// Appends `string`, styled by `span` (its range is filled in) when given.
    package mutating func append(_ string: String, weight: FontWeight? = nil, italic: Bool? = nil, color: Color? = nil,
                                underline: Bool = false, link: String? = nil) {
        let start = text.utf8.count
        text += string
        let end = text.utf8.count
        if weight != nil || italic != nil || color != nil || underline || link != nil, end > start {
            spans.append(TextSpan(range: start..<end, weight: weight, italic: italic, color: color, underline: underline, link: link))
        }
    }

    /// Whether some run is a link.
    var hasLinks: Bool { spans.contains { $0.link != nil } }

}

/// One line of a laid-out paragraph, relative to the paragraph's top-left corner.
package struct ParagraphLine: Hashable, Sendable {
    /// Top of the line box.
    package var top: Double
    /// Height of the line box (line spacing included).
    package var height: Double
    /// Baseline, from the paragraph top.
    var baseline: Double
    /// Left edge of the line's ink run (alignment offset).
    var x: Double
    /// UTF-8 byte range of the line in the paragraph text.
    var range: Range<Int>
}

/// A paragraph shaped and broken into lines once, then drawn whole or line by line (so it can be
/// split across pages for widow and orphan control) with the same Pango layout. Owns its `PangoLayout`.
package final class ParagraphLayout {
    let layout: OpaquePointer
    /// The base style (font, size, colour, alignment, spacing).
    let style: TextStyle
    /// The text and its runs (less the soft hyphens whose breaks broke the rules).
    package let text: RichText
    /// The wrapping width.
    package let width: Double
    /// The lines, top to bottom.
    package let lines: [ParagraphLine]
    /// Shaped, measured and drawn inside `PangoMetricsGate` (see `TextEngine.prepare`).
    let guarded: Bool
    /// For each line, whether it holds a soft hyphen where no line breaks (drawn run by run).
    let linesWithUnusedSoftHyphens: [Bool]

    /// Shapes `text` in `style` wrapped at `width` (words are never cut: long ones overflow, soft
    /// hyphens U+00AD are break opportunities drawn as a hyphen where a line breaks, and
    /// left out of the drawing everywhere else: see `GraphicsContext.showRun`).
    ///
    /// With `shortestLastLine`, a last line shorter than that many characters (a runt) takes
    /// the words before it, tied by no-break spaces, up to five words. A justified paragraph
    /// whose word spaces would grow past `widestWordSpace` is set ragged right instead.
    package init(engine: TextEngine, text: RichText, style: TextStyle, width: Double, shortestLastLine: Int = 0) {
        self.width = width
        var faces = [style.font]
        for span in text.spans where span.weight != nil || span.italic != nil {
            let face = Font(family: style.font.family, weight: span.weight ?? style.font.weight, italic: span.italic ?? style.font.italic)
            if !faces.contains(face) { faces.append(face) }
        }
        let guarded = engine.prepare(text.text, fonts: faces, size: style.size)
        self.guarded = guarded
        let (layout, lines, kept, finalStyle) = PangoMetricsGate.run(if: guarded) {
            // A guarded paragraph is laid out inside the gate, where measuring characters (which may
            // take the gate) must not happen: it keeps the width layout.
            let laid = Self.layoutKeepingRules(engine: engine, text: text, style: style, width: width, shortestLastLine: shortestLastLine,
                                               unguarded: !guarded)
            Self.showLineEndSpaces(laid.0, text: laid.2.text)
            return laid
        }
        self.style = finalStyle
        self.text = kept
        self.layout = layout
        self.lines = lines
        self.linesWithUnusedSoftHyphens = Self.linesWithUnusedSoftHyphens(kept.text, lines: lines)
    }

    /// A Pango layout of `text` in `style`, wrapped at `width`. An `unguarded` paragraph (shaped
    /// outside `PangoMetricsGate`: every character in its faces, Latin or neutral) takes two
    /// shortcuts that change no glyph: laid out without a width when it fits on one line
    /// (`Paragraph+OneLine.swift`), and shaped without the font's mark composition when it holds
    /// no mark (`Text+Composition.swift`).
    static func makeLayout(engine: TextEngine, text: RichText, style: TextStyle, width: Double, unguarded: Bool = false) -> OpaquePointer {
        let l = pango_layout_new(engine.context)!
        pango_layout_set_font_description(l, engine.description(for: style.font, size: style.size))
        pango_layout_set_wrap(l, PANGO_WRAP_WORD)
        pango_layout_set_justify(l, style.alignment == .justify ? 1 : 0)
        switch style.alignment {
        case .left, .justify: pango_layout_set_alignment(l, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(l, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_line_spacing(l, style.lineSpacing == 1 ? 0 : Float(style.lineSpacing))
        pango_layout_set_text(l, text.text, -1)
        let withoutComposition = unguarded && TextEngine.composesNothing(text.text)
        if !text.spans.isEmpty || withoutComposition {
            let list = pango_attr_list_new()!
            if withoutComposition { pango_attr_list_insert(list, TextEngine.noComposition()) }
            for span in text.spans {
                func add(_ attr: UnsafeMutablePointer<PangoAttribute>) {
                    attr.pointee.start_index = guint(span.range.lowerBound)
                    attr.pointee.end_index = guint(span.range.upperBound)
                    pango_attr_list_insert(list, attr)
                }
                if let w = span.weight { add(pango_attr_weight_new(w.pangoWeight)) }
                if let i = span.italic { add(pango_attr_style_new(i ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)) }
                if let c = span.color {
                    add(pango_attr_foreground_new(guint16(c.red * 65535), guint16(c.green * 65535), guint16(c.blue * 65535)))
                }
                if span.underline { add(pango_attr_underline_new(PANGO_UNDERLINE_SINGLE)) }
            }
            pango_layout_set_attributes(l, list)
            pango_attr_list_unref(list)
        }
        if !(unguarded && layOutOnOneLine(l, engine: engine, text: text, style: style, width: width)) {
            pango_layout_set_width(l, pangoWidth(width))
        }
        return l
    }

    /// The lines of a layout, top to bottom.
    static func lines(of l: OpaquePointer) -> [ParagraphLine] {
        var out: [ParagraphLine] = []
        let iter = pango_layout_get_iter(l)!
        defer { pango_layout_iter_free(iter) }
        let scale = Double(PANGO_SCALE)
        repeat {
            var y0: Int32 = 0, y1: Int32 = 0
            pango_layout_iter_get_line_yrange(iter, &y0, &y1)
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, nil, &logical)
            let line = pango_layout_iter_get_line_readonly(iter)!
            let start = Int(line.pointee.start_index), length = Int(line.pointee.length)
            out.append(ParagraphLine(top: Double(y0) / scale, height: Double(y1 - y0) / scale,
                                     baseline: Double(pango_layout_iter_get_baseline(iter)) / scale,
                                     x: Double(logical.x) / scale, range: start..<(start + length)))
        } while pango_layout_iter_next_line(iter) != 0
        return out
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// Height of lines `range` (from the top of the first to the bottom of the last).
    func height(of range: Range<Int>) -> Double {
        guard let first = range.first, let last = range.last else { return 0 }
        return lines[last].top + lines[last].height - lines[first].top
    }

    /// Height of the whole paragraph.
    package var height: Double { height(of: 0..<lines.count) }

    /// The logical width of each line as Pango set it (justification and inserted hyphens
    /// included), in Pango units: what two layouts of the same text must agree on exactly.
    var lineWidths: [Int32] {
        PangoMetricsGate.run(if: guarded) {
            (0..<lines.count).map { i -> Int32 in
                var logical = PangoRectangle()
                pango_layout_line_get_extents(pango_layout_get_line_readonly(layout, Int32(i)), nil, &logical)
                return logical.width
            }
        }
    }

    /// The areas of each link run within lines `range`, relative to the top-left corner of the
    /// first of those lines.
    func linkRects(in range: Range<Int>) -> [(uri: String, rects: [CanvasRect])] {
        PangoMetricsGate.run(if: guarded) { linkAreas(in: range) }
    }

    private func linkAreas(in range: Range<Int>) -> [(uri: String, rects: [CanvasRect])] {
        guard let first = range.first else { return [] }
        let origin = lines[first].top
        var out: [(String, [CanvasRect])] = []
        let scale = Double(PANGO_SCALE)
        for span in text.spans {
            guard let uri = span.link else { continue }
            var rects: [CanvasRect] = []
            for i in range {
                let line = lines[i]
                let lo = max(line.range.lowerBound, span.range.lowerBound), hi = min(line.range.upperBound, span.range.upperBound)
                guard lo < hi, let pl = pango_layout_get_line_readonly(layout, Int32(i)) else { continue }
                var x0: Int32 = 0, x1: Int32 = 0
                pango_layout_line_index_to_x(pl, Int32(lo), 0, &x0)
                pango_layout_line_index_to_x(pl, Int32(hi), 0, &x1)
                if hi == line.range.upperBound {
                    var ink = PangoRectangle(), logical = PangoRectangle()
                    pango_layout_line_get_extents(pl, &ink, &logical)
                    x1 = logical.x + logical.width
                }
                let a = Double(min(x0, x1)) / scale, b = Double(max(x0, x1)) / scale
                rects.append(CanvasRect(x: line.x + a, y: line.top - origin, width: b - a, height: line.height))
            }
            if !rects.isEmpty { out.append((uri, rects)) }
        }
        return out
    }
}

extension GraphicsContext {
    /// Draws lines `range` of `paragraph` (all lines when nil) with the top of the first one at
    /// `origin`; link runs become clickable areas, each inside its own Link structure element
    /// that holds the link's text only.
    package func draw(_ paragraph: ParagraphLayout, lines range: Range<Int>? = nil, at origin: CanvasPoint) {
        let range = range ?? 0..<paragraph.lines.count
        guard let first = range.first else { return }
        let top = paragraph.lines[first].top
        let links = paragraph.text.hasLinks ? paragraph.linkRects(in: range) : []
        var openLink: String?
        PangoMetricsGate.run(if: paragraph.guarded) {
            drawLines(paragraph, range: range, top: top, origin: origin, links: links, openLink: &openLink)
        }
        if openLink != nil { endTag(.link) }
    }

    /// Draws the lines: a line touching a link, or holding a soft hyphen where it does not
    /// break, run by run; any other line whole, as Pango draws it.
    private func drawLines(_ paragraph: ParagraphLayout, range: Range<Int>, top: Double, origin: CanvasPoint,
                           links: [(uri: String, rects: [CanvasRect])], openLink: inout String?) {
        for i in range {
            let line = paragraph.lines[i]
            guard let pl = pango_layout_get_line_readonly(paragraph.layout, Int32(i)) else { continue }
            let baseline = origin.y + line.baseline - top
            let touchesLink = paragraph.text.spans.contains { $0.link != nil && $0.range.overlaps(line.range) }
            if !touchesLink && openLink == nil && !paragraph.linesWithUnusedSoftHyphens[i] {
                // In a paragraph with links, its own text goes in a Span: cairo 1.16 marks no
                // content of an element once a child (the Link) is opened in it, and the
                // finishing step would take that text for an artifact.
                let wrap = paragraph.text.hasLinks
                if wrap { beginTag(.span) }
                setSource(paragraph.style.color)
                cairo_move_to(cr, origin.x + line.x, baseline)
                pango_cairo_show_layout_line(cr, pl)
                if wrap { endTag(.span) }
                continue
            }
            drawRuns(of: pl, in: paragraph, x: origin.x + line.x, baseline: baseline, origin: origin, links: links,
                     openLink: &openLink)
        }
    }

    /// Draws a line run by run, so that a link's runs can be wrapped in their Link element
    /// alone; colours and underlines of the runs are drawn as Pango would draw them, and each
    /// run starts where the widths of the runs before it end, as in `pango_renderer_draw_layout_line`.
    private func drawRuns(of line: UnsafeMutablePointer<PangoLayoutLine>, in paragraph: ParagraphLayout, x lineX: Double,
                          baseline: Double, origin: CanvasPoint, links: [(uri: String, rects: [CanvasRect])],
                          openLink: inout String?) {
        let scale = Double(PANGO_SCALE)
        var advance: Int32 = 0
        var node = line.pointee.runs
        while let current = node {
            node = current.pointee.next
            guard let run = current.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self),
                  let item = run.pointee.item else { continue }
            let runWidth = pango_glyph_string_get_width(run.pointee.glyphs)
            defer { advance += runWidth }
            let offset = Int(item.pointee.offset)
            let span = paragraph.text.spans.first { $0.range.contains(offset) }
            if span?.link != openLink {
                if openLink != nil { endTag(.link) }
                openLink = span?.link
                if let uri = openLink, let rects = links.first(where: { $0.uri == uri })?.rects {
                    let area = rects.map { "\($0.x + origin.x) \($0.y + origin.y) \($0.width) \($0.height)" }.joined(separator: " ")
                    beginTag(.link, attributes: "uri='\(Self.escapeAttribute(uri))' rect=[\(area)]")
                } else {
                    openLink = nil
                }
            }
            let x = lineX + Double(advance) / scale
            let color = span?.color ?? paragraph.style.color
            setSource(color)
            // The text around a link in a Span of its own (see `drawLines`).
            let wrap = openLink == nil && paragraph.text.hasLinks
            if wrap { beginTag(.span) }
            showRun(run, text: paragraph.text.text, x: x, baseline: baseline)
            if wrap { endTag(.span) }
            // Font metrics may be computed on first use: always inside the gate.
            if span?.underline == true, let font = item.pointee.analysis.font,
               let metrics = PangoMetricsGate.run(if: !paragraph.guarded, { pango_font_get_metrics(font, nil) }) {
                let position = Double(pango_font_metrics_get_underline_position(metrics)) / scale
                let thickness = Double(pango_font_metrics_get_underline_thickness(metrics)) / scale
                pango_font_metrics_unref(metrics)
                cairo_rectangle(cr, x, baseline - position, Double(runWidth) / scale, thickness)
                cairo_fill(cr)
            }
        }
    }

    /// Draws one run at (`x`, `baseline`) as `pango_cairo_show_glyph_item` does, less its
    /// soft hyphens where no line breaks.
    ///
    /// Pango shapes such a soft hyphen as an empty glyph in a cluster of its own; cairo would
    /// write that cluster into the PDF as an empty marked span with ActualText U+00AD, hundreds
    /// per fiche. The run is drawn instead from a copy of its text without those two bytes and
    /// of its glyphs without the empty glyph (its width, if any, given to the glyph before), so
    /// that every glyph stays where Pango placed it and the lines stay as Pango broke them.
    private func showRun(_ run: UnsafeMutablePointer<PangoGlyphItem>, text: String, x: Double, baseline: Double) {
        var text = text
        text.withUTF8 { bytes in
            let item = run.pointee.item!
            let glyphs = run.pointee.glyphs!
            let start = Int(item.pointee.offset), length = Int(item.pointee.length)
            let count = Int(glyphs.pointee.num_glyphs)
            let clusters = glyphs.pointee.log_clusters!
            func isUnusedSoftHyphen(_ g: Int) -> Bool {
                let c = Int(clusters[g])
                guard glyphs.pointee.glyphs[g].glyph == PANGO_GLYPH_EMPTY,
                      c + 2 <= length, bytes[start + c] == 0xC2, bytes[start + c + 1] == 0xAD else { return false }
                let next = g + 1 < count ? Int(clusters[g + 1]) : length
                return next == c + 2 && (g == 0 || Int(clusters[g - 1]) != c)
            }
            // Right-to-left runs (never in a French fiche) keep Pango's drawing.
            let leftToRight = item.pointee.analysis.level % 2 == 0
            let removed = leftToRight ? (0..<count).filter(isUnusedSoftHyphen) : []
            // A run of nothing but such soft hyphens (a style change right at one) draws nothing.
            guard removed.count < count else { return }
            guard !removed.isEmpty else {
                cairo_move_to(cr, x, baseline)
                pango_cairo_show_glyph_item(cr, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self), run)
                return
            }
            // The run's text without the removed clusters' bytes, NUL-terminated.
            let removedStarts = removed.map { Int(clusters[$0]) }
            var runText: [CChar] = []
            runText.reserveCapacity(length + 1)
            var k = 0
            for cut in removedStarts + [length] {
                while k < cut { runText.append(CChar(bitPattern: bytes[start + k])); k += 1 }
                k += 2
            }
            runText.append(0)
            // The glyphs without the removed ones, clusters moved back by the bytes taken out before them.
            let kept = glyphs.pointee.num_glyphs - Int32(removed.count)
            let copy = pango_glyph_string_new()!
            defer { pango_glyph_string_free(copy) }
            pango_glyph_string_set_size(copy, kept)
            var lead: Int32 = 0, j = 0, r = 0
            for g in 0..<count {
                if r < removed.count, removed[r] == g {
                    if j > 0 { copy.pointee.glyphs[j - 1].geometry.width += glyphs.pointee.glyphs[g].geometry.width }
                    else { lead += glyphs.pointee.glyphs[g].geometry.width }
                    r += 1
                    continue
                }
                copy.pointee.glyphs[j] = glyphs.pointee.glyphs[g]
                copy.pointee.log_clusters[j] = clusters[g] - Int32(2 * removedStarts.prefix { $0 < Int(clusters[g]) }.count)
                j += 1
            }
            let itemCopy = pango_item_copy(item)!
            defer { pango_item_free(itemCopy) }
            itemCopy.pointee.offset = 0
            itemCopy.pointee.length = Int32(runText.count - 1)
            itemCopy.pointee.num_chars -= Int32(removed.count)
            var glyphItem = run.pointee
            glyphItem.item = itemCopy
            glyphItem.glyphs = copy
            cairo_move_to(cr, x + Double(lead) / Double(PANGO_SCALE), baseline)
            pango_cairo_show_glyph_item(cr, runText, &glyphItem)
        }
    }
}
