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
        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        try content.withUnsafeBufferPointer { buffer in
            // What the strings are re-encoded by (the name used), and what draws them.
            var state = (codes: [UInt16: UInt8]?.none, font: Int?.none, size: PDFObject.null)
            var stack: [(codes: [UInt16: UInt8]?, font: Int?, size: PDFObject)] = []
            for operation in ContentTokenizer.operations(in: buffer) {
                switch operation.op {
                case TextOperators.save: stack.append(state)
                case TextOperators.restore: state = stack.popLast() ?? (nil, nil, .null)
                case TextOperators.tf:
                    var parser = PDFParser(buffer, at: operation.start)
                    let name = try parser.value().name ?? "", size = try parser.value()
                    let font = objects[name]
                    if font != nil, font == state.font, size == state.size { edits.append((operation.start..<operation.end, [])) }
                    state = (fonts[name], font, size)
                case TextOperators.tj, TextOperators.tjArray, TextOperators.quote, TextOperators.doubleQuote:
                    guard let codes = state.codes else { continue }
                    let operandsEnd = operation.end - (operation.op == TextOperators.tj || operation.op == TextOperators.tjArray ? 2 : 1)
                    var parser = PDFParser(buffer, at: operation.start)
                    var out: [UInt8] = []
                    while (parser.skipWhite(), parser.position < operandsEnd).1 {
                        PDFSerializer.append(recode(try parser.value(), codes: codes), to: &out)
                        out.append(0x20)
                    }
                    edits.append((operation.start..<operandsEnd, out))
                default:
                    continue
                }
            }
        }
        guard !edits.isEmpty else { return content }
        var out: [UInt8] = []
        out.reserveCapacity(content.count)
        var cursor = 0
        for edit in edits {
            out += content[cursor..<edit.range.lowerBound]
            out += edit.bytes
            cursor = edit.range.upperBound
        }
        out += content[cursor...]
        return out
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
