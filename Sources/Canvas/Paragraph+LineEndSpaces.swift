import CCairo

// The space that ends a wrapped line, written into the PDF as a real space.
//
// Pango shapes the space where a line wraps as an empty glyph (PANGO_GLYPH_EMPTY). cairo then
// writes its cluster as an empty marked span, `/Span <</ActualText <feff0020>>> BDC EMC`, inside
// the paragraph's tagged content: poppler's structure reader stops the paragraph's text there
// (`pdfinfo -struct-text` gave the first line of each paragraph), and without it the two lines'
// words would run together. The font's own space glyph, at the width Pango gave, draws nothing
// and reads as the space it is.

extension ParagraphLayout {
    /// Gives the empty glyph of each line-ending space (U+0020) the font's space glyph.
    static func showLineEndSpaces(_ layout: OpaquePointer, text: String) {
        let bytes = Array(text.utf8)
        var lines = pango_layout_get_lines_readonly(layout)
        while let node = lines {
            lines = node.pointee.next
            guard let line = node.pointee.data?.assumingMemoryBound(to: PangoLayoutLine.self) else { continue }
            var runs = line.pointee.runs
            while let runNode = runs {
                runs = runNode.pointee.next
                guard let run = runNode.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self),
                      let item = run.pointee.item, let glyphs = run.pointee.glyphs,
                      let font = item.pointee.analysis.font else { continue }
                let start = Int(item.pointee.offset)
                for g in 0..<Int(glyphs.pointee.num_glyphs) where glyphs.pointee.glyphs[g].glyph == PANGO_GLYPH_EMPTY {
                    let c = start + Int(glyphs.pointee.log_clusters[g])
                    guard c < bytes.count, bytes[c] == 0x20, let space = spaceGlyph(of: font) else { continue }
                    glyphs.pointee.glyphs[g].glyph = space
                }
            }
        }
    }

    /// The font's glyph for U+0020, if it has one.
    static func spaceGlyph(of font: UnsafeMutablePointer<PangoFont>) -> PangoGlyph? {
        guard let hb = pango_font_get_hb_font(font) else { return nil }
        var glyph: hb_codepoint_t = 0
        return hb_font_get_nominal_glyph(hb, 0x20, &glyph) != 0 ? PangoGlyph(glyph) : nil
    }
}
