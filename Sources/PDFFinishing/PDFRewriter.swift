import Foundation

/// A PDF with a classic cross-reference table (what cairo writes), rewritten with some of its
/// objects replaced and others added.
///
/// Reading parses only the objects asked for. Writing copies every object that was not
/// replaced byte for byte from the original, so the cost of finishing a fiche is the cost of
/// what changes, not of the whole file; then it writes a new cross-reference table and
/// trailer. Object numbers are kept, so references in copied objects stay valid.
final class PDFRewriter {
    /// The original file.
    let bytes: [UInt8]
    /// The original trailer dictionary (of the newest section when the file was updated).
    let trailer: PDFDictionary
    /// Object number → offset of `n g obj` in `bytes`.
    private let offsets: [Int: Int]
    /// The objects in file order, each with the bytes it spans up to the next object.
    let spans: [(number: Int, range: Range<Int>)]
    /// Where the first object starts: the header before it is copied as is.
    let headerEnd: Int
    private var parsed: [Int: PDFObject] = [:]
    /// Replaced objects: number → the bytes between `n 0 obj` and `endobj`.
    private(set) var replacements: [Int: [UInt8]] = [:]
    /// Added objects, numbered from the original `/Size` on.
    private(set) var additions: [[UInt8]] = []
    /// Original objects left out of the output (their numbers become free entries).
    private(set) var removals = Set<Int>()
    let firstNewNumber: Int

    /// Reads the cross-reference table(s) and trailer of `pdf`.
    init(_ pdf: [UInt8]) throws {
        bytes = pdf
        var offsets: [Int: Int] = [:]
        var newestTrailer: PDFDictionary?
        var sectionOffset = try Self.startXref(pdf)
        var seen = Set<Int>()
        while let offset = sectionOffset {
            guard seen.insert(offset).inserted else { throw PDFFinishingError.unexpectedStructure("cross-reference loop") }
            let (entries, trailer) = try Self.readXrefSection(pdf, at: offset)
            // Newer sections come first: an object keeps its newest offset.
            for (number, position) in entries where offsets[number] == nil { offsets[number] = position }
            if newestTrailer == nil { newestTrailer = trailer }
            sectionOffset = trailer["Prev"].integer
        }
        guard let trailer = newestTrailer else { throw PDFFinishingError.unexpectedStructure("no trailer") }
        // Objects are copied as they are: an encrypted file's would not match a new trailer.
        guard trailer["Encrypt"].isNull else { throw PDFFinishingError.unexpectedStructure("the document is encrypted") }
        self.trailer = trailer
        self.offsets = offsets
        let xref = try Self.startXref(pdf) ?? pdf.count
        let sorted = offsets.sorted { $0.value < $1.value }
        var spans: [(Int, Range<Int>)] = []
        for (index, entry) in sorted.enumerated() {
            let next = index + 1 < sorted.count ? sorted[index + 1].value : xref
            guard entry.value < next, next <= pdf.count else {
                throw PDFFinishingError.unexpectedStructure("object \(entry.key) lies outside the file")
            }
            spans.append((entry.key, entry.value..<Self.endOfObject(pdf, in: entry.value..<next)))
        }
        self.spans = spans
        headerEnd = sorted.first?.value ?? xref
        firstNewNumber = max(trailer["Size"].integer ?? 0, (offsets.keys.max() ?? 0) + 1)
    }

    /// Where the object starting the range ends: after its `endobj` and end of line. What
    /// follows (an earlier cross-reference table and trailer, in an updated file) is not copied.
    static func endOfObject(_ pdf: [UInt8], in range: Range<Int>) -> Int {
        let keyword = Array("endobj".utf8)
        var index = range.upperBound - keyword.count
        while index >= range.lowerBound {
            if pdf[index] == 0x65, pdf[index..<index + keyword.count].elementsEqual(keyword) {
                var end = index + keyword.count
                if end < range.upperBound, pdf[end] == 0x0D { end += 1 }
                if end < range.upperBound, pdf[end] == 0x0A { end += 1 }
                return end
            }
            index -= 1
        }
        return range.upperBound
    }

    static func startXref(_ pdf: [UInt8]) throws -> Int? {
        let keyword = Array("startxref".utf8)
        let tail = max(0, pdf.count - 1024)
        var index = pdf.count - keyword.count
        while index >= tail {
            if pdf[index] == keyword[0], Array(pdf[index..<index + keyword.count]) == keyword {
                return try pdf.withUnsafeBufferPointer { buffer in
                    var parser = PDFParser(buffer, at: index + keyword.count)
                    guard let offset = try parser.value().integer, offset >= 0, offset < pdf.count else {
                        throw PDFFinishingError.unexpectedStructure("startxref points outside the file")
                    }
                    return offset
                }
            }
            index -= 1
        }
        throw PDFFinishingError.unexpectedStructure("no startxref: not a complete PDF file")
    }

    /// One `xref` section and its trailer.
    static func readXrefSection(_ pdf: [UInt8], at offset: Int) throws -> ([(Int, Int)], PDFDictionary) {
        try pdf.withUnsafeBufferPointer { buffer in
            var parser = PDFParser(buffer, at: offset)
            parser.skipWhite()
            guard parser.atKeyword("xref") else {
                throw PDFFinishingError.unexpectedStructure("the cross-reference data is not a classic table (a cross-reference stream?)")
            }
            parser.position += 4
            var entries: [(Int, Int)] = []
            while true {
                parser.skipWhite()
                if parser.atKeyword("trailer") { break }
                guard let first = parser.unsignedInteger(), (parser.skipWhite(), true).1, let count = parser.unsignedInteger(),
                      count < buffer.count / 18 else {
                    throw PDFFinishingError.unexpectedStructure("malformed cross-reference subsection at byte \(parser.position)")
                }
                parser.skipWhite()
                for number in first..<first + count {
                    // `oooooooooo ggggg n` then two bytes of end of line (7.5.4).
                    guard let position = parser.unsignedInteger(), (parser.skipWhite(), true).1, parser.unsignedInteger() != nil,
                          (parser.skipWhite(), true).1, parser.atKeyword("n") || parser.atKeyword("f") else {
                        throw PDFFinishingError.unexpectedStructure("malformed cross-reference entry at byte \(parser.position)")
                    }
                    if parser.atKeyword("n") { entries.append((number, position)) }
                    parser.position += 1
                    parser.skipWhite()
                }
            }
            try parser.expect("trailer")
            guard let trailer = try parser.value().dictionary else { throw PDFFinishingError.unexpectedStructure("malformed trailer") }
            return (entries, trailer)
        }
    }

    // MARK: Reading

    /// Object `number` (for a stream, its dictionary), as in the original file.
    func object(_ number: Int) throws -> PDFObject {
        if let object = parsed[number] { return object }
        guard let offset = offsets[number] else { return .null }
        let object = try bytes.withUnsafeBufferPointer { buffer in
            var parser = PDFParser(buffer, at: offset)
            let header = try parser.objectHeader()
            guard header == number else { throw PDFFinishingError.unexpectedStructure("object \(number) is not where the table says") }
            return try parser.value()
        }
        parsed[number] = object
        return object
    }

    /// The object a reference points to; any other object as it is.
    func resolve(_ object: PDFObject) throws -> PDFObject {
        if case .reference(let number, _) = object { return try self.object(number) }
        return object
    }

    /// The dictionary `object` is or points to (nil for anything else).
    func dictionary(_ object: PDFObject) throws -> PDFDictionary? { try resolve(object).dictionary }

    /// Where a stream object's data lies in the file, and its dictionary.
    func streamData(_ number: Int) throws -> (dictionary: PDFDictionary, range: Range<Int>) {
        guard let offset = offsets[number] else { throw PDFFinishingError.unexpectedStructure("no object \(number)") }
        return try bytes.withUnsafeBufferPointer { buffer in
            var parser = PDFParser(buffer, at: offset)
            _ = try parser.objectHeader()
            guard let dictionary = try parser.value().dictionary else {
                throw PDFFinishingError.unexpectedStructure("object \(number) is not a stream")
            }
            try parser.expect("stream")
            // The keyword is followed by CR LF or LF (7.3.8.1).
            if parser.position < buffer.count, buffer[parser.position] == 0x0D { parser.position += 1 }
            if parser.position < buffer.count, buffer[parser.position] == 0x0A { parser.position += 1 }
            guard let length = try resolve(dictionary["Length"]).integer, length >= 0, parser.position + length <= buffer.count else {
                throw PDFFinishingError.unexpectedStructure("stream \(number) has no valid /Length")
            }
            return (dictionary, parser.position..<parser.position + length)
        }
    }

    /// A stream's data, decoded when it is Flate-compressed (or not compressed at all).
    func decodedStream(_ number: Int, coder: DeflateCoder) throws -> [UInt8] {
        let (dictionary, range) = try streamData(number)
        let filters = try resolve(dictionary["Filter"])
        let names = filters.array?.compactMap(\.name) ?? filters.name.map { [$0] } ?? []
        guard dictionary["DecodeParms"].isNull else {
            throw PDFFinishingError.unexpectedStructure("stream \(number) has decoding parameters")
        }
        switch names {
        case []: return Array(bytes[range])
        case ["FlateDecode"]: return try bytes.withUnsafeBytes { try coder.decompress(UnsafeRawBufferPointer(rebasing: $0[range])) }
        default: throw PDFFinishingError.unexpectedStructure("stream \(number) uses filters \(names)")
        }
    }

    // MARK: Editing

    /// Replaces object `number` by `object`.
    func replace(_ number: Int, with object: PDFObject) {
        replacements[number] = PDFSerializer.bytes(object)
        parsed[number] = object
    }

    /// Replaces object `number` by a stream of `data` (already encoded as `dictionary` says).
    func replaceStream(_ number: Int, dictionary: PDFDictionary, data: [UInt8]) {
        replacements[number] = Self.streamBody(dictionary, data)
        parsed[number] = .dictionary(dictionary)
    }

    /// Leaves object `number` out of the output: nothing may refer to it any more.
    func remove(_ number: Int) {
        removals.insert(number)
    }

    /// Adds `object` and returns a reference to it.
    func add(_ object: PDFObject) -> PDFObject {
        additions.append(PDFSerializer.bytes(object))
        return .reference(firstNewNumber + additions.count - 1, 0)
    }

    /// Adds a stream of `data` (already encoded as `dictionary` says) and returns a reference to it.
    func addStream(dictionary: PDFDictionary, data: [UInt8]) -> PDFObject {
        additions.append(Self.streamBody(dictionary, data))
        return .reference(firstNewNumber + additions.count - 1, 0)
    }

    /// `<< … /Length n >> stream … endstream`. A data ending with a carriage return would read,
    /// before the end-of-line marker that precedes `endstream`, as a CR LF marker one byte
    /// short of `/Length` (PDF/A, ISO 19005-2 6.1.7.1): such data gets an outer ASCIIHex
    /// encoding, which ends with `>`.
    static func streamBody(_ dictionary: PDFDictionary, _ data: [UInt8]) -> [UInt8] {
        var dictionary = dictionary
        var data = data
        if data.last == 0x0D {
            let filters = dictionary["Filter"], parameters = dictionary["DecodeParms"]
            let oldFilters = filters.array ?? (filters.isNull ? [] : [filters])
            dictionary["Filter"] = .array([.name("ASCIIHexDecode")] + oldFilters)
            if !parameters.isNull {
                dictionary["DecodeParms"] = .array([.null] + (parameters.array ?? [parameters]))
            }
            data = asciiHex(data)
        }
        dictionary["Length"] = .integer(data.count)
        var out = PDFSerializer.bytes(.dictionary(dictionary))
        out += "\nstream\n".utf8
        out += data
        out += "\nendstream".utf8
        return out
    }

    static func asciiHex(_ bytes: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2 + 1)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        out.append(UInt8(ascii: ">"))
        return out
    }

    // MARK: Writing

    /// The rewritten file: the original header, every object (replaced, copied or added),
    /// a cross-reference table and a trailer with `root`, `info` and a file identifier
    /// derived from the content, so identical input gives identical bytes.
    func write(root: PDFObject, info: PDFObject) throws -> Data {
        try protectOriginalStreamEnds()
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + replacements.values.reduce(0) { $0 + $1.count } + additions.reduce(0) { $0 + $1.count } + 64 * 1024)
        out += bytes[0..<headerEnd]
        let size = firstNewNumber + additions.count
        var newOffsets = [Int](repeating: -1, count: size)
        for (number, range) in spans where !removals.contains(number) {
            newOffsets[number] = out.count
            if let body = replacements[number] {
                Self.appendObject(number, body, to: &out)
            } else {
                out += bytes[range]
            }
        }
        for (index, body) in additions.enumerated() {
            newOffsets[firstNewNumber + index] = out.count
            Self.appendObject(firstNewNumber + index, body, to: &out)
        }
        let id = PDFObject.string(Self.fileIdentifier(out))
        let xref = out.count
        out += Array("xref\n0 \(size)\n0000000000 65535 f\r\n".utf8)
        for number in 1..<max(1, size) {
            let offset = newOffsets[number]
            out += Array((offset < 0 ? "0000000000 00000 f\r\n" : Self.tenDigits(offset) + " 00000 n\r\n").utf8)
        }
        let trailer = PDFDictionary([("Size", .integer(size)), ("Root", root), ("Info", info), ("ID", .array([id, id]))])
        out += Array("trailer\n".utf8)
        PDFSerializer.append(.dictionary(trailer), to: &out)
        out += Array("\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return Data(out)
    }

    /// 16 bytes that change whenever the content does: the CRC-32 of each quarter of the body.
    /// The `/ID` identifies a file, it is not a signature; CRC-32 costs a hundredth of SHA-256.
    static func fileIdentifier(_ body: [UInt8]) -> [UInt8] {
        body.withUnsafeBytes { buffer in
            let quarter = buffer.count / 4
            return (0..<4).flatMap { index -> [UInt8] in
                let end = index == 3 ? buffer.count : (index + 1) * quarter
                let crc = DeflateCoder.crc32(UnsafeRawBufferPointer(rebasing: buffer[index * quarter..<end]), seed: UInt32(index))
                return [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
            }
        }
    }

    static func appendObject(_ number: Int, _ body: [UInt8], to out: inout [UInt8]) {
        out += String(number).utf8
        out += " 0 obj\n".utf8
        out += body
        out += "\nendobj\n".utf8
    }

    static func tenDigits(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    /// Whether object `number` is a stream: its dictionary is followed by `stream` (a string
    /// that merely ends with the word, in a title say, does not make one).
    func isStream(_ number: Int) throws -> Bool {
        guard let offset = offsets[number] else { return false }
        return try bytes.withUnsafeBufferPointer { buffer in
            var parser = PDFParser(buffer, at: offset)
            _ = try parser.objectHeader()
            guard try parser.value().dictionary != nil else { return false }
            parser.skipWhite()
            return parser.atKeyword("stream")
        }
    }

    /// Where the `endstream` keyword near the end of the object in `range` starts, if there is
    /// one: a quick test before `isStream`.
    func endstreamKeyword(in range: Range<Int>) -> Int? {
        let keyword = Array("endstream".utf8)
        let tail = max(range.lowerBound, range.upperBound - 48)
        guard tail <= range.upperBound - keyword.count else { return nil }
        return (tail..<range.upperBound - keyword.count).last { i in
            bytes[i] == 0x65 && bytes[i..<i + keyword.count].elementsEqual(keyword)
        }
    }

    /// Original streams whose data ends with a carriage return are rewritten (see `streamBody`).
    /// Only objects whose `endstream` follows CR LF can be such streams.
    func protectOriginalStreamEnds() throws {
        for (number, range) in spans where replacements[number] == nil {
            guard let index = endstreamKeyword(in: range), index - 2 >= range.lowerBound,
                  bytes[index - 1] == 0x0A, bytes[index - 2] == 0x0D, try isStream(number) else { continue }
            let (dictionary, dataRange) = try streamData(number)
            guard bytes[dataRange].last == 0x0D else { continue }
            replaceStream(number, dictionary: dictionary, data: Array(bytes[dataRange]))
        }
    }

    /// Compresses every original stream that has no filter (cairo writes them so when asked
    /// to leave compression to this step), except XMP metadata, which PDF/A prefers readable
    /// as it is, and every `/FlateDecode` stream whose first block is stored (cairo's font
    /// programs and images, opened at zlib level 0 for this step: see `cairo_numbers.c`). Other
    /// encoded streams are copied as they are.
    func compressPlainStreams(coder: DeflateCoder) throws {
        for (number, range) in spans where replacements[number] == nil && endstreamKeyword(in: range) != nil {
            guard try isStream(number) else { continue }
            let (dictionary, dataRange) = try streamData(number)
            guard dictionary["DecodeParms"].isNull, dictionary["Type"].name != "Metadata" else { continue }
            if dictionary["Filter"].isNull {
                var compressed = dictionary
                compressed["Filter"] = .name("FlateDecode")
                replaceStream(number, dictionary: compressed, data: bytes.withUnsafeBytes { coder.compress(UnsafeRawBufferPointer(rebasing: $0[dataRange])) })
            } else if dictionary["Filter"].name == "FlateDecode", Self.startsWithStoredBlock(bytes[dataRange]),
                      // A stream that cannot be read is copied as it is, as before.
                      let plain = try? bytes.withUnsafeBytes({ try coder.decompress(UnsafeRawBufferPointer(rebasing: $0[dataRange])) }) {
                replaceStream(number, dictionary: dictionary, data: coder.compress(plain))
            }
        }
    }

    /// Whether a zlib stream's first deflate block is stored (BTYPE 00): what zlib writes at
    /// level 0. A stream whose header is not a valid zlib header (RFC 1950: deflate, a window
    /// of at most 32 KiB, the header's check bits, no preset dictionary) is left alone.
    static func startsWithStoredBlock(_ data: ArraySlice<UInt8>) -> Bool {
        guard data.count >= 3 else { return false }
        let method = data[data.startIndex], flags = data[data.startIndex + 1], block = data[data.startIndex + 2]
        let isZlib = method & 0x0F == 8 && method >> 4 <= 7 && (UInt16(method) << 8 | UInt16(flags)) % 31 == 0 && flags & 0x20 == 0
        return isZlib && (block >> 1) & 0x03 == 0
    }
}
