import CCairo
import Foundation
import Testing
@testable import Canvas

/// Text without marks is shaped with Inter's `ccmp` off (see `Text+Composition.swift`): the
/// same glyphs as with it, in every face; a mark keeps it, where it does change the glyphs.
@Suite struct TextCompositionTests {
    let engine: TextEngine
    let fonts: FontLibrary
    init() throws {
        fonts = try FontLibrary(directory: fontDirectory)
        engine = TextEngine(fonts: fonts)
    }

    /// `text` laid out on one line in `font`, with `ccmp` off when `withoutComposition`; inside
    /// the gate when the engine says so (Greek or Cyrillic text makes Pango compute metrics for
    /// another language, which must not race with other tests' engines: see `PangoMetricsGate`).
    func layout(_ text: String, _ font: Font, withoutComposition: Bool) -> [[Int32]] {
        let guarded = engine.prepare(text, fonts: [font], size: 10)
        return PangoMetricsGate.run(if: guarded) {
            let l = pango_layout_new(engine.context)!
            defer { g_object_unref(UnsafeMutableRawPointer(l)) }
            pango_layout_set_font_description(l, engine.description(for: font, size: 10))
            pango_layout_set_text(l, text, -1)
            if withoutComposition {
                let list = pango_attr_list_new()!
                pango_attr_list_insert(list, TextEngine.noComposition())
                pango_layout_set_attributes(l, list)
                pango_attr_list_unref(list)
            }
            return glyphRecord(of: l)
        }
    }

    /// Every character of the faces up to U+22FF that is not a mark, in words of seven, and
    /// every letter before every other one (the pairs a ligature or context rule would need).
    func corpus(_ font: Font) -> [String] {
        let scalars = (0x21...0x22FF).compactMap(Unicode.Scalar.init).filter { scalar in
            TextEngine.composesNothing(String(scalar)) && fonts.covers(String(scalar), with: font)
        }
        var texts = stride(from: 0, to: scalars.count, by: 7).map { start in
            String(String.UnicodeScalarView(scalars[start..<min(start + 7, scalars.count)]))
        }
        let letters = Array("AaBCDEeGHIiJjKLNOoRSTUuWYZÉéÈèÊêÎîÏïÔôÛûÙùÇçŒœÆæĳıȷ")
        texts += letters.map { first in String(letters.flatMap { [first, $0, " "] }) }
        texts.append("Les exportations du département de l’Ain ont reculé de 1,9 % (−103,1 M€) : « voir p. 3 » — 12:30 ; Île-de-France")
        return texts
    }

    @Test func textWithoutMarksGivesTheSameGlyphsWithoutComposition() throws {
        for weight in FontWeight.allCases {
            for italic in [false, true] {
                let font = try fonts.font(family: "Inter", weight: weight, italic: italic)
                let texts = corpus(font)
                #expect(texts.count > 100)
                for text in texts {
                    #expect(layout(text, font, withoutComposition: true) == layout(text, font, withoutComposition: false),
                            "\(weight) \(italic ? "italic" : ""): \(text)")
                }
            }
        }
    }

    @Test func aMarkKeepsComposition() throws {
        let font = try fonts.font(family: "Inter")
        for text in ["i\u{0301}", "A\u{0306}\u{0301}", "Ne\u{0301}gociations", "e\u{20DD}"] {
            #expect(!TextEngine.composesNothing(text))
        }
        // Where it applies, `ccmp` changes the glyphs: a j before an accent (no precomposed
        // character to normalise to) loses its dot.
        #expect(layout("j\u{0301}", font, withoutComposition: true) != layout("j\u{0301}", font, withoutComposition: false))
        #expect(!TextEngine.composesNothing("\u{E11B}"), "Inter's private-use mark variants")
        #expect(TextEngine.composesNothing("Négociations à l’export : 12,5 % — Île-de-France"))
    }

    @Test func labelsAndParagraphsWithoutMarksAreShapedWithoutComposition() throws {
        let font = try fonts.font(family: "Inter")
        func hasFeatures(_ layout: OpaquePointer) -> Bool { pango_layout_get_attributes(layout) != nil }
        #expect(hasFeatures(engine.line("Allemagne", font: font).layout))
        #expect(!hasFeatures(engine.line("i\u{0301}le", font: font).layout))
        let style = TextStyle(font: font, size: 9.5, alignment: .justify)
        let plain = ParagraphLayout(engine: engine, text: RichText("Un paragraphe sans marque combinante."), style: style, width: 300)
        #expect(hasFeatures(plain.layout))
        let marked = ParagraphLayout(engine: engine, text: RichText("Un paragraphe avec une marque : e\u{0301}."), style: style, width: 300)
        #expect(!hasFeatures(marked.layout))
    }
}
