import Foundation
import Testing
@testable import Canvas

/// A paragraph's last line and justification: runts are mended by tying the last words, and a
/// justified paragraph that would gape is set ragged right.
@Suite struct ParagraphRuleTests {
    let engine: TextEngine
    let regular: Font
    init() throws {
        let fonts = try FontLibrary(directory: fontDirectory)
        engine = TextEngine(fonts: fonts)
        regular = try fonts.font(family: "Inter")
    }

    /// Characters of the paragraph's last line.
    func lastLine(_ p: ParagraphLayout) -> String {
        String(decoding: Array(p.text.text.utf8)[p.lines.last!.range], as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    /// The width at which `text` ends on a last line of fewer than `limit` characters.
    func widthLeavingARunt(_ text: String, style: TextStyle, limit: Int) -> Double? {
        stride(from: 140.0, to: 400, by: 1).first { width in
            let p = ParagraphLayout(engine: engine, text: RichText(text), style: style, width: width)
            return p.lines.count > 1 && lastLine(p).count < limit
        }
    }

    @Test func aRuntIsMendedByTyingTheLastWords() throws {
        let text = "Le solde commercial du département est excédentaire avec chacun de ses dix premiers partenaires, sauf avec sept."
        let style = TextStyle(font: regular, size: 10)
        let width = try #require(widthLeavingARunt(text, style: style, limit: 22))
        let mended = ParagraphLayout(engine: engine, text: RichText(text), style: style, width: width, shortestLastLine: 22)
        #expect(lastLine(mended).count >= 22, "«\(lastLine(mended))»")
        #expect(mended.text.text.contains("\u{00A0}sept."))
    }

    @Test func aJustifiedParagraphThatWouldGapeIsSetRaggedRight() throws {
        // A word too long to share its line leaves the line before it with few, wide spaces.
        let text = "Un pays un flux un total Développementdurableetinternational des échanges du territoire."
        let justified = TextStyle(font: regular, size: 10, alignment: .justify)
        let p = ParagraphLayout(engine: engine, text: RichText(text), style: justified, width: 170)
        #expect(p.lines.count >= 2)
        #expect(p.style.alignment == .left)
        let even = ParagraphLayout(engine: engine, text: RichText(String(repeating: "Un pays, un flux et un solde à lire de près. ", count: 6)),
                                   style: justified, width: 300)
        #expect(even.style.alignment == .justify, "\(even.wordSpaceRatios)")
        #expect(even.wordSpaceRatios.dropLast().allSatisfy { ($0 ?? 1) <= ParagraphLayout.widestWordSpace })
    }

    @Test func tyingTheLastWordsTakesTheirSoftHyphensOut() throws {
        let shy = "\u{00AD}"
        var text = RichText()
        text.append("les ex\(shy)por\(shy)ta\(shy)tions ")
        text.append("in\(shy)dus\(shy)trielles", weight: .bold)
        text.append(" du dé\(shy)par\(shy)te\(shy)ment.")
        let tied = try #require(text.tyingLastWords(2, breakableHead: false, within: 60))
        #expect(tied.text == "les ex\(shy)por\(shy)ta\(shy)tions industrielles\u{00A0}du\u{00A0}département.")
        // The bold run still covers «industrielles».
        let bold = try #require(tied.spans.first)
        #expect(String(decoding: Array(tied.text.utf8)[bold.range], as: UTF8.self) == "industrielles")
        let keepingHead = try #require(text.tyingLastWords(2, breakableHead: true, within: 60))
        #expect(keepingHead.text.hasPrefix("les ex\(shy)por\(shy)ta\(shy)tions in\(shy)dus\(shy)trielles\u{00A0}du"))
        #expect(text.tyingLastWords(2, breakableHead: false, within: 20) == nil, "the tied words are 29 characters")
        #expect(text.tyingLastWords(5, breakableHead: false, within: 60) == nil, "the text has four spaces")
    }

    @Test func aRuntIsMendedFromTheFewestTiesThatCanLengthenIt() {
        // «avec sept.» is 10 characters: «déficitaire avec sept.» (two ties) is the first that makes 22.
        #expect(RichText("Le solde est déficitaire avec sept.").tiesNeeded(for: 22) == 2)
        #expect(RichText("un mot").tiesNeeded(for: 22) == 4, "never enough: the most ties")
        #expect(RichText("Exportations de la France entière.").tiesNeeded(for: 10) == 1)
        // Soft hyphens are not characters of the line.
        #expect(RichText("les im\u{00AD}por\u{00AD}ta\u{00AD}tions de la ré\u{00AD}gion").tiesNeeded(for: 20) == 3)
    }
}
