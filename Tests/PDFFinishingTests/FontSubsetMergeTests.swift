import Foundation
@testable import PDFFinishing
import Testing

/// A face's CID subset merged into its Type 1C subset: the CFF programs joined, the text
/// maps joined, the strings of the pages re-encoded.
@Suite struct FontSubsetMergeTests {
    typealias Entry = CFFFont.DictEntry

    /// A CFF font program written by hand: name-keyed (charset, encoding) or CID-keyed (one
    /// font DICT), with the given glyphs and subroutines and a one-entry Private DICT.
    static func program(cid: Bool, glyphs: [[UInt8]], globals: [[UInt8]], locals: [[UInt8]],
                        defaultWidth: Int = 500, strings: [String] = [], sids: [Int] = [], codes: [UInt8] = []) -> [UInt8] {
        let privateEntries = [Entry(op: 20, operands: [UInt8(139 + defaultWidth / 100)])]  // defaultWidthX (small)
        let privateSize = CFFFont.dictBytes(privateEntries + [Entry(op: 19, operands: CFFFont.fixed(0))]).count
        func top(_ charStringsAt: Int, _ privateAt: Int, _ extraAt: Int, _ extra2At: Int) -> [UInt8] {
            var entries: [Entry] = []
            if cid {
                entries.append(Entry(op: CFFFont.rosOp, operands: [139, 140, 139]))
                entries.append(Entry(op: CFFFont.fdArrayOp, operands: CFFFont.fixed(extraAt)))
            } else {
                entries.append(Entry(op: CFFFont.charsetOp, operands: CFFFont.fixed(extraAt)))
                entries.append(Entry(op: CFFFont.encodingOp, operands: CFFFont.fixed(extra2At)))
                entries.append(Entry(op: CFFFont.privateOp, operands: CFFFont.fixed(privateSize) + CFFFont.fixed(privateAt)))
            }
            entries.append(Entry(op: CFFFont.charStringsOp, operands: CFFFont.fixed(charStringsAt)))
            return CFFFont.indexBytes([CFFFont.dictBytes(entries)])
        }
        let head: [UInt8] = [1, 0, 4, 4] + CFFFont.indexBytes([Array("Test".utf8)])
        let middle = CFFFont.indexBytes(strings.map { Array($0.utf8) }) + CFFFont.indexBytes(globals)
        let charStrings = CFFFont.indexBytes(glyphs)
        var start = head.count + top(0, 0, 0, 0).count + middle.count
        let charStringsAt = start
        start += charStrings.count
        let fontDict = CFFFont.indexBytes([CFFFont.dictBytes([Entry(op: CFFFont.privateOp, operands: CFFFont.fixed(privateSize) + CFFFont.fixed(0))])])
        let extra: [UInt8] = cid ? fontDict : [0] + sids.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let extraAt = start
        start += extra.count
        let encoding: [UInt8] = cid ? [] : [0, UInt8(codes.count)] + codes
        let encodingAt = start
        start += encoding.count
        let privateAt = start
        var fixedExtra = extra
        if cid {  // the font DICT's Private offset, now known
            fixedExtra = CFFFont.indexBytes([CFFFont.dictBytes([Entry(op: CFFFont.privateOp, operands: CFFFont.fixed(privateSize) + CFFFont.fixed(privateAt))])])
        }
        let privateDict = CFFFont.dictBytes(privateEntries + [Entry(op: 19, operands: CFFFont.fixed(privateSize))])
        return head + top(charStringsAt, privateAt, extraAt, encodingAt) + middle + charStrings + fixedExtra + encoding
            + privateDict + CFFFont.indexBytes(locals)
    }

    static let notdef: [UInt8] = [14]  // endchar
    static let used: [UInt8] = [139, 10, 14], other: [UInt8] = [140, 10, 14], empty: [UInt8] = [11]

    @Test func theCIDGlyphsJoinTheNameKeyedSubsetWithTheirNamesCodesAndSubroutines() throws {
        let latin = try #require(CFFFont(Self.program(cid: false, glyphs: [Self.notdef, [150, 14], [151, 14]],
                                                      globals: [Self.used, Self.empty], locals: [Self.empty, Self.used],
                                                      sids: [34, 35], codes: [0x41, 0x42])))
        let cid = try #require(CFFFont(Self.program(cid: true, glyphs: [Self.notdef, [152, 14]],
                                                    globals: [Self.empty, Self.other], locals: [Self.used, Self.empty])))
        #expect(latin.glyphNames == [".notdef", "A", "B"] && !latin.isCIDKeyed && cid.isCIDKeyed)
        let merged = try latin.merging(cid, names: ["uni202F"], codes: [0x80])
        let reread = try #require(CFFFont(merged.serialized()))
        #expect(reread.glyphNames == [".notdef", "A", "B", "uni202F"])
        #expect(reread.codes == [0x41, 0x42, 0x80])
        #expect(reread.charStrings.items == [Self.notdef, [150, 14], [151, 14], [152, 14]])
        #expect(reread.globalSubrs.items == [Self.used, Self.other])
        #expect(reread.localSubrs.items == [Self.used, Self.used])
        #expect(reread.privateDict == latin.privateDict)
    }

    @Test func subsetsOfDifferentProgramsAreNotMerged() throws {
        let latin = try #require(CFFFont(Self.program(cid: false, glyphs: [Self.notdef, [150, 14]], globals: [Self.used],
                                                      locals: [], sids: [34], codes: [0x41])))
        let otherWidth = try #require(CFFFont(Self.program(cid: true, glyphs: [Self.notdef, [152, 14]], globals: [Self.used],
                                                          locals: [], defaultWidth: 700)))
        #expect(throws: CFFFont.MergeRefusal.self) { try latin.merging(otherWidth, names: ["x"], codes: [0x80]) }
        let clashing = try #require(CFFFont(Self.program(cid: true, glyphs: [Self.notdef, [152, 14]], globals: [Self.other], locals: [])))
        #expect(throws: CFFFont.MergeRefusal.self) { try latin.merging(clashing, names: ["x"], codes: [0x80]) }
    }

    @Test func toUnicodeMapsAreReadFromCharactersAndRangesAndWrittenBack() throws {
        let text = "2 beginbfchar\n<41> <0041>\n<80> <202f>\nendbfchar\n2 beginbfrange\n<61> <63> <0061>\n<90> <91> [<2190> <00660069>]\nendbfrange\n"
        let map = try #require(ToUnicodeCMap(Array(text.utf8)))
        #expect(map.mappings[0x41] == [0x00, 0x41] && map.mappings[0x80] == [0x20, 0x2F])
        #expect(map.mappings[0x62] == [0x00, 0x62] && map.mappings[0x63] == [0x00, 0x63])
        #expect(map.mappings[0x91] == [0x00, 0x66, 0x00, 0x69])
        let written = map.serialized(codeBytes: 1)
        #expect(String(decoding: written, as: UTF8.self).contains("<00> <ff>"))
        #expect(ToUnicodeCMap(written) == map)
    }

    @Test func addedGlyphsAreNamedAfterTheirTextAndNeverTwice() {
        #expect(FontSubsetMerge.glyphName([0x20, 0x2F], cid: 2) == "uni202F")
        #expect(FontSubsetMerge.glyphName([0x00, 0x66, 0x00, 0x69], cid: 3) == "uni00660069")
        #expect(FontSubsetMerge.glyphName([0xD8, 0x3D, 0xDE, 0x00], cid: 4) == "u1F600")
        #expect(FontSubsetMerge.glyphName(nil, cid: 5) == "cid5")
        var taken: Set<String> = ["uni2212"]
        #expect(FontSubsetMerge.uniqueName("uni2212", taken: &taken) == "uni2212.alt")
        #expect(FontSubsetMerge.uniqueName("uni2212", taken: &taken) == "uni2212.alt2")
    }

    @Test func stringsShownInAMergedFontAreReencodedFollowingTfAndTheStateStack() throws {
        let codes: [UInt16: UInt8] = [0: 0, 1: 0x80, 2: 0x81]
        let content = "BT /f-0-0 1 Tf (a) Tj /f-0-1 1 Tf <0001> Tj [<0002> -12 <00010002>] TJ q /f-0-0 1 Tf (b) Tj Q <0002> Tj ET"
        let out = try FontSubsetMerge.reencode(Array(content.utf8), fonts: ["f-0-1": codes])
        #expect(String(decoding: out, as: UTF8.self)
                == "BT /f-0-0 1 Tf (a) Tj /f-0-1 1 Tf <80> Tj [<81> -12 <8081>] TJ q /f-0-0 1 Tf (b) Tj Q <81> Tj ET")
        #expect(try FontSubsetMerge.reencode(Array(content.utf8), fonts: [:]) == Array(content.utf8))
    }

    @Test func aTfSelectingTheFontAndSizeInUseIsDroppedOnceBothNamesAreOneFont() throws {
        let codes: [UInt16: UInt8] = [0: 0, 1: 0x80]
        let content = "BT /f-0-0 1 Tf (a) Tj /f-0-1 1 Tf <0001> Tj /f-0-0 1 Tf (b) Tj /f-0-1 2 Tf <0001> Tj /f-1-0 2 Tf (c) Tj ET"
        let out = try FontSubsetMerge.reencode(Array(content.utf8), fonts: ["f-0-1": codes],
                                               objects: ["f-0-0": 7, "f-0-1": 7, "f-1-0": 9])
        #expect(String(decoding: out, as: UTF8.self)
                == "BT /f-0-0 1 Tf (a) Tj  <80> Tj  (b) Tj /f-0-1 2 Tf <80> Tj /f-1-0 2 Tf (c) Tj ET")
    }
}
