import Foundation

/// A ToUnicode CMap (ISO 32000-1 9.10.3) as cairo writes them: codes of one or two bytes
/// mapped to text by `bfchar` and `bfrange` entries. Read so that two fonts' maps can be
/// joined, and written again with `bfchar` entries only.
struct ToUnicodeCMap: Equatable {
    /// Each code's text, in UTF-16BE.
    var mappings: [Int: [UInt8]] = [:]

    init(mappings: [Int: [UInt8]]) {
        self.mappings = mappings
    }

    /// Reads the `bfchar` and `bfrange` entries of `data`; nil when they are malformed.
    init?(_ data: [UInt8]) {
        var tokens = Self.tokens(data)[...]
        while let token = tokens.popFirst() {
            switch token {
            case .beginCharacters:
                while case .hex(let code) = tokens.first {
                    tokens.removeFirst()
                    guard case .hex(let text) = tokens.popFirst() else { return nil }
                    mappings[Self.number(code)] = text
                }
            case .beginRanges:
                while case .hex(let low) = tokens.first {
                    tokens.removeFirst()
                    guard case .hex(let high) = tokens.popFirst(), Self.number(high) >= Self.number(low) else { return nil }
                    let codes = Self.number(low)...Self.number(high)
                    switch tokens.popFirst() {
                    case .hex(let start):
                        // The last byte of the text counts up with the code.
                        for (step, code) in codes.enumerated() where !start.isEmpty {
                            var text = start
                            text[text.count - 1] &+= UInt8(truncatingIfNeeded: step)
                            mappings[code] = text
                        }
                    case .open:
                        for code in codes {
                            guard case .hex(let text) = tokens.popFirst() else { return nil }
                            mappings[code] = text
                        }
                        guard tokens.popFirst() == .close else { return nil }
                    default:
                        return nil
                    }
                }
            default:
                continue
            }
        }
    }

    /// The CMap, codes of `codeBytes` bytes (1 for a simple font, 2 for Identity-H).
    func serialized(codeBytes: Int) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(400 + mappings.count * 16)
        func hex(_ value: Int, bytes: Int) {
            out.append(0x3C)
            for k in (0..<bytes).reversed() {
                let byte = value >> (8 * k) & 0xFF
                out.append(digits[byte >> 4])
                out.append(digits[byte & 0xF])
            }
            out.append(0x3E)
        }
        out += """
        /CIDInit /ProcSet findresource begin
        12 dict begin
        begincmap
        /CIDSystemInfo
        << /Registry (Adobe)
           /Ordering (UCS)
           /Supplement 0
        >> def
        /CMapName /Adobe-Identity-UCS def
        /CMapType 2 def
        1 begincodespacerange

        """.utf8
        hex(0, bytes: codeBytes)
        out.append(0x20)
        hex(1 << (8 * codeBytes) - 1, bytes: codeBytes)
        out += "\nendcodespacerange\n".utf8
        let entries = mappings.sorted { $0.key < $1.key }
        // At most 100 entries a block (9.10.3, after PostScript's limits).
        for start in stride(from: 0, to: entries.count, by: 100) {
            let block = entries[start..<min(entries.count, start + 100)]
            out += "\(block.count) beginbfchar\n".utf8
            for (code, text) in block {
                hex(code, bytes: codeBytes)
                out.append(0x20)
                out.append(0x3C)
                for byte in text { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 0xF)]) }
                out += ">\n".utf8
            }
            out += "endbfchar\n".utf8
        }
        out += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n".utf8
        return out
    }

    private enum Token: Equatable {
        case hex([UInt8])
        /// `beginbfchar`, `beginbfrange`, any other word.
        case beginCharacters, beginRanges, word
        case open, close
    }

    private static let (beginbfchar, beginbfrange) = (Array("beginbfchar".utf8), Array("beginbfrange".utf8))

    /// Hex strings, array brackets and bare words; names, numbers and dictionaries are read
    /// as words, which the parser skips.
    private static func tokens(_ data: [UInt8]) -> [Token] {
        var result: [Token] = []
        var i = 0
        while i < data.count {
            let b = data[i]
            if b == 0x3C, i + 1 < data.count, data[i + 1] != 0x3C {
                var digits: [UInt8] = []
                i += 1
                while i < data.count, data[i] != 0x3E {
                    if let digit = PDFParser.hex(data[i]) { digits.append(digit) }
                    i += 1
                }
                if digits.count % 2 == 1 { digits.append(0) }
                result.append(.hex(stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }))
                i += 1
            } else if b == 0x5B {
                result.append(.open); i += 1
            } else if b == 0x5D {
                result.append(.close); i += 1
            } else if PDFParser.isRegular(b) {
                let start = i
                while i < data.count, PDFParser.isRegular(data[i]) { i += 1 }
                let word = data[start..<i]
                result.append(word.elementsEqual(beginbfchar) ? .beginCharacters : word.elementsEqual(beginbfrange) ? .beginRanges : .word)
            } else {
                i += 1
            }
        }
        return result
    }

    private static func number(_ bytes: [UInt8]) -> Int {
        bytes.reduce(0) { $0 << 8 | Int($1) }
    }
}
