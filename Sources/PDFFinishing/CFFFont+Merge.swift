import Foundation

// Merging a CID-keyed subset of a face into the name-keyed subset of the same face.
//
// cairo 1.16 puts a face's glyphs in a Type 1C subset when their text is one WinAnsi
// character not yet taken, and in a CID subset otherwise (U+00A0, U+00AD, U+202F, U+2212, the
// arrows, a second glyph for "(" or ":"): every face then came twice. Both subsets are cut
// from the same font program by the same subsetter, which keeps each subroutine at its index
// (the unused ones reduced to `return`) and the same Private DICT, so the CID subset's glyphs
// can join the Type 1C subset as they are, their subroutines joined index by index.

extension CFFIndex {
    /// Whether item `index` is a subroutine the subsetter dropped: `return` alone, or nothing.
    func isEmptySubroutine(_ index: Int) -> Bool {
        let start = index == 0 ? 0 : ends[index - 1]
        return ends[index] == start || (ends[index] == start + 1 && data[start] == 11)
    }
}

extension CFFFont {
    /// Why two subsets could not be merged.
    enum MergeRefusal: Error, Equatable {
        case notTheSameFace(String)
        case tooManyGlyphs
    }


    /// This name-keyed subset with `other`'s glyphs (all but `.notdef`) appended under
    /// `names`, with the built-in codes `codes`. Throws when the two subsets do not come
    /// from the same font program or the glyphs do not fit.
    func merging(_ other: CFFFont, names: [String], codes newCodes: [UInt8]) throws -> CFFFont {
        let added = other.charStrings.count - 1
        guard !isCIDKeyed, added == names.count, added == newCodes.count else {
            throw MergeRefusal.notTheSameFace("glyph counts")
        }
        guard privateDict == other.privateDict else { throw MergeRefusal.notTheSameFace("Private DICTs differ") }
        guard charStrings.count + added <= 256, codes != nil || newCodes.isEmpty else { throw MergeRefusal.tooManyGlyphs }
        var merged = self
        merged.globalSubrs = try Self.union(globalSubrs, other.globalSubrs, what: "global")
        merged.localSubrs = try Self.union(localSubrs, other.localSubrs, what: "local")
        for (index, name) in names.enumerated() {
            merged.charStrings.append(other.charStrings[index + 1])
            merged.charsetSIDs.append(merged.stringID(for: name))
        }
        if merged.codes != nil { merged.codes! += newCodes }
        return merged
    }

    /// The subroutines of two subsets of one font program, index by index: each one the
    /// subset that kept it has.
    static func union(_ a: CFFIndex, _ b: CFFIndex, what: String) throws -> CFFIndex {
        if (0..<b.count).allSatisfy({ b.isEmptySubroutine($0) }) { return a }
        guard a.count == b.count else { throw MergeRefusal.notTheSameFace("\(what) subroutine counts \(a.count) and \(b.count)") }
        var result = CFFIndex()
        for index in 0..<a.count {
            if b.isEmptySubroutine(index) {
                result.append(a[index])
            } else if a.isEmptySubroutine(index) || a[index].elementsEqual(b[index]) {
                result.append(b[index])
            } else {
                throw MergeRefusal.notTheSameFace("\(what) subroutines differ")
            }
        }
        return result
    }

    /// The glyph names of this name-keyed font, `.notdef` first.
    var glyphNames: [String] {
        [".notdef"] + charsetSIDs.map(string(for:))
    }

    func string(for sid: Int) -> String { CFFGlyphNames.name(sid: sid, strings: strings) }

    /// The string id of `name`: a standard string's, else one added to the String INDEX.
    mutating func stringID(for name: String) -> Int {
        let standard = CFFGlyphNames.standardStrings
        if let sid = standard.firstIndex(of: name) { return sid }
        let bytes = Array(name.utf8)
        if let index = strings.firstIndex(of: bytes) { return standard.count + index }
        strings.append(bytes)
        return standard.count + strings.count - 1
    }
}
