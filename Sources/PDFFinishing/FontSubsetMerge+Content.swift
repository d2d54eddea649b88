import Foundation

// The pages' side of the font-subset merge: resource names redirected to the simple font,
// and the strings shown with them re-encoded from two-byte CIDs to one-byte codes.

/// The content operators the merge follows.
enum TextOperators {
    static let tf = Operator("Tf"), tj = Operator("Tj"), tjArray = Operator("TJ")
    static let quote = Operator("'"), doubleQuote = Operator("\""), save = Operator("q"), restore = Operator("Q")
}

extension FontSubsetMerge {

    /// Points the page's font resources that named a merged CID font at the simple font that
    /// holds its glyphs now; returns those names with each CID's new code, and the font object
    /// of every name. True in `changed` when the page dictionary itself was edited (its
    /// resources written in it).
    mutating func redirectFonts(of page: inout PDFDictionary, in file: PDFRewriter, changed: inout Bool) throws -> PageFonts {
        // Resources (or their font dictionary) shared with a page already done were redirected
        // then: what that page found is this one's too.
        if let number = page["Resources"].reference, let done = redirected[number] { return done }
        guard !destinations.isEmpty, var resources = try file.dictionary(page["Resources"]) else { return PageFonts() }
        let fontsReference = resources["Font"]
        if let number = fontsReference.reference, let done = redirected[number] { return done }
        guard var fonts = try file.dictionary(fontsReference) else { return PageFonts() }
        var result = PageFonts()
        for name in fonts.keys {
            guard let number = fonts[name].reference else { continue }
            result.objects[name] = number
            guard let destination = destinations[number] else { continue }
            fonts[name] = .reference(destination.font, 0)
            result.codes[name] = destination.codes
            result.objects[name] = destination.font
        }
        guard !result.codes.isEmpty else { return PageFonts() }
        if let number = fontsReference.reference {
            file.replace(number, with: .dictionary(fonts))
            redirected[number] = result
        } else {
            resources["Font"] = .dictionary(fonts)
            if let number = page["Resources"].reference {
                file.replace(number, with: .dictionary(resources))
                // Shared resources are read again, already redirected, by the next page.
                redirected[number] = result
            } else {
                page["Resources"] = .dictionary(resources)
                changed = true
            }
        }
        return result
    }

    /// `content` with every string shown in one of `fonts` re-encoded to the simple font's
    /// codes. The font in use is followed through `Tf` and the graphics-state stack (`q`, `Q`);
    /// only the operands of text-showing operators change, and a `Tf` that now selects the
    /// font and size already in use (a merged name and its simple font's, one after the
    /// other) is dropped. `objects`: the font object each resource name stands for.
    static func reencode(_ content: [UInt8], fonts: [String: [UInt16: UInt8]], objects: [String: Int] = [:]) throws -> [UInt8] {
        guard !fonts.isEmpty else { return content }
        let edits = try content.withUnsafeBufferPointer { buffer in
            try reencodingEdits(buffer, operations: ContentTokenizer.operations(in: buffer), fonts: fonts, objects: objects)
        }
        return ContentEdit.apply(edits, to: content)
    }

    /// The edits `reencode` makes, for a stream already split into `operations`.
    static func reencodingEdits(_ buffer: UnsafeBufferPointer<UInt8>, operations: [ContentArtifacts.Operation],
                                fonts: [String: [UInt16: UInt8]], objects: [String: Int]) throws -> [ContentEdit] {
        guard !fonts.isEmpty else { return [] }
        var edits: [ContentEdit] = []
        // The page's font names as they are written (cairo's are plain: "f-0-1"), so that a `Tf`
        // is read without making a string; a name with a `#` escape is read by the parser.
        let names = Set(fonts.keys).union(objects.keys).map { (bytes: Array($0.utf8), codes: fonts[$0], font: objects[$0]) }
        // What the strings are re-encoded by (the name used), and what draws them.
        typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>
        var state = (codes: [UInt16: UInt8]?.none, font: Int?.none, size: Bytes?.none)
        var stack: [(codes: [UInt16: UInt8]?, font: Int?, size: Bytes?)] = []
        for operation in operations {
            switch operation.op {
            case TextOperators.save: stack.append(state)
            case TextOperators.restore: state = stack.popLast() ?? (nil, nil, nil)
            case TextOperators.tf:
                let (name, size) = try fontOperands(buffer, operation)
                let known = names.first { $0.bytes.elementsEqual(name) }
                if let font = known?.font, font == state.font, let current = state.size, size.elementsEqual(current) {
                    edits.append(ContentEdit(range: operation.start..<operation.end, bytes: []))
                }
                state = (known?.codes, known?.font, size)
            case TextOperators.tj, TextOperators.tjArray, TextOperators.quote, TextOperators.doubleQuote:
                guard let codes = state.codes else { continue }
                let operandsEnd = operation.end - (operation.op == TextOperators.tj || operation.op == TextOperators.tjArray ? 2 : 1)
                var parser = PDFParser(buffer, at: operation.start)
                var out: [UInt8] = []
                while (parser.skipWhite(), parser.position < operandsEnd).1 {
                    PDFSerializer.append(recode(try parser.value(), codes: codes), to: &out)
                    out.append(0x20)
                }
                edits.append(ContentEdit(range: operation.start..<operandsEnd, bytes: out))
            default:
                continue
            }
        }
        return edits
    }

    /// The name (without its slash, `#` escapes decoded) and the size of a `Tf` operation, as bytes.
    static func fontOperands(_ buffer: UnsafeBufferPointer<UInt8>, _ operation: ContentArtifacts.Operation) throws
        -> (name: [UInt8], size: Slice<UnsafeBufferPointer<UInt8>>) {
        var parser = PDFParser(buffer, at: operation.start)
        parser.skipWhite()
        guard parser.position < buffer.count, buffer[parser.position] == 0x2F else { return ([], buffer[0..<0]) }
        let nameStart = parser.position + 1
        var nameEnd = nameStart
        while nameEnd < buffer.count, PDFParser.isRegular(buffer[nameEnd]) { nameEnd += 1 }
        var name = Array(buffer[nameStart..<nameEnd])
        if name.contains(0x23) { name = Array((try parser.value().name ?? "").utf8) }
        parser.position = nameEnd
        parser.skipWhite()
        let sizeStart = parser.position
        var sizeEnd = sizeStart
        while sizeEnd < buffer.count, PDFParser.isRegular(buffer[sizeEnd]) { sizeEnd += 1 }
        return (name, buffer[sizeStart..<min(sizeEnd, operation.end - 2)])
    }

    /// A string of two-byte CIDs as one-byte codes (in arrays too); other operands as they are.
    static func recode(_ operand: PDFObject, codes: [UInt16: UInt8]) -> PDFObject {
        switch operand {
        case .string(let bytes):
            return .string(stride(from: 0, to: bytes.count - 1, by: 2).map { codes[UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1])] ?? 0 })
        case .array(let items):
            return .array(items.map { recode($0, codes: codes) })
        default:
            return operand
        }
    }
}
