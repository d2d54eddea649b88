import Foundation

/// Writes PDF objects in PDF syntax.
enum PDFSerializer {
    static func append(_ object: PDFObject, to out: inout [UInt8]) {
        switch object {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .integer(let i): appendInteger(i, to: &out)
        case .real(let text): out += text.utf8
        case .name(let name): appendName(name, to: &out)
        case .string(let bytes): appendString(bytes, to: &out)
        case .reference(let n, let g):
            appendInteger(n, to: &out)
            out.append(0x20)
            appendInteger(g, to: &out)
            out += " R".utf8
        case .array(let items):
            out.append(0x5B)
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(0x20) }
                append(item, to: &out)
            }
            out.append(0x5D)
        case .dictionary(let dictionary):
            out += "<<".utf8
            for (key, value) in dictionary.entries {
                out.append(0x20)
                appendName(key, to: &out)
                out.append(0x20)
                append(value, to: &out)
            }
            out += " >>".utf8
        }
    }

    /// An integer's decimal digits, written straight into `out` (no string made: a fiche's
    /// structure tree and widths are thousands of them).
    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        var magnitude = value.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(magnitude % 10) + 0x30)
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()  // written units first
    }

    static func bytes(_ object: PDFObject) -> [UInt8] {
        var out: [UInt8] = []
        append(object, to: &out)
        return out
    }

    /// `/Name`, with `#xx` for delimiters, white space, `#` and bytes outside printable ASCII.
    static func appendName(_ name: String, to out: inout [UInt8]) {
        out.append(0x2F)
        let digits = Array("0123456789ABCDEF".utf8)
        for b in name.utf8 {
            if b > 0x20, b < 0x7F, b != 0x23, PDFParser.isRegular(b) {
                out.append(b)
            } else {
                out.append(0x23)
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 0xF)])
            }
        }
    }

    /// A string: literal when its bytes are printable ASCII (parentheses and backslashes
    /// escaped), hexadecimal otherwise.
    static func appendString(_ bytes: [UInt8], to out: inout [UInt8]) {
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            out.append(0x28)
            for b in bytes {
                if b == 0x28 || b == 0x29 || b == 0x5C { out.append(0x5C) }
                out.append(b)
            }
            out.append(0x29)
        } else {
            let digits = Array("0123456789abcdef".utf8)
            out.append(0x3C)
            for b in bytes {
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 0xF)])
            }
            out.append(0x3E)
        }
    }
}
