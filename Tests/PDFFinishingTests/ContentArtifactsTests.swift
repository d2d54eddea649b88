import Foundation
@testable import PDFFinishing
import Testing

/// Untagged drawing becomes /Artifact marked content; tagged content and the drawing itself
/// are left as they are.
@Suite struct ContentArtifactsTests {
    func marked(_ content: String) -> String {
        String(decoding: ContentArtifacts.mark(Array(content.utf8)), as: UTF8.self)
    }

    @Test func untaggedPaintingBeforeBetweenAndAfterTaggedSequencesBecomesHeaderArtifactAndFooter() {
        let content = "q\n0 0 1 rg 10 10 50 4 re f\n/P << /MCID 0 >> BDC\nBT /F1 12 Tf (Bonjour) Tj ET\nEMC\n0 0 m 1 1 l S\n"
            + "/P << /MCID 1 >> BDC\nBT (b) Tj ET\nEMC\n1 0 0 RG 0 0 m 5 5 l S\nQ\n"
        let out = marked(content)
        #expect(out == ContentArtifacts.header + "q\n0 0 1 rg 10 10 50 4 re f\nEMC\n/P << /MCID 0 >> BDC\nBT /F1 12 Tf (Bonjour) Tj ET\nEMC\n"
            + "/Artifact BMC\n0 0 m 1 1 l S\nEMC\n/P << /MCID 1 >> BDC\nBT (b) Tj ET\nEMC\n"
            + ContentArtifacts.footer + "1 0 0 RG 0 0 m 5 5 l S\nQ\nEMC\n")
        #expect(ContentArtifacts.header == "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n")
    }

    @Test func aRunThatPaintsNothingIsLeftUnmarked() {
        let content = "q 1 0 0 1 5 5 cm\n/P << /MCID 0 >> BDC BT (a) Tj ET EMC\nQ\n"
        #expect(marked(content) == content)
    }

    @Test func anUntaggedTextObjectIsWrappedWhole() {
        let out = marked("BT /F1 8 Tf 1 0 0 1 20 20 Tm [(D) -11 (emo)] TJ ET\n")
        #expect(out == "/Artifact BMC\nBT /F1 8 Tf 1 0 0 1 20 20 Tm [(D) -11 (emo)] TJ ET\nEMC\n")
    }

    @Test func untaggedTextInsideATextObjectWithTaggedPartsIsMarkedInsideIt() {
        let out = marked("BT /P << /MCID 0 >> BDC (a) Tj EMC (b) Tj ET\n")
        #expect(out == "BT /P << /MCID 0 >> BDC (a) Tj EMC /Artifact BMC\n(b) Tj\nEMC\n ET\n")
    }

    @Test func stringsWithParenthesesEscapesAndOperatorLikeWordsAreNotOperators() {
        let content = "/P << /MCID 0 >> BDC BT (EMC \\) BDC (f) S) Tj <454d43> Tj ET EMC\n"
        #expect(marked(content) == content)
    }

    @Test func inlineImageDataIsSkippedAndTheImageCountsAsPainting() {
        let content = "BI /W 1 /H 1 /BPC 8 /CS /G ID \u{1}EMC\u{2} EI\n"
        #expect(marked(content) == "/Artifact BMC\n" + content + "EMC\n")
    }
}

/// Glyph names of a CFF font program and the XMP dates.
@Suite struct CFFAndXMPTests {
    @Test func theCharsetOfAFormat0CFFGivesStandardAndCustomNames() {
        let bytes = Self.minimalCFF()
        #expect(CFFGlyphNames.names(in: Data(bytes)) == [".notdef", "A", "eacute", "uni2019"])
    }

    @Test func notACFFFontGivesNil() {
        #expect(CFFGlyphNames.names(in: Data("%PDF-1.5".utf8)) == nil)
        #expect(CFFGlyphNames.names(in: Data()) == nil)
    }

    @Test func pdfDatesBecomeISODates() {
        #expect(XMPPacket.isoDate(fromPDF: "D:20250101000000Z") == "2025-01-01T00:00:00Z")
        #expect(XMPPacket.isoDate(fromPDF: "20241231235959Z") == "2024-12-31T23:59:59Z")
        #expect(XMPPacket.isoDate(fromPDF: "D:2025") == nil)
    }

    @Test func theXMPPacketEscapesTextAndIdentifiesBothStandards() {
        let packet = XMPPacket(title: "Val-d’Oise <95> & co", author: nil, subject: nil, keywords: nil, creatorTool: nil,
                               producer: nil, createDate: nil, modifyDate: nil, language: "fr-FR").xml
        #expect(packet.contains("Val-d’Oise &lt;95&gt; &amp; co"))
        #expect(packet.contains("<pdfaid:part>3</pdfaid:part>") && packet.contains("<pdfaid:conformance>B</pdfaid:conformance>"))
        #expect(packet.contains("<pdfuaid:part>1</pdfuaid:part>"))
        #expect(packet.contains("<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"))
    }

    /// A CFF font with 4 glyphs (.notdef, A, eacute, and a custom name), charset format 0.
    static func minimalCFF() -> [UInt8] {
        func index(_ items: [[UInt8]]) -> [UInt8] {
            var out: [UInt8] = [UInt8(items.count >> 8), UInt8(items.count & 0xFF)]
            guard !items.isEmpty else { return out }
            out.append(1)  // offSize
            var offset = 1
            out.append(UInt8(offset))
            for item in items { offset += item.count; out.append(UInt8(offset)) }
            for item in items { out += item }
            return out
        }
        func int(_ v: Int) -> [UInt8] { [28, UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        let header: [UInt8] = [1, 0, 4, 1]
        let names = index([Array("F".utf8)])
        let strings = index([Array("uni2019".utf8)])
        let globalSubrs = index([])
        // Top DICT: charset (15) and CharStrings (17) offsets, filled once the sizes are known.
        func topDict(charset: Int, charStrings: Int) -> [UInt8] { int(charset) + [15] + int(charStrings) + [17] }
        let topSize = index([topDict(charset: 0, charStrings: 0)]).count
        let charsetOffset = header.count + names.count + topSize + strings.count + globalSubrs.count
        let charset: [UInt8] = [0, 0, 34, 0, 207, 1, 135]  // format 0: SIDs 34 (A), 207 (eacute), 391 (custom)
        let charStringsOffset = charsetOffset + charset.count
        let charStrings = index([[14], [14], [14], [14]])  // four empty glyphs (endchar)
        return header + names + index([topDict(charset: charsetOffset, charStrings: charStringsOffset)])
            + strings + globalSubrs + charset + charStrings
    }
}
