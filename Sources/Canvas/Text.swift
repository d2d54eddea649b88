import CCairo
import Synchronization

/// Horizontal alignment of text within its width.
package enum TextAlignment: Sendable {
    case left, center, right, justify
}

/// Where text that does not fit is shortened with an ellipsis.
package enum Ellipsis: Sendable {
    case none, start, middle, end
}

/// How a run of text looks and flows.
package struct TextStyle: Hashable, Sendable {
    /// The font face (validated by its `FontLibrary`).
    package var font: Font
    /// Size in points.
    var size: Double
    /// Text colour.
    var color: Color
    /// Alignment within the layout width (needs a width to matter).
    var alignment: TextAlignment
    /// Line spacing as a factor of the font's natural line height (1 = natural).
    var lineSpacing: Double
    /// Where text is shortened when it overflows the width (or the line limit).
    package var ellipsis: Ellipsis
    /// The most lines shown when a width is given; nil = no limit.
    package var maxLines: Int?

    /// A style; only the font and size are required.
    package init(font: Font, size: Double, color: Color = .black, alignment: TextAlignment = .left,
                lineSpacing: Double = 1, ellipsis: Ellipsis = .none, maxLines: Int? = nil) {
        self.font = font
        self.size = size
        self.color = color
        self.alignment = alignment
        self.lineSpacing = lineSpacing
        self.ellipsis = ellipsis
        self.maxLines = maxLines
    }

    /// The same style with another size.
    func sized(_ size: Double) -> TextStyle { var s = self; s.size = size; return s }
    /// The same style with another colour.
    package func colored(_ color: Color) -> TextStyle { var s = self; s.color = color; return s }
    /// The same style with another alignment.
    package func aligned(_ alignment: TextAlignment) -> TextStyle { var s = self; s.alignment = alignment; return s }
}

/// The measured extent of laid-out text.
package struct TextMetrics: Hashable, Sendable {
    /// Logical width and height in points (the box pango allots, including line gaps).
    package var size: CanvasSize
    /// Distance from the top of the box to the first baseline.
    var baseline: Double
    /// Number of lines after wrapping.
    var lineCount: Int
    /// Whether an ellipsis was inserted.
    var isEllipsized: Bool
}

/// Escaping for Pango markup: text passed through it prints exactly as written (`&`, `<`, `>`, quotes).
enum Markup {
    /// Returns `text` with the markup-significant characters replaced by entities.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "'": out += "&#39;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}

/// Pango text shaping over a `FontLibrary`: measures text and makes layouts to draw.
///
/// Holds one Pango context (hint metrics off, no glyph-position rounding, so sizes are those of the
/// PDF) and a cache of measurements. One per document or task; not thread-safe. Engines on
/// different threads lay out text in parallel and give the same results as one engine alone:
/// see `PangoMetricsGate` for the one piece of Pango state they share and how it is guarded.
package final class TextEngine {
    /// The fonts this engine shapes with.
    package let fonts: FontLibrary
    let context: OpaquePointer // PangoContext*
    private var descriptions: [DescriptionKey: OpaquePointer] = [:]
    /// The Pango fonts whose metrics were computed under `PangoMetricsGate`, kept alive so that
    /// the font map hands the same objects (metrics cached) to every later layout.
    private var preparedFonts: [DescriptionKey: OpaquePointer] = [:]

    private struct DescriptionKey: Hashable { let font: Font; let size: Double }
    private struct LineKey: Hashable { let text: String; let font: Font }
    /// A single line shaped once at `referenceSize`; other sizes scale it (metrics are linear in
    /// the size because hinting and glyph-position rounding are off).
    final class Line {
        let layout: OpaquePointer
        let metrics: TextMetrics
        /// Shaped, measured and drawn inside `PangoMetricsGate` (see `TextEngine.prepare`).
        let guarded: Bool
        var prefixes: [Double]?
        init(layout: OpaquePointer, metrics: TextMetrics, guarded: Bool) {
            self.layout = layout; self.metrics = metrics; self.guarded = guarded
        }
        deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }
    }
    private var lineCache: [LineKey: Line] = [:]
    /// Each face's character advances, for `advanceSum` (see `Paragraph+OneLine.swift`).
    var advances: [Font: AdvanceTable] = [:]
    /// The size at which single lines are shaped: the usual size of chart labels, so most are
    /// drawn without a scaling transform.
    static let referenceSize = 7.5
    private struct MeasureKey: Hashable { let text: String; let style: TextStyle; let width: Double? }

    /// Creates an engine over `fonts`.
    package init(fonts: FontLibrary) {
        self.fonts = fonts
        let ctx = pango_font_map_create_context(fonts.fontMap)!
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(ctx, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(ctx, 0)
        let lang = pango_language_from_string("fr-FR")
        pango_context_set_language(ctx, lang)
        self.context = ctx
    }

    deinit {
        for f in preparedFonts.values { g_object_unref(UnsafeMutableRawPointer(f)) }
        for d in descriptions.values { pango_font_description_free(d) }
        g_object_unref(UnsafeMutableRawPointer(context))
    }

    /// Prepares the shaping of `text` in `fonts` at `size`, and says whether it must be shaped
    /// and drawn inside `PangoMetricsGate` (true) or may run in parallel with other engines.
    ///
    /// Pango computes a font's metrics (its approximate character width, used by the line
    /// breaker) the first time a layout asks for them, per font object and per language sample
    /// string. That computation is what other threads must not overlap (see `PangoMetricsGate`).
    /// Here the metrics of each face at `size` are computed once per engine, inside the gate, for
    /// the context's language, and the font objects kept. Text whose every character is drawn by
    /// those faces and whose items keep the context's language (Latin and script-neutral
    /// characters) then never makes Pango compute metrics again: it is shaped in parallel.
    /// Anything else (fallback to another face, another script, markup) returns true.
    func prepare(_ text: String, fonts faces: [Font], size: Double, markup: Bool = false) -> Bool {
        if markup { return true }
        for font in faces {
            let key = DescriptionKey(font: font, size: size)
            if preparedFonts[key] == nil {
                let desc = description(for: font, size: size)
                PangoMetricsGate.lock.withLock { _ in
                    if let loaded = pango_context_load_font(context, desc) {
                        // The context's language is the one Pango's layouts ask for; no
                        // language (the process default) costs little and covers any other call.
                        pango_font_metrics_unref(pango_font_get_metrics(loaded, pango_context_get_language(context)))
                        pango_font_metrics_unref(pango_font_get_metrics(loaded, nil))
                        preparedFonts[key] = OpaquePointer(loaded)
                    }
                }
            }
            if preparedFonts[key] == nil || !fonts.covers(text, with: font) { return true }
        }
        return !Self.keepsContextLanguage(text)
    }

    /// Whether every character is Latin or script-neutral (punctuation, digits, symbols,
    /// combining marks), so that Pango gives each item the context's language rather than the
    /// sample language of another script.
    static func keepsContextLanguage(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x0370, 0x1AB0..<0x1B00, 0x1DC0..<0x1F00, 0x2000..<0x2C00, 0x2E00..<0x2E80,
                 0xA720..<0xA800, 0xAB30..<0xAB70, 0xFB00..<0xFB07, 0xFE00..<0xFE10, 0xFE20..<0xFE30, 0xFEFF, 0xFFFD:
                continue
            default:
                return false
            }
        }
        return true
    }

    func description(for font: Font, size: Double) -> OpaquePointer {
        let key = DescriptionKey(font: font, size: size)
        if let d = descriptions[key] { return d }
        let d = pango_font_description_new()!
        pango_font_description_set_family(d, font.family)
        pango_font_description_set_weight(d, font.weight.pangoWeight)
        pango_font_description_set_style(d, font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_font_description_set_absolute_size(d, size * Double(PANGO_SCALE))
        descriptions[key] = d
        return d
    }

    /// Sets `layout`'s text and style; an `unguarded` plain text without marks is shaped without
    /// the font's mark composition (see `Text+Composition.swift`).
    func configure(_ layout: OpaquePointer, text: String, style: TextStyle, width: Double?, markup: Bool, unguarded: Bool) {
        let l = layout
        pango_layout_set_font_description(l, description(for: style.font, size: style.size))
        if let width {
            pango_layout_set_width(l, ParagraphLayout.pangoWidth(width))
            pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR)
        } else {
            pango_layout_set_width(l, -1)
        }
        switch style.ellipsis {
        case .none: pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE)
        case .start: pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_START)
        case .middle: pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_MIDDLE)
        case .end: pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END)
        }
        pango_layout_set_height(l, style.maxLines.map { -Int32($0) } ?? -1)
        pango_layout_set_justify(l, style.alignment == .justify ? 1 : 0)
        switch style.alignment {
        case .left, .justify: pango_layout_set_alignment(l, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(l, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_line_spacing(l, style.lineSpacing == 1 ? 0 : Float(style.lineSpacing))
        if markup {
            pango_layout_set_markup(l, text, -1)
        } else {
            pango_layout_set_text(l, text, -1)
            shapeWithoutComposition(l, text: text, unguarded: unguarded)
        }
    }

    static func metrics(of layout: OpaquePointer) -> TextMetrics {
        let l = layout
        var logical = PangoRectangle()
        pango_layout_get_extents(l, nil, &logical)
        let scale = Double(PANGO_SCALE)
        return TextMetrics(
            size: CanvasSize(width: Double(logical.width) / scale, height: Double(logical.height) / scale),
            baseline: Double(pango_layout_get_baseline(l)) / scale,
            lineCount: Int(pango_layout_get_line_count(l)),
            isEllipsized: pango_layout_is_ellipsized(l) != 0)
    }

    /// Measures `text` (plain, never parsed as markup) in `style`; with a `width`, the text wraps
    /// (and is shortened as the style says). Shaped text is cached and reused when it is drawn
    /// with `GraphicsContext.draw`, so measuring then drawing shapes once.
    func measure(_ text: String, style: TextStyle, width: Double? = nil) -> TextMetrics {
        if width == nil { return measureLine(text, font: style.font, size: style.size) }
        return cachedLayout(text, style: style, width: width).metrics
    }

    private var layoutCache: [MeasureKey: TextLayout] = [:]

    /// A laid-out paragraph, from the cache when the same text, style (colour aside) and width
    /// were laid out before.
    func cachedLayout(_ text: String, style: TextStyle, width: Double?) -> TextLayout {
        var keyStyle = style
        keyStyle.color = .black
        let key = MeasureKey(text: text, style: keyStyle, width: width)
        if let l = layoutCache[key] { return l }
        let l = TextLayout(engine: self, text: text, style: keyStyle, width: width, markup: false)
        if layoutCache.count > 5_000 { layoutCache.removeAll(keepingCapacity: true) }
        layoutCache[key] = l
        return l
    }

    func line(_ text: String, font: Font) -> Line {
        let key = LineKey(text: text, font: font)
        if let l = lineCache[key] { return l }
        let guarded = prepare(text, fonts: [font], size: Self.referenceSize)
        let l = PangoMetricsGate.run(if: guarded) { () -> Line in
            let layout = pango_layout_new(context)!
            configure(layout, text: text, style: TextStyle(font: font, size: Self.referenceSize), width: nil, markup: false,
                      unguarded: !guarded)
            return Line(layout: layout, metrics: Self.metrics(of: layout), guarded: guarded)
        }
        if lineCache.count > 20_000 { lineCache.removeAll(keepingCapacity: true) }
        lineCache[key] = l
        return l
    }

    /// Measures `text` as one line (no wrapping) in `font` at `size`. Each distinct text and face
    /// is shaped once, at a reference size, and scaled: fast when the same label is tried at
    /// several sizes, and what `GraphicsContext.drawLine` draws.
    package func measureLine(_ text: String, font: Font, size: Double) -> TextMetrics {
        let m = line(text, font: font).metrics
        let k = size / Self.referenceSize
        return TextMetrics(size: CanvasSize(width: m.size.width * k, height: m.size.height * k),
                           baseline: m.baseline * k, lineCount: 1, isEllipsized: false)
    }

    /// The width of the first 0, 1, … n characters (grapheme clusters) of `text` on one line, as
    /// positioned in the whole line (kerning included): to shorten a label without re-shaping it.
    package func prefixWidths(_ text: String, font: Font, size: Double) -> [Double] {
        let l = line(text, font: font)
        let k = size / Self.referenceSize
        if let p = l.prefixes { return p.map { $0 * k } }
        var out: [Double] = [0]
        var offset: Int32 = 0
        var rect = PangoRectangle()
        PangoMetricsGate.run(if: l.guarded) {
            for ch in text {
                offset += Int32(ch.utf8.count)
                if Int(offset) >= text.utf8.count {
                    out.append(l.metrics.size.width)
                } else {
                    pango_layout_index_to_pos(l.layout, offset, &rect)
                    out.append(Double(rect.x) / Double(PANGO_SCALE))
                }
            }
        }
        l.prefixes = out
        return out.map { $0 * k }
    }

    /// Lays out `text` for drawing; `markup` true parses Pango markup (escape user text with `Markup.escape`).
    func layout(_ text: String, style: TextStyle, width: Double? = nil, markup: Bool = false) -> TextLayout {
        TextLayout(engine: self, text: text, style: style, width: width, markup: markup)
    }
}

/// Text shaped and broken into lines, ready to draw; owns its `PangoLayout`.
final class TextLayout {
    let layout: OpaquePointer
    /// The style it was laid out with.
    let style: TextStyle
    /// Its measured extent.
    let metrics: TextMetrics
    /// Shaped, measured and drawn inside `PangoMetricsGate` (see `TextEngine.prepare`).
    let guarded: Bool

    init(engine: TextEngine, text: String, style: TextStyle, width: Double?, markup: Bool) {
        let l = pango_layout_new(engine.context)!
        layout = l
        self.style = style
        let guarded = engine.prepare(text, fonts: [style.font], size: style.size, markup: markup)
        self.guarded = guarded
        metrics = PangoMetricsGate.run(if: guarded) { () -> TextMetrics in
            engine.configure(l, text: text, style: style, width: width, markup: markup, unguarded: !guarded)
            return TextEngine.metrics(of: l)
        }
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// The vertical extent of each line, from the top of the layout: (top, height, baseline).
    var lines: [(top: Double, height: Double, baseline: Double)] {
        PangoMetricsGate.run(if: guarded) { lineExtents }
    }

    private var lineExtents: [(top: Double, height: Double, baseline: Double)] {
        var out: [(Double, Double, Double)] = []
        let iter = pango_layout_get_iter(layout)
        defer { pango_layout_iter_free(iter) }
        let scale = Double(PANGO_SCALE)
        repeat {
            var y0: Int32 = 0, y1: Int32 = 0
            pango_layout_iter_get_line_yrange(iter, &y0, &y1)
            let baseline = pango_layout_iter_get_baseline(iter)
            out.append((Double(y0) / scale, Double(y1 - y0) / scale, Double(baseline) / scale))
        } while pango_layout_iter_next_line(iter) != 0
        return out
    }
}

/// The one piece of Pango state that text engines on different threads share, and its guard.
///
/// Each `TextEngine` has its own font map, context and fonts, yet `pango_fc_font_get_metrics`
/// (Pango 1.50) protects the computation of a font's approximate character width — it lays out
/// a sample string — against recursion with a process-wide, unsynchronised flag
/// (`static int in_get_metrics`). When a thread asks for the metrics of a font whose metrics are
/// not cached yet while another thread is computing metrics, it finds the flag set, skips the
/// computation and caches an approximate character width of 0 in that font for good. The line
/// breaker uses that width (its "safe distance" before re-measuring a break), so justified lines
/// ending in an inserted hyphen then came out spaced differently, and chart labels wrapped
/// differently: the PDF bytes of a bulk run depended on which worker warmed which font first.
///
/// So metrics are only ever computed inside this lock: `TextEngine.prepare` computes them for
/// each face and size an engine uses, once, and text that could still make Pango compute
/// metrics of other fonts or other languages is shaped and drawn inside the lock.
enum PangoMetricsGate {
    /// Held while Pango may compute font metrics.
    static let lock = Mutex(())

    /// Runs `body`, inside the lock when `guarded`.
    static func run<T>(if guarded: Bool, _ body: () -> T) -> T {
        guard guarded else { return body() }
        var result: T?
        lock.withLock { _ in result = body() }
        return result!
    }
}
