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
    /// holds its glyphs now; returns those names with each CID's new code. True in `changed`
    /// when the page dictionary itself was edited (its resources written in it).
    mutating func redirectFonts(of page: inout PDFDictionary, in file: PDFRewriter, changed: inout Bool) throws -> [String: [UInt16: UInt8]] {
        guard !destinations.isEmpty, var resources = try file.dictionary(page["Resources"]) else { return [:] }
        let fontsReference = resources["Font"]
        if let number = fontsReference.reference, let done = redirected[number] { return done }
        guard var fonts = try file.dictionary(fontsReference) else { return [:] }
        var names: [String: [UInt16: UInt8]] = [:]
        for name in fonts.keys {
            guard let number = fonts[name].reference, let destination = destinations[number] else { continue }
            fonts[name] = .reference(destination.font, 0)
            names[name] = destination.codes
        }
        guard !names.isEmpty else { return [:] }
        if let number = fontsReference.reference {
            file.replace(number, with: .dictionary(fonts))
            redirected[number] = names
        } else {
            resources["Font"] = .dictionary(fonts)
            if let number = page["Resources"].reference {
                file.replace(number, with: .dictionary(resources))
                // Shared resources are read again, already redirected, by the next page.
                redirected[number] = names
            } else {
                page["Resources"] = .dictionary(resources)
                changed = true
            }
        }
        return names
    }

    /// `content` with every string shown in one of `fonts` re-encoded to the simple font's
    /// codes. The font in use is followed through `Tf` and the graphics-state stack (`q`, `Q`);
    /// only the operands of text-showing operators change.
    static func reencode(_ content: [UInt8], fonts: [String: [UInt16: UInt8]]) throws -> [UInt8] {
        guard !fonts.isEmpty else { return content }
        var edits: [(range: Range<Int>, bytes: [UInt8])] = []
        try content.withUnsafeBufferPointer { buffer in
            var current: [UInt16: UInt8]?
            var stack: [[UInt16: UInt8]?] = []
            for operation in ContentTokenizer.operations(in: buffer) {
                switch operation.op {
                case TextOperators.save: stack.append(current)
                case TextOperators.restore: current = stack.popLast() ?? nil
                case TextOperators.tf:
                    var parser = PDFParser(buffer, at: operation.start)
                    current = try parser.value().name.flatMap { fonts[$0] }
                case TextOperators.tj, TextOperators.tjArray, TextOperators.quote, TextOperators.doubleQuote:
                    guard let codes = current else { continue }
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
