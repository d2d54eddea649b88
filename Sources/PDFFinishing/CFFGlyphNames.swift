import Foundation

/// The glyph names of a bare CFF font program (a `/FontFile3 /Subtype /Type1C` stream), read
/// from its charset: PDF/A requires a Type 1 subset's descriptor to list them in `/CharSet`.
///
/// Follows Adobe Technical Note #5176 (The Compact Font Format Specification): header, Name
/// INDEX, Top DICT INDEX (charset and CharStrings offsets), String INDEX, then the charset in
/// format 0, 1 or 2. CID-keyed fonts have no glyph names and give nil.
enum CFFGlyphNames {
    /// The glyph names in glyph order, `.notdef` first; nil when the data is not a
    /// name-keyed CFF font this reader understands.
    static func names(in data: Data) -> [String]? {
        let bytes = [UInt8](data)
        guard bytes.count > 4 else { return nil }
        var reader = CFFReader(bytes: bytes, offset: Int(bytes[2]))
        guard reader.skipIndex(),  // Name INDEX
              let topDicts = reader.readIndex(), let topDict = topDicts.first,
              let strings = reader.readIndex() else { return nil }
        let dict = CFFReader.parseDict(Array(bytes[topDict]))
        guard dict[1230] == nil,  // ROS: CID-keyed
              let charStringsOffset = dict[17]?.first else { return nil }
        var charStrings = CFFReader(bytes: bytes, offset: Int(charStringsOffset))
        guard let glyphCount = charStrings.readCard16(), glyphCount > 0 else { return nil }
        let charsetOffset = Int(dict[15]?.first ?? 0)
        guard let sids = charsetSIDs(bytes, offset: charsetOffset, glyphCount: Int(glyphCount)) else { return nil }
        return [".notdef"] + sids.map { name(sid: $0, strings: strings.map { bytes[$0] }) }
    }

    /// The name a string id stands for: a standard string, one of the font's `strings`, or
    /// "sidN" for an id past them.
    static func name<Bytes: Collection<UInt8>>(sid: Int, strings: [Bytes]) -> String {
        if sid < standardStrings.count { return standardStrings[sid] }
        let index = sid - standardStrings.count
        return index < strings.count ? String(decoding: strings[index], as: UTF8.self) : "sid\(sid)"
    }

    /// The string ids of glyphs 1…n-1.
    static func charsetSIDs(_ bytes: [UInt8], offset: Int, glyphCount: Int) -> [Int]? {
        if offset == 0 { return Array(1..<glyphCount) }  // ISOAdobe: SIDs follow glyph ids
        guard offset > 2 else { return nil }  // Expert charsets are not used by text fonts
        var reader = CFFReader(bytes: bytes, offset: offset)
        guard let format = reader.readCard8() else { return nil }
        var sids: [Int] = []
        while sids.count < glyphCount - 1 {
            switch format {
            case 0:
                guard let sid = reader.readCard16() else { return nil }
                sids.append(Int(sid))
            case 1, 2:
                guard let first = reader.readCard16(),
                      let left = format == 1 ? reader.readCard8().map(Int.init) : reader.readCard16().map(Int.init) else { return nil }
                sids += (0...left).map { Int(first) + $0 }
            default:
                return nil
            }
        }
        return Array(sids.prefix(glyphCount - 1))
    }

    /// The 391 standard strings of CFF (TN #5176, appendix A).
    static let standardStrings: [String] = [
    ".notdef", "space", "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "quoteright",
    "parenleft", "parenright", "asterisk", "plus", "comma", "hyphen", "period", "slash", "zero", "one",
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "colon", "semicolon", "less", "equal",
    "greater", "question", "at", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O",
    "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "bracketleft", "backslash", "bracketright",
    "asciicircum", "underscore", "quoteleft", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
    "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "braceleft", "bar", "braceright",
    "asciitilde", "exclamdown", "cent", "sterling", "fraction", "yen", "florin", "section", "currency",
    "quotesingle", "quotedblleft", "guillemotleft", "guilsinglleft", "guilsinglright", "fi", "fl", "endash",
    "dagger", "daggerdbl", "periodcentered", "paragraph", "bullet", "quotesinglbase", "quotedblbase",
    "quotedblright", "guillemotright", "ellipsis", "perthousand", "questiondown", "grave", "acute",
    "circumflex", "tilde", "macron", "breve", "dotaccent", "dieresis", "ring", "cedilla", "hungarumlaut",
    "ogonek", "caron", "emdash", "AE", "ordfeminine", "Lslash", "Oslash", "OE", "ordmasculine", "ae",
    "dotlessi", "lslash", "oslash", "oe", "germandbls", "onesuperior", "logicalnot", "mu", "trademark",
    "Eth", "onehalf", "plusminus", "Thorn", "onequarter", "divide", "brokenbar", "degree", "thorn",
    "threequarters", "twosuperior", "registered", "minus", "eth", "multiply", "threesuperior", "copyright",
    "Aacute", "Acircumflex", "Adieresis", "Agrave", "Aring", "Atilde", "Ccedilla", "Eacute", "Ecircumflex",
    "Edieresis", "Egrave", "Iacute", "Icircumflex", "Idieresis", "Igrave", "Ntilde", "Oacute", "Ocircumflex",
    "Odieresis", "Ograve", "Otilde", "Scaron", "Uacute", "Ucircumflex", "Udieresis", "Ugrave", "Yacute",
    "Ydieresis", "Zcaron", "aacute", "acircumflex", "adieresis", "agrave", "aring", "atilde", "ccedilla",
    "eacute", "ecircumflex", "edieresis", "egrave", "iacute", "icircumflex", "idieresis", "igrave", "ntilde",
    "oacute", "ocircumflex", "odieresis", "ograve", "otilde", "scaron", "uacute", "ucircumflex", "udieresis",
    "ugrave", "yacute", "ydieresis", "zcaron", "exclamsmall", "Hungarumlautsmall", "dollaroldstyle",
    "dollarsuperior", "ampersandsmall", "Acutesmall", "parenleftsuperior", "parenrightsuperior",
    "twodotenleader", "onedotenleader", "zerooldstyle", "oneoldstyle", "twooldstyle", "threeoldstyle",
    "fouroldstyle", "fiveoldstyle", "sixoldstyle", "sevenoldstyle", "eightoldstyle", "nineoldstyle",
    "commasuperior", "threequartersemdash", "periodsuperior", "questionsmall", "asuperior", "bsuperior",
    "centsuperior", "dsuperior", "esuperior", "isuperior", "lsuperior", "msuperior", "nsuperior",
    "osuperior", "rsuperior", "ssuperior", "tsuperior", "ff", "ffi", "ffl", "parenleftinferior",
    "parenrightinferior", "Circumflexsmall", "hyphensuperior", "Gravesmall", "Asmall", "Bsmall", "Csmall",
    "Dsmall", "Esmall", "Fsmall", "Gsmall", "Hsmall", "Ismall", "Jsmall", "Ksmall", "Lsmall", "Msmall",
    "Nsmall", "Osmall", "Psmall", "Qsmall", "Rsmall", "Ssmall", "Tsmall", "Usmall", "Vsmall", "Wsmall",
    "Xsmall", "Ysmall", "Zsmall", "colonmonetary", "onefitted", "rupiah", "Tildesmall", "exclamdownsmall",
    "centoldstyle", "Lslashsmall", "Scaronsmall", "Zcaronsmall", "Dieresissmall", "Brevesmall", "Caronsmall",
    "Dotaccentsmall", "Macronsmall", "figuredash", "hypheninferior", "Ogoneksmall", "Ringsmall",
    "Cedillasmall", "questiondownsmall", "oneeighth", "threeeighths", "fiveeighths", "seveneighths",
    "onethird", "twothirds", "zerosuperior", "foursuperior", "fivesuperior", "sixsuperior", "sevensuperior",
    "eightsuperior", "ninesuperior", "zeroinferior", "oneinferior", "twoinferior", "threeinferior",
    "fourinferior", "fiveinferior", "sixinferior", "seveninferior", "eightinferior", "nineinferior",
    "centinferior", "dollarinferior", "periodinferior", "commainferior", "Agravesmall", "Aacutesmall",
    "Acircumflexsmall", "Atildesmall", "Adieresissmall", "Aringsmall", "AEsmall", "Ccedillasmall",
    "Egravesmall", "Eacutesmall", "Ecircumflexsmall", "Edieresissmall", "Igravesmall", "Iacutesmall",
    "Icircumflexsmall", "Idieresissmall", "Ethsmall", "Ntildesmall", "Ogravesmall", "Oacutesmall",
    "Ocircumflexsmall", "Otildesmall", "Odieresissmall", "OEsmall", "Oslashsmall", "Ugravesmall",
    "Uacutesmall", "Ucircumflexsmall", "Udieresissmall", "Yacutesmall", "Thornsmall", "Ydieresissmall",
    "001.000", "001.001", "001.002", "001.003", "Black", "Bold", "Book", "Light", "Medium", "Regular",
    "Roman", "Semibold"
    ]
}

/// A cursor over CFF bytes.
struct CFFReader {
    let bytes: [UInt8]
    var offset: Int

    mutating func readCard8() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readCard16() -> UInt16? {
        guard offset + 1 < bytes.count else { return nil }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    mutating func readOffset(size: Int) -> Int? {
        guard size >= 1, size <= 4, offset + size <= bytes.count else { return nil }
        var value = 0
        for k in 0..<size { value = value << 8 | Int(bytes[offset + k]) }
        offset += size
        return value
    }

    /// An INDEX: the byte ranges of its items.
    mutating func readIndex() -> [Range<Int>]? {
        guard let count = readCard16() else { return nil }
        if count == 0 { return [] }
        guard let size = readCard8() else { return nil }
        var offsets: [Int] = []
        for _ in 0...Int(count) {
            guard let value = readOffset(size: Int(size)) else { return nil }
            offsets.append(value)
        }
        let base = offset - 1
        guard let last = offsets.last, base + last <= bytes.count,
              zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 && $0 >= 1 }) else { return nil }
        offset = base + last
        return zip(offsets, offsets.dropFirst()).map { base + $0 ..< base + $1 }
    }

    mutating func skipIndex() -> Bool { readIndex() != nil }

    /// A DICT's operands by operator (two-byte operators as 1200 + second byte).
    static func parseDict(_ data: [UInt8]) -> [Int: [Double]] {
        var result: [Int: [Double]] = [:]
        var operands: [Double] = []
        var i = 0
        while i < data.count {
            let b0 = Int(data[i])
            switch b0 {
            case 0...21:
                var op = b0
                if b0 == 12, i + 1 < data.count { op = 1200 + Int(data[i + 1]); i += 1 }
                result[op] = operands
                operands = []
                i += 1
            case 28 where i + 2 < data.count:
                operands.append(Double(Int16(bitPattern: UInt16(data[i + 1]) << 8 | UInt16(data[i + 2]))))
                i += 3
            case 29 where i + 4 < data.count:
                let value = UInt32(data[i + 1]) << 24 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 8 | UInt32(data[i + 4])
                operands.append(Double(Int32(bitPattern: value)))
                i += 5
            case 30:  // real: nibbles up to 0xf; its value is not needed here
                i += 1
                while i < data.count, data[i] & 0x0F != 0x0F, data[i] >> 4 != 0x0F { i += 1 }
                i += 1
                operands.append(0)
            case 32...246:
                operands.append(Double(b0 - 139)); i += 1
            case 247...250 where i + 1 < data.count:
                operands.append(Double((b0 - 247) * 256 + Int(data[i + 1]) + 108)); i += 2
            case 251...254 where i + 1 < data.count:
                operands.append(Double(-(b0 - 251) * 256 - Int(data[i + 1]) - 108)); i += 2
            default:
                i += 1
            }
        }
        return result
    }
}
