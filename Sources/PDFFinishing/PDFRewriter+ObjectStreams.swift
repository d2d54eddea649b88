import Foundation

// The rewritten file in its compact form (PDF 1.5, ISO 32000-1 7.5.7 and 7.5.8): every object
// that is not a stream packed into compressed object streams, and a compressed cross-reference
// stream in place of the table. A fiche's structure tree, annotations and font dictionaries are
// thousands of small dictionaries: packed, Val-d'Oise's fiche went from 191.8 to 135.2 kB (its
// two object streams take 12.9 kB).

extension PDFRewriter {
    /// Objects packed into each object stream, at most.
    static let objectsPerStream = 200

    /// One object of the output: its number, the bytes between `n 0 obj` and `endobj`, and
    /// whether it is a stream (streams stay where they are).
    private struct OutputObject {
        let number: Int
        let body: ArraySlice<UInt8>
        let isStream: Bool
    }

    /// The rewritten file with object streams and a cross-reference stream; the same objects,
    /// numbers and content as `write(root:info:)`.
    func writeCompact(root: PDFObject, info: PDFObject, coder: DeflateCoder) throws -> Data {
        try protectOriginalStreamEnds()
        let objects = try outputObjects()
        var out = Array(bytes[0..<headerEnd])
        let size = firstNewNumber + additions.count
        let packed = objects.filter { !$0.isStream }
        let streamCount = (packed.count + Self.objectsPerStream - 1) / Self.objectsPerStream
        let total = size + streamCount + 1
        // Cross-reference entries: (type, field 2, field 3); free entries by default.
        var entries = [(UInt8, Int, Int)](repeating: (0, 0, 0), count: total)
        entries[0] = (0, 0, 65_535)
        for object in objects where object.isStream {
            entries[object.number] = (1, out.count, 0)
            Self.appendObject(object.number, Array(object.body), to: &out)
        }
        for k in 0..<streamCount {
            let number = size + k
            let group = packed[(k * Self.objectsPerStream)..<min(packed.count, (k + 1) * Self.objectsPerStream)]
            var header: [UInt8] = [], data: [UInt8] = []
            for (index, object) in group.enumerated() {
                entries[object.number] = (2, number, index)
                header += Array("\(object.number) \(data.count) ".utf8)
                data += object.body
                data.append(0x0A)
            }
            let dictionary = PDFDictionary([("Type", .name("ObjStm")), ("N", .integer(group.count)), ("First", .integer(header.count)),
                                            ("Filter", .name("FlateDecode"))])
            entries[number] = (1, out.count, 0)
            Self.appendObject(number, Self.streamBody(dictionary, coder.compress(header + data)), to: &out)
        }
        let id = PDFObject.string(Self.fileIdentifier(out))
        let xref = out.count
        entries[total - 1] = (1, xref, 0)
        var table: [UInt8] = []
        table.reserveCapacity(total * 7)
        for (type, field2, field3) in entries {
            table.append(type)
            table += [UInt8(field2 >> 24 & 0xFF), UInt8(field2 >> 16 & 0xFF), UInt8(field2 >> 8 & 0xFF), UInt8(field2 & 0xFF)]
            table += [UInt8(field3 >> 8 & 0xFF), UInt8(field3 & 0xFF)]
        }
        let dictionary = PDFDictionary([("Type", .name("XRef")), ("Size", .integer(total)),
                                        ("W", .array([.integer(1), .integer(4), .integer(2)])),
                                        ("Root", root), ("Info", info), ("ID", .array([id, id])), ("Filter", .name("FlateDecode"))])
        Self.appendObject(total - 1, Self.streamBody(dictionary, coder.compress(table)), to: &out)
        out += Array("startxref\n\(xref)\n%%EOF\n".utf8)
        return Data(out)
    }

    /// Every object of the output in order: original ones (replaced or copied), then added ones.
    private func outputObjects() throws -> [OutputObject] {
        var objects: [OutputObject] = []
        objects.reserveCapacity(spans.count + additions.count)
        for (number, range) in spans where !removals.contains(number) {
            if let body = replacements[number] {
                objects.append(OutputObject(number: number, body: body[...], isStream: Self.endsWithStream(body[...])))
            } else {
                let body = try originalBody(range)
                let stream = try endstreamKeyword(in: range) != nil && isStream(number)
                objects.append(OutputObject(number: number, body: body, isStream: stream))
            }
        }
        for (index, body) in additions.enumerated() {
            objects.append(OutputObject(number: firstNewNumber + index, body: body[...], isStream: Self.endsWithStream(body[...])))
        }
        return objects
    }

    /// The bytes of an original object between its `n g obj` and its `endobj`.
    private func originalBody(_ range: Range<Int>) throws -> ArraySlice<UInt8> {
        let start = try bytes.withUnsafeBufferPointer { buffer -> Int in
            var parser = PDFParser(buffer, at: range.lowerBound)
            _ = try parser.objectHeader()
            return parser.position
        }
        let keyword = Array("endobj".utf8)
        guard let end = (start..<(range.upperBound - keyword.count + 1)).last(where: { bytes[$0..<$0 + keyword.count].elementsEqual(keyword) }) else {
            throw PDFFinishingError.unexpectedStructure("no endobj at byte \(range.lowerBound)")
        }
        var (a, b) = (start, end)
        while a < b, [0x20, 0x0A, 0x0D].contains(bytes[a]) { a += 1 }
        while b > a, [0x20, 0x0A, 0x0D].contains(bytes[b - 1]) { b -= 1 }
        return bytes[a..<b]
    }

    /// Whether a body written by this rewriter is a stream (it ends with `endstream`).
    private static func endsWithStream(_ body: ArraySlice<UInt8>) -> Bool {
        let keyword = Array("endstream".utf8)
        var end = body.endIndex
        while end > body.startIndex, [0x20, 0x0A, 0x0D].contains(body[end - 1]) { end -= 1 }
        return end - body.startIndex >= keyword.count && body[(end - keyword.count)..<end].elementsEqual(keyword)
    }
}
