import CCairo
import Foundation
import Testing
@testable import Canvas

/// Every glyph of every line of a layout: its glyph, width, offsets and cluster, then the
/// line's ink and logical extents.
func glyphRecord(of layout: OpaquePointer) -> [[Int32]] {
    (0..<Int(pango_layout_get_line_count(layout))).map { i in
        let line = pango_layout_get_line_readonly(layout, Int32(i))!
        var out: [Int32] = []
        var node = line.pointee.runs
        while let current = node {
            node = current.pointee.next
            let run = current.pointee.data!.assumingMemoryBound(to: PangoGlyphItem.self)
            let string = run.pointee.glyphs!
            for g in 0..<Int(string.pointee.num_glyphs) {
                let info = string.pointee.glyphs[g]
                out += [Int32(bitPattern: info.glyph), info.geometry.width, info.geometry.x_offset, info.geometry.y_offset,
                        string.pointee.log_clusters[g]]
            }
        }
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_line_get_extents(line, &ink, &logical)
        return out + [ink.x, ink.width, logical.x, logical.width, logical.height]
    }
}

/// A paragraph that fits on one line is laid out without a width (shaped once), and gives the
/// very line Pango gives at the width; any other paragraph is laid out at the width.
@Suite struct ParagraphOneLineTests {
    let engine: TextEngine
    let regular: Font
    init() throws {
        let fonts = try FontLibrary(directory: fontDirectory)
        engine = TextEngine(fonts: fonts)
        regular = try fonts.font(family: "Inter")
        // The layouts below are made directly, not through `ParagraphLayout`'s initialiser: their
        // fonts' metrics are computed first, inside the gate, as the initialiser does (computed
        // outside, they could race with the concurrent-layout test: see `PangoMetricsGate`).
        #expect(!engine.prepare("a", fonts: [regular, try fonts.font(family: "Inter", weight: .bold)], size: 9.5))
    }

    func text(_ plain: String, bold: String = "") -> RichText {
        var t = RichText()
        if !bold.isEmpty { t.append(bold, weight: .bold) }
        t.append(plain)
        return t
    }

    @Test func aParagraphThatFitsIsShapedOnceAndGivesTheLineOfAWidthLayout() {
        for alignment in [TextAlignment.left, .justify] {
            let style = TextStyle(font: regular, size: 9.5, alignment: alignment)
            let t = text(" : exportations −0,1 %, importations −1,3 % (2024)", bold: "Royaume-Uni")
            let fast = ParagraphLayout.makeLayout(engine: engine, text: t, style: style, width: 481, unguarded: true)
            let wrapped = ParagraphLayout.makeLayout(engine: engine, text: t, style: style, width: 481)
            defer { g_object_unref(UnsafeMutableRawPointer(fast)); g_object_unref(UnsafeMutableRawPointer(wrapped)) }
            #expect(pango_layout_get_width(fast) == -1)
            #expect(glyphRecord(of: fast) == glyphRecord(of: wrapped))
            #expect(ParagraphLayout.lines(of: fast) == ParagraphLayout.lines(of: wrapped))
        }
    }

    @Test func aParagraphThatDoesNotFitIsLaidOutAtTheWidth() {
        let style = TextStyle(font: regular, size: 9.5, alignment: .justify)
        let t = text("Les exportations du département ont reculé de 1,9 % par rapport à l’année précédente, au même rythme que celles de la France.")
        let fast = ParagraphLayout.makeLayout(engine: engine, text: t, style: style, width: 200, unguarded: true)
        let wrapped = ParagraphLayout.makeLayout(engine: engine, text: t, style: style, width: 200)
        defer { g_object_unref(UnsafeMutableRawPointer(fast)); g_object_unref(UnsafeMutableRawPointer(wrapped)) }
        #expect(pango_layout_get_width(fast) == ParagraphLayout.pangoWidth(200))
        #expect(pango_layout_get_line_count(fast) > 1)
        #expect(glyphRecord(of: fast) == glyphRecord(of: wrapped))
    }

    @Test func aParagraphJustFittingByItsKerningIsCheckedByPango() throws {
        // The exact width of the line: the estimate (advances without kerning) is wider, so the
        // layout keeps the width; a hair narrower, and Pango breaks the line.
        let style = TextStyle(font: regular, size: 9.5)
        let t = text("AVANT TOUT, VALORISER LES ÉCHANGES")
        let probe = ParagraphLayout.makeLayout(engine: engine, text: t, style: style, width: 1000, unguarded: true)
        var logical = PangoRectangle()
        pango_layout_get_extents(probe, nil, &logical)
        g_object_unref(UnsafeMutableRawPointer(probe))
        let exact = Double(logical.width) / Double(PANGO_SCALE)
        let estimate = try #require(engine.advanceSum(t, style: style))
        #expect(estimate > exact, "Inter kerns capitals: the estimate is the wider")
        for (width, lines) in [(exact + 0.01, 1), (exact - 0.5, 2)] {
            let fast = ParagraphLayout.makeLayout(engine: engine, text: t, style: style, width: width, unguarded: true)
            let wrapped = ParagraphLayout.makeLayout(engine: engine, text: t, style: style, width: width)
            defer { g_object_unref(UnsafeMutableRawPointer(fast)); g_object_unref(UnsafeMutableRawPointer(wrapped)) }
            #expect(pango_layout_get_line_count(fast) == Int32(lines))
            #expect(glyphRecord(of: fast) == glyphRecord(of: wrapped))
        }
    }

    @Test func aRunEndingAtASoftHyphenKeepsTheWidthLayout() {
        // At its own width, Pango hyphenates this line where the bold run ends (a review's case):
        // the one-line shortcut must not take it.
        let style = TextStyle(font: regular, size: 9.5)
        var t = RichText()
        t.append("mange\u{00AD}", weight: .bold)
        t.append("î")
        #expect(t.hasSpanEdgeAtSoftHyphen)
        let natural = ParagraphLayout.makeLayout(engine: engine, text: t, style: style, width: 1000, unguarded: true)
        var logical = PangoRectangle()
        pango_layout_get_extents(natural, nil, &logical)
        g_object_unref(UnsafeMutableRawPointer(natural))
        let width = Double(logical.width) / Double(PANGO_SCALE)
        let fast = ParagraphLayout.makeLayout(engine: engine, text: t, style: style, width: width, unguarded: true)
        let wrapped = ParagraphLayout.makeLayout(engine: engine, text: t, style: style, width: width)
        defer { g_object_unref(UnsafeMutableRawPointer(fast)); g_object_unref(UnsafeMutableRawPointer(wrapped)) }
        #expect(glyphRecord(of: fast) == glyphRecord(of: wrapped))
        #expect(!text(" : exportations", bold: "Chine").hasSpanEdgeAtSoftHyphen)
    }

    @Test func centredAndRightAlignedParagraphsKeepTheirWidth() {
        for alignment in [TextAlignment.center, .right] {
            let style = TextStyle(font: regular, size: 9.5, alignment: alignment)
            let layout = ParagraphLayout.makeLayout(engine: engine, text: text("Chiffres clés 2024"), style: style, width: 300,
                                                    unguarded: true)
            defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
            #expect(pango_layout_get_width(layout) == ParagraphLayout.pangoWidth(300))
        }
    }

    @Test func theEstimateAddsEachFacesAdvances() throws {
        let style = TextStyle(font: regular, size: 10)
        let plain = try #require(engine.advanceSum(text("Allemagne"), style: style))
        let bold = try #require(engine.advanceSum(text("", bold: "Allemagne"), style: style))
        #expect(bold > plain)
        let measured = engine.measureLine("Allemagne", font: regular, size: 10).size.width
        #expect(abs(plain - measured) < 0.05 * measured)
        #expect(engine.advanceSum(text("漢字"), style: style) == nil)
    }
}
