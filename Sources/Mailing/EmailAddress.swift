// An e-mail address checked for what SMTP and a mail header can safely carry.

import Foundation

/// An e-mail address (`local@domain`), validated for plain ASCII SMTP.
///
/// The check is deliberately strict: a dot-atom local part and a domain name of at least two
/// labels; no quoted local parts, no address literals, no internationalised addresses (SMTPUTF8
/// is not used). Whatever passes can be written into `MAIL FROM`, `RCPT TO` and a header as is.
package struct EmailAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The address as given, trimmed.
    let value: String

    /// Validates `string` (surrounding whitespace ignored); nil when it is not a usable address.
    package init?(_ string: String) {
        let trimmed = string.trimmingCharacters(in: .whitespaces)
        guard EmailAddress.isValid(trimmed) else { return nil }
        self.value = trimmed
    }

    /// The address in lower case: the key under which recipients are compared and journaled.
    var normalized: String { value.lowercased() }

    /// The part after `@`.
    var domain: String { String(value[value.index(after: value.lastIndex(of: "@")!)...]) }

    package var description: String { value }

    package static func < (lhs: EmailAddress, rhs: EmailAddress) -> Bool { lhs.normalized < rhs.normalized }

    /// Equality ignores case: `A@Example.org` and `a@example.org` are the same recipient.
    package static func == (lhs: EmailAddress, rhs: EmailAddress) -> Bool { lhs.normalized == rhs.normalized }

    package func hash(into hasher: inout Hasher) { hasher.combine(normalized) }

    private static let atext: Set<UInt8> = {
        var set = Set<UInt8>()
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { set.insert(c) }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { set.insert(c) }
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { set.insert(c) }
        for c in "!#$%&'*+-/=?^_`{|}~".utf8 { set.insert(c) }
        return set
    }()

    static func isValid(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard (1...64).contains(local.count), (4...253).contains(domain.count) else { return false }
        // Local part: dot-atom.
        var previousDot = true
        for c in local {
            if c == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
            } else if atext.contains(c) {
                previousDot = false
            } else {
                return false
            }
        }
        if previousDot { return false }
        // Domain: LDH labels, at least two, the last not all digits.
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.count) else { return false }
            guard label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
            for c in label {
                let isLDH = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2D
                if !isLDH { return false }
            }
        }
        if labels.last!.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return false }
        return true
    }
}
