import Foundation

/// The objects of a face's two subsets, read, and the simple font rewritten to hold both.
struct MergeParts {
    let simple: Int
    let simpleFont: PDFDictionary
    let descriptorNumber: Int
    let descriptor: PDFDictionary
    let programNumber: Int
    let toUnicodeNumber: Int
    let latin: CFFFont
    let latinText: ToUnicodeCMap
    /// The simple font's widths by code.
    let widths: [Int: PDFObject]
    let cid: CFFFont
    let cidText: ToUnicodeCMap
    /// The CID font's widths by CID, and its default width.
    let cidWidths: [Int: PDFObject]
    let cidDefaultWidth: PDFObject
    /// The objects that only the CID font used: gone once merged.
    let compositeObjects: [Int]

    /// Reads both fonts; nil when either is not shaped as cairo writes them.
    init?(simple: Int, composite: Int, file: PDFRewriter, coder: DeflateCoder) throws {
        guard let simpleFont = try file.object(simple).dictionary, simpleFont["Encoding"].name == "WinAnsiEncoding",
              let descriptorNumber = simpleFont["FontDescriptor"].reference,
              let descriptor = try file.object(descriptorNumber).dictionary,
              let programNumber = descriptor["FontFile3"].reference,
              try file.object(programNumber).dictionary?["Subtype"].name == "Type1C",
              let toUnicodeNumber = simpleFont["ToUnicode"].reference,
              let firstChar = try file.resolve(simpleFont["FirstChar"]).integer,
              let widthList = try file.resolve(simpleFont["Widths"]).array,
              let type0 = try file.object(composite).dictionary, type0["Encoding"].name == "Identity-H",
              let descendants = try file.resolve(type0["DescendantFonts"]).array, descendants.count == 1,
              let cidFontNumber = descendants[0].reference, let cidFont = try file.object(cidFontNumber).dictionary,
              cidFont["Subtype"].name == "CIDFontType0",
              let cidDescriptorNumber = cidFont["FontDescriptor"].reference,
              let cidProgramNumber = try file.object(cidDescriptorNumber).dictionary?["FontFile3"].reference,
              let cidToUnicodeNumber = type0["ToUnicode"].reference,
              let latin = CFFFont(try file.decodedStream(programNumber, coder: coder)), !latin.isCIDKeyed,
              let cid = CFFFont(try file.decodedStream(cidProgramNumber, coder: coder)), cid.isCIDKeyed,
              let latinText = ToUnicodeCMap(try file.decodedStream(toUnicodeNumber, coder: coder)),
              let cidText = ToUnicodeCMap(try file.decodedStream(cidToUnicodeNumber, coder: coder)),
              let cidWidths = try Self.cidWidths(try file.resolve(cidFont["W"]).array ?? [], file: file) else { return nil }
        self.simple = simple
        self.simpleFont = simpleFont
        self.descriptorNumber = descriptorNumber
        self.descriptor = descriptor
        self.programNumber = programNumber
        self.toUnicodeNumber = toUnicodeNumber
        self.latin = latin
        self.latinText = latinText
        widths = Dictionary(uniqueKeysWithValues: widthList.enumerated().map { (firstChar + $0.offset, $0.element) })
        self.cid = cid
        self.cidText = cidText
        self.cidWidths = cidWidths
        cidDefaultWidth = try file.resolve(cidFont["DW"]).isNull ? .integer(1000) : try file.resolve(cidFont["DW"])
        compositeObjects = [composite, cidFontNumber, cidDescriptorNumber, cidProgramNumber, cidToUnicodeNumber]
            + [type0["DescendantFonts"].reference, cidFont["W"].reference].compactMap { $0 }
    }

    /// A CID font's `/W` array (9.7.4.3: `c [w1 w2 …]` and `cfirst clast w`) as widths by CID;
    /// nil when malformed.
    static func cidWidths(_ array: [PDFObject], file: PDFRewriter) throws -> [Int: PDFObject]? {
        var result: [Int: PDFObject] = [:]
        var i = 0
        while i < array.count {
            guard let first = array[i].integer, i + 1 < array.count else { return nil }
            if let list = try file.resolve(array[i + 1]).array {
                for (offset, width) in list.enumerated() { result[first + offset] = width }
                i += 2
            } else {
                guard let last = array[i + 1].integer, i + 2 < array.count, last >= first, last - first < 65_536 else { return nil }
                for code in first...last { result[code] = array[i + 2] }
                i += 3
            }
        }
        return result
    }

    /// Writes the merged simple font: its program, `/Differences`, widths, text and
    /// `/CharSet`; then drops the CID font's objects.
    func write(program: [UInt8], glyphNames: [String], codes: [UInt8], names: [String], file: PDFRewriter,
               coder: DeflateCoder) throws {
        var widthByCode = widths
        var text = latinText
        var differences: [PDFObject] = []
        for (index, code) in codes.enumerated() {
            let cidValue = index + 1
            widthByCode[Int(code)] = cidWidths[cidValue] ?? cidDefaultWidth
            if let mapped = cidText.mappings[cidValue] { text.mappings[Int(code)] = mapped }
            differences += [.integer(Int(code)), .name(names[index])]
        }
        let first = widthByCode.keys.min() ?? 0, last = widthByCode.keys.max() ?? 0
        var font = simpleFont
        font["Encoding"] = .dictionary(PDFDictionary([("Type", .name("Encoding")), ("BaseEncoding", .name("WinAnsiEncoding")),
                                                      ("Differences", .array(differences))]))
        font["FirstChar"] = .integer(first)
        font["LastChar"] = .integer(last)
        font["Widths"] = .array((first...last).map { widthByCode[$0] ?? .integer(0) })
        file.replace(simple, with: .dictionary(font))
        var descriptor = self.descriptor
        descriptor["CharSet"] = .string(Array(glyphNames.filter { $0 != ".notdef" }.map { "/" + $0 }.joined().utf8))
        file.replace(descriptorNumber, with: .dictionary(descriptor))
        file.replaceStream(programNumber, dictionary: PDFDictionary([("Subtype", .name("Type1C")), ("Filter", .name("FlateDecode"))]),
                           data: coder.compress(program))
        file.replaceStream(toUnicodeNumber, dictionary: PDFDictionary([("Filter", .name("FlateDecode"))]),
                           data: coder.compress(text.serialized(codeBytes: 1)))
        compositeObjects.forEach(file.remove)
    }
}
