import Foundation

/// A PDF object, as the finishing step reads and writes it (ISO 32000-1, 7.3).
///
/// Real numbers keep their text, so an object read and written again is unchanged. Not
/// `indirect`: arrays and dictionaries already hold their items on the heap, and boxing
/// every number and name made parsing allocate once per value.
enum PDFObject: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    /// A real number, as written in the file (e.g. "0.5").
    case real(String)
    /// A name, without its slash and with `#xx` escapes decoded.
    case name(String)
    /// A string's bytes (literal or hexadecimal in the file).
    case string([UInt8])
    case array([PDFObject])
    case dictionary(PDFDictionary)
    /// An indirect reference `n g R`.
    case reference(Int, Int)

    /// A text string: plain ASCII as is, anything else in UTF-16BE with a byte order mark (7.9.2.2).
    static func text(_ value: String) -> PDFObject {
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return .string(Array(value.utf8)) }
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in value.utf16 { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
        return .string(bytes)
    }

    var dictionary: PDFDictionary? { if case .dictionary(let d) = self { return d } else { return nil } }
    var array: [PDFObject]? { if case .array(let a) = self { return a } else { return nil } }
    var name: String? { if case .name(let n) = self { return n } else { return nil } }
    var integer: Int? { if case .integer(let i) = self { return i } else { return nil } }
    var reference: Int? { if case .reference(let n, _) = self { return n } else { return nil } }
    var isNull: Bool { self == .null }

    /// A string's text: UTF-16BE with a byte order mark, UTF-8 with one (PDF 2.0), or
    /// PDFDocEncoding, whose printable ASCII and Latin-1 letters are read as such.
    var text: String? {
        guard case .string(let bytes) = self else { return nil }
        if bytes.starts(with: [0xFE, 0xFF]) {
            var units: [UInt16] = []
            var i = 2
            while i + 1 < bytes.count { units.append(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])); i += 2 }
            return String(decoding: units, as: UTF16.self)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return String(decoding: bytes.dropFirst(3), as: UTF8.self) }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }
}

/// A PDF dictionary, keeping its entries in order so that a rewritten object reads like the original.
struct PDFDictionary: Equatable, Sendable {
    private(set) var entries: [(key: String, value: PDFObject)] = []

    init(_ entries: [(String, PDFObject)] = []) {
        for (key, value) in entries { self[key] = value }
    }

    /// The entry's value; `.null` when absent (as PDF reads a missing entry). Setting `.null` removes it.
    subscript(key: String) -> PDFObject {
        get { entries.first { $0.key == key }?.value ?? .null }
        set {
            if let index = entries.firstIndex(where: { $0.key == key }) {
                if newValue == .null { entries.remove(at: index) } else { entries[index].value = newValue }
            } else if newValue != .null {
                entries.append((key, newValue))
            }
        }
    }

    var keys: [String] { entries.map(\.key) }

    static func == (a: PDFDictionary, b: PDFDictionary) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

/// Reads PDF objects from bytes (7.2 lexical conventions, 7.3 objects).
struct PDFParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    static func isWhite(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x00 }
    static func isDelimiter(_ b: UInt8) -> Bool {
        b == 0x28 || b == 0x29 || b == 0x3C || b == 0x3E || b == 0x5B || b == 0x5D || b == 0x7B || b == 0x7D || b == 0x2F || b == 0x25
    }
    static func isRegular(_ b: UInt8) -> Bool { !isWhite(b) && !isDelimiter(b) }

    /// Skips white space and comments.
    mutating func skipWhite() {
        while position < bytes.count {
            let b = bytes[position]
            if Self.isWhite(b) { position += 1 } else if b == 0x25 {
                while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else { return }
        }
    }

    /// The end of the regular-character token (a keyword or a number) at the position.
    func tokenEnd() -> Int {
        var end = position
        while end < bytes.count, Self.isRegular(bytes[end]) { end += 1 }
        return end
    }

    /// The token at the position, as text (for messages and rare keywords).
    func peekToken() -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<tokenEnd()]), as: UTF8.self)
    }

    /// True when the token at the position is `keyword`.
    func atKeyword(_ keyword: StaticString) -> Bool {
        let end = tokenEnd()
        guard end - position == keyword.utf8CodeUnitCount else { return false }
        let k = keyword.utf8Start
        for i in 0..<(end - position) where bytes[position + i] != k[i] { return false }
        return true
    }

    /// Consumes `keyword` (after white space) or throws.
    mutating func expect(_ keyword: StaticString) throws {
        skipWhite()
        guard atKeyword(keyword) else {
            throw PDFFinishingError.unexpectedStructure("expected '\(keyword)' at byte \(position), found '\(peekToken().prefix(20))'")
        }
        position += keyword.utf8CodeUnitCount
    }

    /// An unsigned decimal integer token at the position (consumed), or nil (nothing consumed).
    mutating func unsignedInteger() -> Int? {
        var end = position
        var value = 0
        while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39, end - position < 18 {
            value = value * 10 + Int(bytes[end] - 0x30)
            end += 1
        }
        guard end > position, end == bytes.count || !Self.isRegular(bytes[end]) else { return nil }
        position = end
        return value
    }

    /// Reads `n g obj` and returns n.
    mutating func objectHeader() throws -> Int {
        skipWhite()
        guard let number = unsignedInteger() else { throw PDFFinishingError.unexpectedStructure("no object header at byte \(position)") }
        skipWhite()
        guard unsignedInteger() != nil else { throw PDFFinishingError.unexpectedStructure("no object header at byte \(position)") }
        try expect("obj")
        return number
    }

    /// Reads one object (a reference `n g R` is read as one).
    mutating func value() throws -> PDFObject {
        skipWhite()
        guard position < bytes.count else { throw PDFFinishingError.unexpectedStructure("unexpected end of data") }
        switch bytes[position] {
        case 0x2F:
            position += 1
            return .name(name())
        case 0x28:
            return .string(try literalString())
        case 0x3C:
            if position + 1 < bytes.count, bytes[position + 1] == 0x3C {
                position += 2
                return .dictionary(try dictionaryBody())
            }
            return .string(try hexString())
        case 0x5B:
            position += 1
            var items: [PDFObject] = []
            while true {
                skipWhite()
                guard position < bytes.count else { throw PDFFinishingError.unexpectedStructure("unterminated array") }
                if bytes[position] == 0x5D { position += 1; return .array(items) }
                items.append(try value())
            }
        default:
            let start = position
            if let integer = unsignedInteger() {
                // `n g R`: look ahead for a generation number and R.
                let saved = position
                skipWhite()
                if let generation = unsignedInteger() {
                    skipWhite()
                    if atKeyword("R") {
                        position += 1
                        return .reference(integer, generation)
                    }
                }
                position = saved
                return .integer(integer)
            }
            let end = tokenEnd()
            guard end > position else {
                throw PDFFinishingError.unexpectedStructure("unexpected byte \(bytes[position]) at \(position)")
            }
            if atKeyword("true") { position = end; return .bool(true) }
            if atKeyword("false") { position = end; return .bool(false) }
            if atKeyword("null") { position = end; return .null }
            let token = peekToken()
            position = end
            guard let first = token.utf8.first, first == 0x2B || first == 0x2D || first == 0x2E || (first >= 0x30 && first <= 0x39) else {
                throw PDFFinishingError.unexpectedStructure("unexpected keyword '\(token.prefix(20))' at byte \(start)")
            }
            if let integer = Int(token) { return .integer(integer) }
            guard Double(token) != nil else { throw PDFFinishingError.unexpectedStructure("malformed number '\(token.prefix(20))' at byte \(start)") }
            return .real(token)
        }
    }

    /// The entries up to `>>` (the `<<` is consumed).
    mutating func dictionaryBody() throws -> PDFDictionary {
        var dictionary = PDFDictionary()
        while true {
            skipWhite()
            guard position < bytes.count else { throw PDFFinishingError.unexpectedStructure("unterminated dictionary") }
            if bytes[position] == 0x3E {
                position += 2
                return dictionary
            }
            guard bytes[position] == 0x2F else { throw PDFFinishingError.unexpectedStructure("dictionary key expected at byte \(position)") }
            position += 1
            let key = name()
            dictionary[key] = try value()
        }
    }

    /// A name's characters after the slash, `#xx` decoded.
    mutating func name() -> String {
        var out: [UInt8] = []
        while position < bytes.count, Self.isRegular(bytes[position]) {
            let b = bytes[position]
            if b == 0x23, position + 2 < bytes.count, let h = Self.hex(bytes[position + 1]), let l = Self.hex(bytes[position + 2]) {
                out.append(h << 4 | l)
                position += 3
            } else {
                out.append(b)
                position += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    mutating func hexString() throws -> [UInt8] {
        position += 1
        var out: [UInt8] = []
        var high: UInt8?
        while position < bytes.count, bytes[position] != 0x3E {
            if let digit = Self.hex(bytes[position]) {
                if let h = high { out.append(h << 4 | digit); high = nil } else { high = digit }
            }
            position += 1
        }
        guard position < bytes.count else { throw PDFFinishingError.unexpectedStructure("unterminated hexadecimal string") }
        position += 1
        if let h = high { out.append(h << 4) }
        return out
    }

    mutating func literalString() throws -> [UInt8] {
        position += 1
        var out: [UInt8] = []
        var depth = 1
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            switch b {
            case 0x28:
                depth += 1
                out.append(b)
            case 0x29:
                depth -= 1
                if depth == 0 { return out }
                out.append(b)
            case 0x5C:
                guard position < bytes.count else { break }
                let e = bytes[position]
                position += 1
                switch e {
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x0D:  // line continuation
                    if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                case 0x0A: break
                case 0x30...0x37:
                    var code = Int(e - 0x30)
                    for _ in 0..<2 where position < bytes.count && (0x30...0x37).contains(bytes[position]) {
                        code = code * 8 + Int(bytes[position] - 0x30)
                        position += 1
                    }
                    out.append(UInt8(code & 0xFF))
                default: out.append(e)
                }
            default:
                out.append(b)
            }
        }
        throw PDFFinishingError.unexpectedStructure("unterminated string")
    }
}
