import Foundation

/// A CFF font program (Adobe Technical Note #5176) taken apart into what the font-subset
/// merge needs, and written back: the pieces it does not understand are kept as bytes.
///
/// Read: a name-keyed font (cairo's Type 1C subsets) or a CID-keyed font with a single
/// font DICT (cairo's CID subsets of the same face). Written: name-keyed only.
struct CFFFont {
    /// One DICT entry: its operator (two-byte operators as 1200 + second byte) and its
    /// operands as written, so that real numbers and string ids survive untouched.
    struct DictEntry: Equatable {
        var op: Int
        var operands: [UInt8]
    }

    var name: [UInt8]
    var topDict: [DictEntry]
    /// The String INDEX (string id 391 is its first item).
    var strings: [[UInt8]]
    var globalSubrs: CFFIndex
    var charStrings: CFFIndex
    /// The Private DICT (of the only font DICT, for a CID-keyed font), without `Subrs`.
    var privateDict: [DictEntry]
    var localSubrs: CFFIndex
    /// Name-keyed only: the string id of each glyph after `.notdef`, and each glyph's code
    /// in the built-in encoding (nil when the font uses a predefined encoding).
    var charsetSIDs: [Int]
    var codes: [UInt8]?
    let isCIDKeyed: Bool

    // Operators of the DICTs that hold offsets, rewritten when the font is written.
    static let (charsetOp, encodingOp, charStringsOp, privateOp, subrsOp) = (15, 16, 17, 18, 19)
    static let (rosOp, fdArrayOp, fdSelectOp) = (1230, 1236, 1237)

    /// Reads `bytes`; nil for what this reader does not take (several font DICTs, a
    /// supplemented or predefined-but-expert encoding, a damaged table).
    init?(_ bytes: [UInt8]) {
        guard bytes.count > 4 else { return nil }
        var reader = CFFReader(bytes: bytes, offset: Int(bytes[2]))
        guard let names = reader.readIndex(), let nameRange = names.first, names.count == 1,
              let topDicts = reader.readIndex(), topDicts.count == 1,
              let strings = reader.readIndex(), let globals = CFFIndex(reading: bytes, at: reader.offset) else { return nil }
        name = Array(bytes[nameRange])
        topDict = Self.entries(Array(bytes[topDicts[0]]))
        self.strings = strings.map { Array(bytes[$0]) }
        globalSubrs = globals
        isCIDKeyed = Self.value(topDict, Self.rosOp) != nil
        guard let charStringsOffset = Self.value(topDict, Self.charStringsOp)?.first,
              let charStrings = Self.index(bytes, at: charStringsOffset), charStrings.count > 0 else { return nil }
        self.charStrings = charStrings
        var privateLocation = Self.value(topDict, Self.privateOp)
        if isCIDKeyed {
            guard let fdArrayOffset = Self.value(topDict, Self.fdArrayOp)?.first,
                  let fontDicts = Self.index(bytes, at: fdArrayOffset), fontDicts.count == 1 else { return nil }
            privateLocation = Self.value(Self.entries(Array(fontDicts[0])), Self.privateOp)
            charsetSIDs = []
            codes = nil
        } else {
            guard let sids = CFFGlyphNames.charsetSIDs(bytes, offset: Self.value(topDict, Self.charsetOp)?.first ?? 0,
                                                       glyphCount: charStrings.count) else { return nil }
            charsetSIDs = sids
            let encodingOffset = Self.value(topDict, Self.encodingOp)?.first ?? 0
            if encodingOffset > 1 {
                guard let codes = Self.encodingCodes(bytes, at: encodingOffset) else { return nil }
                self.codes = codes
            } else {
                codes = nil
            }
        }
        guard let location = privateLocation, location.count == 2, location[1] + location[0] <= bytes.count else { return nil }
        let privateEntries = Self.entries(Array(bytes[location[1] ..< location[1] + location[0]]))
        privateDict = privateEntries.filter { $0.op != Self.subrsOp }
        if let subrsOffset = Self.value(privateEntries, Self.subrsOp)?.first {
            guard let subrs = Self.index(bytes, at: location[1] + subrsOffset) else { return nil }
            localSubrs = subrs
        } else {
            localSubrs = CFFIndex()
        }
    }

    /// The font written as a name-keyed CFF: header, Name, Top DICT, String and Global
    /// Subr INDEXes, encoding, charset, CharStrings, Private DICT and its Subrs. Offsets in
    /// the DICTs are written in five bytes, so the DICTs' sizes do not depend on them.
    func serialized() -> [UInt8] {
        let encoding: [UInt8]? = codes.map { [0, UInt8($0.count)] + $0 }
        let charset: [UInt8] = [0] + charsetSIDs.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let charStringsIndex = charStrings.serialized()
        let localSubrsIndex = localSubrs.count == 0 ? [] : localSubrs.serialized()
        let privateBytes = Self.dictBytes(privateDict + (localSubrs.count == 0 ? [] : [DictEntry(op: Self.subrsOp, operands: Self.fixed(0))]))
        func top(_ encodingAt: Int, _ charsetAt: Int, _ charStringsAt: Int, _ privateAt: Int) -> [UInt8] {
            var entries = topDict.filter { ![Self.charsetOp, Self.encodingOp, Self.charStringsOp, Self.privateOp].contains($0.op) }
            if encoding != nil { entries.append(DictEntry(op: Self.encodingOp, operands: Self.fixed(encodingAt))) }
            entries.append(DictEntry(op: Self.charsetOp, operands: Self.fixed(charsetAt)))
            entries.append(DictEntry(op: Self.charStringsOp, operands: Self.fixed(charStringsAt)))
            entries.append(DictEntry(op: Self.privateOp, operands: Self.fixed(privateBytes.count) + Self.fixed(privateAt)))
            return Self.indexBytes([Self.dictBytes(entries)])
        }
        let head: [UInt8] = [1, 0, 4, 4] + Self.indexBytes([name])
        let middle = Self.indexBytes(strings) + globalSubrs.serialized()
        let topSize = top(0, 0, 0, 0).count
        let encodingAt = head.count + topSize + middle.count
        let charsetAt = encodingAt + (encoding?.count ?? 0)
        let charStringsAt = charsetAt + charset.count
        let privateAt = charStringsAt + charStringsIndex.count
        var out: [UInt8] = head + top(encodingAt, charsetAt, charStringsAt, privateAt) + middle
        out += encoding ?? []
        out += charset
        out += charStringsIndex
        if localSubrs.count == 0 {
            out += privateBytes
        } else {
            // Subrs' offset is relative to the Private DICT's start: just past it.
            out += Self.dictBytes(privateDict + [DictEntry(op: Self.subrsOp, operands: Self.fixed(privateBytes.count))])
            out += localSubrsIndex
        }
        return out
    }

    // MARK: Reading

    /// A DICT's entries in order, operands kept as bytes.
    static func entries(_ data: [UInt8]) -> [DictEntry] {
        var result: [DictEntry] = []
        var operands: [UInt8] = []
        var i = 0
        while i < data.count {
            let b0 = Int(data[i])
            let length: Int
            switch b0 {
            case 0...21:
                var op = b0
                if b0 == 12, i + 1 < data.count { op = 1200 + Int(data[i + 1]); i += 1 }
                result.append(DictEntry(op: op, operands: operands))
                operands = []
                i += 1
                continue
            case 28: length = 3
            case 29: length = 5
            case 30:
                var end = i + 1
                while end < data.count, data[end] & 0x0F != 0x0F, data[end] >> 4 != 0x0F { end += 1 }
                length = end + 1 - i
            case 247...254: length = 2
            default: length = 1
            }
            operands += data[i ..< min(data.count, i + length)]
            i += length
        }
        return result
    }

    /// The integer operands of `op`'s entry, or nil when there is none.
    static func value(_ entries: [DictEntry], _ op: Int) -> [Int]? {
        guard let entry = entries.first(where: { $0.op == op }) else { return nil }
        let opBytes: [UInt8] = op < 1200 ? [UInt8(op)] : [12, UInt8(op - 1200)]
        return CFFReader.parseDict(entry.operands + opBytes)[op]?.map { Int($0) }
    }

    static func index(_ bytes: [UInt8], at offset: Int) -> CFFIndex? {
        guard offset > 0, offset < bytes.count else { return nil }
        return CFFIndex(reading: bytes, at: offset)
    }

    /// The code of each glyph after `.notdef`, from an encoding in format 0 or 1 without
    /// supplements.
    static func encodingCodes(_ bytes: [UInt8], at offset: Int) -> [UInt8]? {
        var reader = CFFReader(bytes: bytes, offset: offset)
        guard let format = reader.readCard8(), let count = reader.readCard8() else { return nil }
        switch format {
        case 0:
            var codes: [UInt8] = []
            for _ in 0..<count { guard let code = reader.readCard8() else { return nil }; codes.append(code) }
            return codes
        case 1:
            var codes: [UInt8] = []
            for _ in 0..<count {
                guard let first = reader.readCard8(), let left = reader.readCard8(), Int(first) + Int(left) <= 255 else { return nil }
                codes += (0...left).map { first + $0 }
            }
            return codes
        default:
            return nil  // supplements (high bit) name codes by string id: not written back here
        }
    }

    // MARK: Writing

    /// An INDEX of `items`, with the smallest offset size that fits.
    static func indexBytes(_ items: [[UInt8]]) -> [UInt8] {
        CFFIndex(items).serialized()
    }

    static func dictBytes(_ entries: [DictEntry]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            out += entry.operands
            if entry.op >= 1200 { out += [12, UInt8(entry.op - 1200)] } else { out.append(UInt8(entry.op)) }
        }
        return out
    }

    /// An integer operand in its five-byte form.
    static func fixed(_ value: Int) -> [UInt8] {
        let v = UInt32(truncatingIfNeeded: value)
        return [29, UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }
}

/// A CFF INDEX held as its items' bytes end to end and where each one ends: one buffer, not
/// one array per item (a subset keeps every subroutine's place: hundreds of items a font).
struct CFFIndex: Equatable {
    private(set) var data: [UInt8] = []
    private(set) var ends: [Int] = []

    init() {}

    /// The INDEX at `offset` of `bytes`, its data copied once; nil when malformed (offsets
    /// that go back, start elsewhere than 1 or run past the data).
    init?(reading bytes: [UInt8], at offset: Int) {
        guard offset + 2 <= bytes.count else { return nil }
        let count = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
        if count == 0 { return }
        guard offset + 3 <= bytes.count else { return nil }
        let size = Int(bytes[offset + 2])
        let offsets = offset + 3, dataStart = offsets + (count + 1) * size - 1
        guard size >= 1, size <= 4, offsets + (count + 1) * size <= bytes.count else { return nil }
        func at(_ k: Int) -> Int {
            var value = 0
            for b in 0..<size { value = value << 8 | Int(bytes[offsets + k * size + b]) }
            return value
        }
        guard at(0) == 1 else { return nil }
        ends.reserveCapacity(count)
        var previous = 1
        for k in 1...count {
            let next = at(k)
            guard next >= previous else { return nil }
            ends.append(next - 1)
            previous = next
        }
        guard dataStart + previous <= bytes.count else { return nil }
        data = Array(bytes[(dataStart + 1)..<(dataStart + previous)])
    }

    init(_ items: [[UInt8]]) {
        for item in items { append(item) }
    }

    var count: Int { ends.count }
    var items: [[UInt8]] { (0..<count).map { Array(self[$0]) } }

    subscript(index: Int) -> ArraySlice<UInt8> { data[(index == 0 ? 0 : ends[index - 1])..<ends[index]] }

    mutating func append<Item: Collection>(_ item: Item) where Item.Element == UInt8 {
        data += item
        ends.append(data.count)
    }

    /// The INDEX as written in a font program, with the smallest offset size that fits.
    func serialized() -> [UInt8] {
        guard count > 0 else { return [0, 0] }
        let total = data.count + 1
        let size = total <= 0xFF ? 1 : total <= 0xFFFF ? 2 : total <= 0xFF_FFFF ? 3 : 4
        var out: [UInt8] = [UInt8(count >> 8), UInt8(count & 0xFF), UInt8(size)]
        out.reserveCapacity(3 + (count + 1) * size + data.count)
        func put(_ value: Int) { for k in (0..<size).reversed() { out.append(UInt8(value >> (8 * k) & 0xFF)) } }
        put(1)
        for end in ends { put(end + 1) }
        return out + data
    }
}
