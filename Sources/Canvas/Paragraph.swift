import CCairo

/// A run of text with its own look inside a paragraph, by UTF-8 byte offsets into the paragraph text.
public struct TextSpan: Hashable, Sendable {
    /// UTF-8 byte range in `RichText.text`.
    public var range: Range<Int>
    /// Overrides the paragraph weight.
    public var weight: FontWeight?
    /// Overrides the paragraph slant.
    public var italic: Bool?
    /// Overrides the paragraph colour.
    public var color: Color?
    /// Draws a thin underline (links).
    public var underline: Bool
    /// When set, the run is a link to this URI (http(s), mailto).
    public var link: String?

    public init(range: Range<Int>, weight: FontWeight? = nil, italic: Bool? = nil, color: Color? = nil,
                underline: Bool = false, link: String? = nil) {
        self.range = range; self.weight = weight; self.italic = italic; self.color = color
        self.underline = underline; self.link = link
    }
}

/// Paragraph text with styled runs (bold, italic, colour, links), built without any markup
/// language, so no escaping is ever needed.
public struct RichText: Hashable, Sendable {
    /// The plain text (may hold soft hyphens U+00AD and no-break spaces).
    public private(set) var text: String = ""
    /// Styled runs, by UTF-8 byte offsets into `text`.
    public private(set) var spans: [TextSpan] = []

    public init() {}
    /// Plain text without styled runs.
    public init(_ plain: String) { text = plain }

    /// Appends `string`, styled by `span` (its range is filled in) when given.
    public mutating func append(_ string: String, weight: FontWeight? = nil, italic: Bool? = nil, color: Color? = nil,
                                underline: Bool = false, link: String? = nil) {
        let start = text.utf8.count
        text += string
        let end = text.utf8.count
        if weight != nil || italic != nil || color != nil || underline || link != nil, end > start {
            spans.append(TextSpan(range: start..<end, weight: weight, italic: italic, color: color, underline: underline, link: link))
        }
    }

    /// Whether some run is a link.
    public var hasLinks: Bool { spans.contains { $0.link != nil } }
}

/// One line of a laid-out paragraph, relative to the paragraph's top-left corner.
public struct ParagraphLine: Hashable, Sendable {
    /// Top of the line box.
    public var top: Double
    /// Height of the line box (line spacing included).
    public var height: Double
    /// Baseline, from the paragraph top.
    public var baseline: Double
    /// Left edge of the line's ink run (alignment offset).
    public var x: Double
    /// UTF-8 byte range of the line in the paragraph text.
    public var range: Range<Int>
}

/// A paragraph shaped and broken into lines once, then drawn whole or line by line (so it can be
/// split across pages for widow and orphan control) with the same Pango layout. Owns its `PangoLayout`.
public final class ParagraphLayout {
    let layout: OpaquePointer
    /// The base style (font, size, colour, alignment, spacing).
    public let style: TextStyle
    /// The text and its runs.
    public let text: RichText
    /// The wrapping width.
    public let width: Double
    /// The lines, top to bottom.
    public let lines: [ParagraphLine]
    /// Shaped, measured and drawn inside `PangoMetricsGate` (see `TextEngine.prepare`).
    let guarded: Bool

    /// Shapes `text` in `style` wrapped at `width` (words are never cut: long ones overflow, soft
    /// hyphens U+00AD are break opportunities drawn as a hyphen).
    public init(engine: TextEngine, text: RichText, style: TextStyle, width: Double) {
        let l = pango_layout_new(engine.context)!
        layout = l
        self.style = style
        self.text = text
        self.width = width
        var faces = [style.font]
        for span in text.spans where span.weight != nil || span.italic != nil {
            let face = Font(family: style.font.family, weight: span.weight ?? style.font.weight, italic: span.italic ?? style.font.italic)
            if !faces.contains(face) { faces.append(face) }
        }
        let guarded = engine.prepare(text.text, fonts: faces, size: style.size)
        self.guarded = guarded
        lines = PangoMetricsGate.run(if: guarded) { Self.shape(l, engine: engine, text: text, style: style, width: width) }
    }

    /// Sets up the Pango layout `l` and breaks it into lines.
    private static func shape(_ l: OpaquePointer, engine: TextEngine, text: RichText, style: TextStyle, width: Double) -> [ParagraphLine] {
        pango_layout_set_font_description(l, engine.description(for: style.font, size: style.size))
        pango_layout_set_width(l, Int32((width * Double(PANGO_SCALE)).rounded(.down)))
        pango_layout_set_wrap(l, PANGO_WRAP_WORD)
        pango_layout_set_justify(l, style.alignment == .justify ? 1 : 0)
        switch style.alignment {
        case .left, .justify: pango_layout_set_alignment(l, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(l, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_line_spacing(l, style.lineSpacing == 1 ? 0 : Float(style.lineSpacing))
        pango_layout_set_text(l, text.text, -1)
        if !text.spans.isEmpty {
            let list = pango_attr_list_new()!
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
    public func height(of range: Range<Int>) -> Double {
        guard let first = range.first, let last = range.last else { return 0 }
        return lines[last].top + lines[last].height - lines[first].top
    }

    /// Height of the whole paragraph.
    public var height: Double { height(of: 0..<lines.count) }

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
    public func linkRects(in range: Range<Int>) -> [(uri: String, rects: [CanvasRect])] {
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
    /// `origin`; link runs become clickable areas, inside a Link structure element.
    public func draw(_ paragraph: ParagraphLayout, lines range: Range<Int>? = nil, at origin: CanvasPoint) {
        let range = range ?? 0..<paragraph.lines.count
        guard let first = range.first else { return }
        let top = paragraph.lines[first].top
        let c = paragraph.style.color
        cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
        let links = paragraph.text.hasLinks ? paragraph.linkRects(in: range) : []
        for link in links {
            let rects = link.rects.map { "\($0.x + origin.x) \($0.y + origin.y) \($0.width) \($0.height)" }.joined(separator: " ")
            beginTag(.link, attributes: "uri='\(Self.escapeAttribute(link.uri))' rect=[\(rects)]")
        }
        PangoMetricsGate.run(if: paragraph.guarded) {
            for i in range {
                let line = paragraph.lines[i]
                guard let pl = pango_layout_get_line_readonly(paragraph.layout, Int32(i)) else { continue }
                cairo_move_to(cr, origin.x + line.x, origin.y + line.baseline - top)
                pango_cairo_show_layout_line(cr, pl)
            }
        }
        for _ in links { endTag(.link) }
    }
}
