import CCairo

/// A colour ramp painted along a line, from `start` to `end`.
struct LinearGradient: Hashable, Sendable {
    var start: CanvasPoint
    var end: CanvasPoint
    /// Colour stops: offset in 0...1 and colour.
    var stops: [Stop]
    package struct Stop: Hashable, Sendable {
        var offset: Double
        var color: Color
        init(_ offset: Double, _ color: Color) { self.offset = offset; self.color = color }
    }
    init(start: CanvasPoint, end: CanvasPoint, stops: [Stop]) {
        self.start = start; self.end = end; self.stops = stops
    }
}

/// How a stroke looks.
package struct StrokeStyle: Hashable, Sendable {
    var width: Double
    var dash: [Double]
    var roundCaps: Bool
    package init(width: Double = 1, dash: [Double] = [], roundCaps: Bool = false) {
        self.width = width; self.dash = dash; self.roundCaps = roundCaps
    }
}

/// A PDF structure element, written by cairo's tagged-PDF support (`cairo_tag_begin`).
package enum StructureTag: String, Sendable {
    case document = "Document", part = "Part", section = "Sect", division = "Div"
    case h1 = "H1", h2 = "H2", h3 = "H3", paragraph = "P", span = "Span"
    case figure = "Figure", caption = "Caption"
    case list = "L", listItem = "LI", label = "Lbl", listBody = "LBody"
    case table = "Table", tableRow = "TR", tableHeader = "TH", tableCell = "TD"
    case link = "Link"
}

/// Drawing on a cairo surface: paths, fills, strokes, gradients, groups with alpha, text, structure
/// tags and links. Owns its `cairo_t`. Drawing calls do not throw; `checkStatus()` (called by the
/// document at each page end) turns a cairo failure into an error.
package final class GraphicsContext {
    let cr: OpaquePointer // cairo_t*
    /// The text engine used to shape text.
    let text: TextEngine

    /// When set (a drawing for the web), one-line labels are kept as text instead of drawn.
    var textLabels: SVGTextLabels?

    init(surface: OpaquePointer, text: TextEngine) {
        cr = cairo_create(surface)
        self.text = text
    }

    deinit { cairo_destroy(cr) }

    /// Throws if cairo has recorded an error on this context.
    func checkStatus(_ operation: String = "drawing") throws {
        try CanvasError.check(cairo_status(cr), operation)
    }

    // MARK: State

    /// Runs `body` between `cairo_save` and `cairo_restore`.
    package func withState<T>(_ body: () throws -> T) rethrows -> T {
        cairo_save(cr)
        defer { cairo_restore(cr) }
        return try body()
    }

    /// Moves the origin.
    package func translate(_ dx: Double, _ dy: Double) { cairo_translate(cr, dx, dy) }
    /// Rotates the user space by `radians` (positive turns x towards y, i.e. clockwise on the page).
    package func rotate(_ radians: Double) { cairo_rotate(cr, radians) }
    /// Scales the user space.
    func scale(_ sx: Double, _ sy: Double) { cairo_scale(cr, sx, sy) }

    /// Draws `body` into a group, then composites it with `alpha` (one transparency for overlapping shapes).
    func withGroup(alpha: Double, _ body: () throws -> Void) rethrows {
        cairo_push_group(cr)
        defer {
            cairo_pop_group_to_source(cr)
            cairo_paint_with_alpha(cr, alpha)
        }
        try body()
    }

    // MARK: Paths

    /// Starts a new, empty path.
    package func newPath() { cairo_new_path(cr) }
    package func move(to p: CanvasPoint) { cairo_move_to(cr, p.x, p.y) }
    package func line(to p: CanvasPoint) { cairo_line_to(cr, p.x, p.y) }
    /// Adds a cubic Bézier from the current point to `p` with control points `c1`, `c2`.
    package func curve(to p: CanvasPoint, control1 c1: CanvasPoint, control2 c2: CanvasPoint) {
        cairo_curve_to(cr, c1.x, c1.y, c2.x, c2.y, p.x, p.y)
    }
    package func closePath() { cairo_close_path(cr) }
    /// Adds a rectangle sub-path.
    package func rectangle(_ r: CanvasRect) { cairo_rectangle(cr, r.x, r.y, r.width, r.height) }
    /// Adds a rectangle with rounded corners.
    package func roundedRectangle(_ r: CanvasRect, radius: Double) {
        let rad = min(radius, r.width / 2, r.height / 2)
        guard rad > 0 else { return rectangle(r) }
        cairo_new_sub_path(cr)
        cairo_arc(cr, r.maxX - rad, r.y + rad, rad, -Double.pi / 2, 0)
        cairo_arc(cr, r.maxX - rad, r.maxY - rad, rad, 0, Double.pi / 2)
        cairo_arc(cr, r.x + rad, r.maxY - rad, rad, Double.pi / 2, Double.pi)
        cairo_arc(cr, r.x + rad, r.y + rad, rad, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(cr)
    }

    // MARK: Painting

    func setSource(_ c: Color) { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) }

    /// Fills the current path with `color`; `preserve` keeps the path for a following stroke.
    package func fill(_ color: Color, preserve: Bool = false) {
        setSource(color)
        if preserve { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
    }

    /// Fills the current path with a linear gradient.
    func fill(_ gradient: LinearGradient, preserve: Bool = false) {
        let pattern = cairo_pattern_create_linear(gradient.start.x, gradient.start.y, gradient.end.x, gradient.end.y)
        defer { cairo_pattern_destroy(pattern) }
        for s in gradient.stops {
            cairo_pattern_add_color_stop_rgba(pattern, s.offset, s.color.red, s.color.green, s.color.blue, s.color.alpha)
        }
        cairo_set_source(cr, pattern)
        if preserve { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
    }

    /// Strokes the current path.
    package func stroke(_ color: Color, style: StrokeStyle = StrokeStyle(), preserve: Bool = false) {
        setSource(color)
        cairo_set_line_width(cr, style.width)
        cairo_set_line_cap(cr, style.roundCaps ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        cairo_set_line_join(cr, style.roundCaps ? CAIRO_LINE_JOIN_ROUND : CAIRO_LINE_JOIN_MITER)
        style.dash.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) }
        if preserve { cairo_stroke_preserve(cr) } else { cairo_stroke(cr) }
    }

    /// Fills `rect` with `color`.
    package func fill(_ rect: CanvasRect, _ color: Color) {
        rectangle(rect)
        fill(color)
    }

    /// Strokes a line from `a` to `b`.
    package func strokeLine(from a: CanvasPoint, to b: CanvasPoint, _ color: Color, style: StrokeStyle = StrokeStyle()) {
        newPath()
        move(to: a)
        line(to: b)
        stroke(color, style: style)
    }

    // MARK: Text

    /// Measures plain `text` (shorthand for `text.measure`).
    package func measure(_ string: String, style: TextStyle, width: Double? = nil) -> TextMetrics {
        text.measure(string, style: style, width: width)
    }

    /// Draws plain `string` (never parsed as markup) with its top-left corner at `origin`; with a
    /// `width` it wraps, aligns and shortens as the style says. Returns the metrics of what was drawn.
    @discardableResult
    package func draw(_ string: String, style: TextStyle, at origin: CanvasPoint, width: Double? = nil) -> TextMetrics {
        guard let width else {
            drawLine(string, style: style, at: origin)
            return text.measureLine(string, font: style.font, size: style.size)
        }
        let layout = text.cachedLayout(string, style: style, width: width)
        setSource(style.color)
        cairo_move_to(cr, origin.x, origin.y)
        PangoMetricsGate.run(if: layout.guarded) { pango_cairo_show_layout(cr, layout.layout) }
        return layout.metrics
    }

    /// Draws plain `string` on one line with its top-left corner at `origin`, exactly as
    /// `TextEngine.measureLine` measured it (the shaped line is reused, not shaped again).
    package func drawLine(_ string: String, style: TextStyle, at origin: CanvasPoint) {
        if let textLabels {
            record(string, style: style, at: origin, into: textLabels)
            return
        }
        let line = text.line(string, font: style.font)
        let k = style.size / TextEngine.referenceSize
        setSource(style.color)
        if k == 1 {
            cairo_move_to(cr, origin.x, origin.y)
            PangoMetricsGate.run(if: line.guarded) { pango_cairo_show_layout(cr, line.layout) }
            return
        }
        cairo_save(cr)
        cairo_translate(cr, origin.x, origin.y)
        cairo_scale(cr, k, k)
        cairo_move_to(cr, 0, 0)
        PangoMetricsGate.run(if: line.guarded) { pango_cairo_show_layout(cr, line.layout) }
        cairo_restore(cr)
    }

    /// Draws a prepared layout with its top-left corner at `origin`.
    func draw(_ layout: TextLayout, at origin: CanvasPoint) {
        setSource(layout.style.color)
        cairo_move_to(cr, origin.x, origin.y)
        PangoMetricsGate.run(if: layout.guarded) { pango_cairo_show_layout(cr, layout.layout) }
    }

    /// Draws only the lines `range` of a prepared layout (0-based), the first of them with its top
    /// at `origin.y` — to split a paragraph across pages (see `TextLayout.lines`).
    func draw(_ layout: TextLayout, at origin: CanvasPoint, lines range: Range<Int>) {
        PangoMetricsGate.run(if: layout.guarded) { drawLines(layout, at: origin, lines: range) }
    }

    private func drawLines(_ layout: TextLayout, at origin: CanvasPoint, lines range: Range<Int>) {
        guard !range.isEmpty, let iter = pango_layout_get_iter(layout.layout) else { return }
        defer { pango_layout_iter_free(iter) }
        setSource(layout.style.color)
        let scale = Double(PANGO_SCALE)
        var index = 0
        var firstTop: Double? = nil
        repeat {
            if range.contains(index) {
                var logical = PangoRectangle()
                pango_layout_iter_get_line_extents(iter, nil, &logical)
                let top = Double(logical.y) / scale
                if firstTop == nil { firstTop = top }
                let baseline = Double(pango_layout_iter_get_baseline(iter)) / scale
                cairo_move_to(cr, origin.x + Double(logical.x) / scale, origin.y + baseline - firstTop!)
                pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(iter))
            }
            index += 1
        } while index < range.upperBound && pango_layout_iter_next_line(iter) != 0
    }

    // MARK: Structure

    /// Opens a structure element (tagged PDF); close it with `endTag`.
    package func beginTag(_ tag: StructureTag, attributes: String = "") {
        cairo_tag_begin(cr, tag.rawValue, attributes)
    }
    /// Closes the innermost open structure element `tag`.
    package func endTag(_ tag: StructureTag) { cairo_tag_end(cr, tag.rawValue) }

    /// Wraps what `body` draws in the structure element `tag`.
    package func tagged<T>(_ tag: StructureTag, attributes: String = "", _ body: () throws -> T) rethrows -> T {
        beginTag(tag, attributes: attributes)
        defer { endTag(tag) }
        return try body()
    }

    /// Makes what `body` draws a link to `uri` (http(s), mailto); the clickable area is that of
    /// the drawn text, or `rect` when given.
    func link<T>(uri: String, rect: CanvasRect? = nil, _ body: () throws -> T) rethrows -> T {
        var attributes = "uri='\(Self.escapeAttribute(uri))'"
        if let r = rect { attributes += " rect=[\(r.x) \(r.y) \(r.width) \(r.height)]" }
        return try tagged(.link, attributes: attributes, body)
    }

    /// Makes what `body` draws a link to a page of this document (1-based), at `y` from the page top.
    func link<T>(page: Int, y: Double = 0, _ body: () throws -> T) rethrows -> T {
        try tagged(.link, attributes: "page=\(page) pos=[0 \(y)]", body)
    }

    static func escapeAttribute(_ s: String) -> String {
        s.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'")
    }

    // MARK: Images

    /// Draws a PNG file scaled to fit `rect` (aspect kept, centred).
    package func drawPNG(path: String, in rect: CanvasRect) throws {
        let image = cairo_image_surface_create_from_png(path)
        defer { cairo_surface_destroy(image) }
        try CanvasError.check(cairo_surface_status(image), "reading PNG \(path)")
        let w = Double(cairo_image_surface_get_width(image)), h = Double(cairo_image_surface_get_height(image))
        guard w > 0, h > 0 else { return }
        let s = min(rect.width / w, rect.height / h)
        withState {
            cairo_translate(cr, rect.x + (rect.width - w * s) / 2, rect.y + (rect.height - h * s) / 2)
            cairo_scale(cr, s, s)
            cairo_set_source_surface(cr, image, 0, 0)
            cairo_paint(cr)
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
