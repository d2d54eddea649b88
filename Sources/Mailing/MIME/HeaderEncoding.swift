// Header values as RFC 5322 and RFC 2047 want them: folded, ASCII, encoded words for the rest.

import Foundation

/// Why a message could not be built.
enum MIMEError: Error, Equatable, CustomStringConvertible {
    /// A header value holds a line break or another control character: refused rather than
    /// risk header injection.
    case forbiddenCharacter(field: String, value: String)
    /// An attachment file name that cannot be carried (empty, or with control characters).
    case invalidFileName(String)
    /// A header line longer than RFC 5322's hard limit of 998 characters, even folded.
    case headerLineTooLong(field: String, length: Int)

    package var description: String {
        switch self {
        case let .forbiddenCharacter(field, value):
            return "\(field): control character or line break refused in \(value.debugDescription)"
        case let .invalidFileName(name):
            return "invalid attachment file name \(name.debugDescription)"
        case let .headerLineTooLong(field, length):
            return "\(field): a header line of \(length) characters cannot be sent (at most \(HeaderEncoding.hardLineLimit)); shorten the value"
        }
    }
}

/// A display name and an address, as in `From: "Name" <address>`.
package struct Mailbox: Hashable, Sendable, CustomStringConvertible {
    /// The display name (any Unicode; encoded when written), or nil for a bare address.
    var name: String?
    /// The address.
    var address: EmailAddress

    /// A mailbox; an empty or blank `name` counts as none.
    package init(name: String? = nil, address: EmailAddress) {
        let trimmed = name?.trimmingCharacters(in: .whitespaces)
        self.name = (trimmed?.isEmpty ?? true) ? nil : trimmed
        self.address = address
    }

    /// Parses `Name <address>` or a bare `address` (as given on a command line).
    package init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            guard let address = EmailAddress(String(inner)) else { return nil }
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast())
            }
            self.init(name: name, address: address)
        } else {
            guard let address = EmailAddress(trimmed) else { return nil }
            self.init(address: address)
        }
    }

    package var description: String {
        if let name { return "\(name) <\(address)>" }
        return address.value
    }
}

/// Encoding of header fields: unstructured text (Subject), mailboxes (From, To, Reply-To) and
/// MIME parameters (file names).
enum HeaderEncoding {
    /// The longest header line we write, CRLF excluded (RFC 5322 recommends 78).
    static let lineLimit = 78
    /// The longest line RFC 5322 allows at all, CRLF excluded.
    static let hardLineLimit = 998
    /// The longest token that still fits on a folded line (after its leading space).
    static let longestFoldableToken = lineLimit - 1

    /// Refuses CR, LF and every other control character (tab included) in a header value.
    static func checkNoControlCharacters(_ value: String, field: String) throws {
        for scalar in value.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 {
                throw MIMEError.forbiddenCharacter(field: field, value: value)
            }
        }
    }

    static func isPrintableASCII(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// RFC 2047 "B" encoded words for `text`, each at most 75 characters, split between
    /// characters (never inside a UTF-8 sequence or a grapheme).
    static func encodedWords(_ text: String) -> [String] {
        // 39 bytes → 52 base64 characters; with "=?UTF-8?B?" and "?=", 64: a word still fits
        // on the first line after a header name such as "Reply-To: ".
        let maxBytes = 39
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            if !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk.removeAll()
            }
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytes { flush() }
            chunk.append(contentsOf: bytes)
        }
        flush()
        return words
    }

    /// A complete header field `Name: value` for unstructured text, folded, with encoded
    /// words when the text is not plain ASCII. Throws on control characters.
    static func unstructuredField(_ name: String, _ text: String) throws -> String {
        try checkNoControlCharacters(text, field: name)
        if isPrintableASCII(text), !text.contains("=?") {
            let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            // A word too long to fold around is carried as encoded words, which fold anywhere.
            if words.allSatisfy({ $0.utf8.count <= longestFoldableToken }) { return fold(name: name, tokens: words) }
        }
        return fold(name: name, tokens: encodedWords(text))
    }

    /// A mailbox as written in an address header: `"Name" <a@b>`, `=?UTF-8?B?…?= <a@b>` or `a@b`.
    static func mailboxTokens(_ mailbox: Mailbox, field: String) throws -> [String] {
        guard let name = mailbox.name else { return [mailbox.address.value] }
        try checkNoControlCharacters(name, field: field)
        let angle = "<\(mailbox.address.value)>"
        if isPrintableASCII(name), !name.contains("=?"),
           name.split(separator: " ").allSatisfy({ $0.utf8.count + 2 <= longestFoldableToken }) {
            let atext = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")
            if name.unicodeScalars.allSatisfy({ atext.contains($0) }) {
                return name.split(separator: " ").map(String.init) + [angle]
            }
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            // A quoted string folds only at its spaces: short enough, or encoded words instead.
            if escaped.utf8.count + 2 <= longestFoldableToken { return ["\"\(escaped)\"", angle] }
        }
        return encodedWords(name) + [angle]
    }

    /// A complete address header field (From, To, Reply-To) for one or more mailboxes.
    static func addressField(_ name: String, _ mailboxes: [Mailbox]) throws -> String {
        var tokens: [String] = []
        for (i, mailbox) in mailboxes.enumerated() {
            var part = try mailboxTokens(mailbox, field: name)
            if i < mailboxes.count - 1 { part[part.count - 1] += "," }
            tokens += part
        }
        return fold(name: name, tokens: tokens)
    }

    /// Joins tokens with spaces, folding (CRLF + space) before a token that would pass the limit.
    static func fold(name: String, tokens: [String]) -> String {
        var lines: [String] = []
        var line = name + ":"
        for token in tokens {
            if line.utf8.count + 1 + token.utf8.count > lineLimit, line.utf8.count > name.utf8.count + 1 {
                lines.append(line)
                line = " " + token
            } else {
                line += " " + token
            }
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// Throws when a line of a (folded) header field passes RFC 5322's hard limit.
    static func checkHardLimit(_ field: String) throws {
        for line in field.split(separator: "\r\n") where line.utf8.count > hardLineLimit {
            let name = field.prefix { $0 != ":" }
            throw MIMEError.headerLineTooLong(field: String(name), length: line.utf8.count)
        }
    }

    /// `filename="…"` / `name="…"` parameters for an attachment: a quoted ASCII value, or for
    /// other names an RFC 2231 `filename*=UTF-8''…` value beside an RFC 2047 fallback.
    static func fileNameParameter(_ parameter: String, _ fileName: String) throws -> String {
        guard !fileName.isEmpty else { throw MIMEError.invalidFileName(fileName) }
        do { try checkNoControlCharacters(fileName, field: parameter) } catch { throw MIMEError.invalidFileName(fileName) }
        if isPrintableASCII(fileName) {
            let escaped = fileName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\(parameter)=\"\(escaped)\""
        }
        var percent = ""
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
        for byte in fileName.utf8 {
            if unreserved.contains(byte) { percent.append(Character(UnicodeScalar(byte))) }
            else { percent += String(format: "%%%02X", byte) }
        }
        return "\(parameter)*=UTF-8''\(percent)"
    }
}
