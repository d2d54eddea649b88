import CCairo

// Text without marks, shaped without the font's mark composition.
//
// HarfBuzz applies every lookup of a font's default features to every glyph it shapes. Inter's
// `ccmp` (glyph composition) feature holds seven lookups, one a ligature table of 476 accented
// letters made of a base letter and combining marks (A + U+0306 + U+0301 → Ắ): for each
// letter of a text, HarfBuzz tries that letter's ligatures one by one. That feature alone is
// about 45 % of the time Inter takes to shape French text (measured: 72 µs for a 237-character
// paragraph, 40 µs without it), and it changes nothing in a text without marks: each of its
// rules, in each of the six faces, needs a combining or enclosing mark, or a private-use
// character (Inter's own mark variants), which only such a text can bring, since a text all
// in the font's character map is never decomposed. `scripts/check-font-composition.py`
// checks that on the font files themselves, and a test compares the glyphs both ways.
//
// So a text with no such character, drawn in the bundled faces (an unguarded text, see
// `TextEngine.prepare`), is shaped with `ccmp` off: the same glyphs, sooner.

extension TextEngine {
    /// Whether `text` holds no character that Inter's `ccmp` rules look for: no mark (Mn, Mc,
    /// Me) and no private-use character.
    static func composesNothing(_ text: String) -> Bool {
        for scalar in text.unicodeScalars where scalar.value >= 0x0300 {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .privateUse: return false
            default: continue
            }
        }
        return true
    }

    /// A Pango attribute, over the whole text, that turns the font's `ccmp` feature off.
    static func noComposition() -> UnsafeMutablePointer<PangoAttribute> {
        pango_attr_font_features_new("ccmp=0")!
    }

    /// Turns `ccmp` off on `layout` (its text set, no attributes yet) when `text`, laid out
    /// outside the gate (`unguarded`), holds no mark.
    func shapeWithoutComposition(_ layout: OpaquePointer, text: String, unguarded: Bool) {
        guard unguarded, Self.composesNothing(text) else { return }
        let list = pango_attr_list_new()!
        pango_attr_list_insert(list, Self.noComposition())
        pango_layout_set_attributes(layout, list)
        pango_attr_list_unref(list)
    }
}
