// A complete e-mail: headers, a text body with an HTML alternative, attachments; rendered as
// RFC 5322 / MIME bytes with CRLF line endings, ready for SMTP or an .eml file.

import Checksums
import Foundation

/// A file attached to a message.
struct Attachment: Sendable {
    /// The file name shown to the recipient.
    var fileName: String
    /// The MIME type, e.g. `application/pdf`.
    var contentType: String
    /// The file's bytes.
    var data: Data

    init(fileName: String, contentType: String = "application/pdf", data: Data) {
        self.fileName = fileName
        self.contentType = contentType
        self.data = data
    }
}

/// An e-mail message, built in memory and rendered by ``render()``.
struct MailMessage: Sendable {
    var from: Mailbox
    var to: [Mailbox]
    var replyTo: Mailbox?
    var subject: String
    var date: Date
    /// The Message-ID without angle brackets (`unique@domain`).
    var messageID: String
    /// The plain-text body.
    var textBody: String
    /// The HTML alternative, if any.
    var htmlBody: String?
    var attachments: [Attachment]

    init(
        from: Mailbox, to: [Mailbox], replyTo: Mailbox? = nil, subject: String, date: Date = Date(),
        messageID: String, textBody: String, htmlBody: String? = nil, attachments: [Attachment] = []
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
    }

    /// A new globally unique Message-ID (without brackets) under `domain`, with a readable prefix.
    static func makeMessageID(prefix: String, domain: String) -> String {
        var random = SystemRandomNumberGenerator()
        let token = (0..<2).map { _ in String(random.next() as UInt64, radix: 36) }.joined(separator: ".")
        let cleanPrefix = String(prefix.unicodeScalars.map { scalar -> Character in
            let c = Character(scalar)
            return (c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == ".")) ? c : "-"
        })
        return "\(cleanPrefix).\(token)@\(domain)"
    }

    /// The message as bytes (CRLF line endings, 7-bit: bodies quoted-printable, attachments base64).
    /// Throws ``MIMEError`` when a header value would need a line break or control character.
    func render() throws -> Data {
        try HeaderEncoding.checkNoControlCharacters(messageID, field: "Message-ID")
        guard messageID.contains("@"), !messageID.contains("<"), !messageID.contains(">"), !messageID.contains(" ") else {
            throw MIMEError.forbiddenCharacter(field: "Message-ID", value: messageID)
        }
        var headers: [String] = []
        headers.append(try HeaderEncoding.addressField("From", [from]))
        headers.append(try HeaderEncoding.addressField("To", to))
        if let replyTo { headers.append(try HeaderEncoding.addressField("Reply-To", [replyTo])) }
        headers.append(try HeaderEncoding.unstructuredField("Subject", subject))
        headers.append("Date: " + MailMessage.rfc5322Date(date))
        headers.append("Message-ID: <\(messageID)>")
        headers.append("MIME-Version: 1.0")
        for header in headers { try HeaderEncoding.checkHardLimit(header) }

        let seed = String(SHA256.hex(of: messageID).prefix(24))
        // "=_" can occur neither in quoted-printable nor in base64 text: a boundary starting with
        // it never collides with content.
        let mixed = "=_mixed_\(seed)"
        let alternative = "=_alt_\(seed)"

        var bodyPart: [String]
        let textPart = [
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            QuotedPrintable.encode(textBody),
        ]
        if let htmlBody {
            bodyPart = [
                "Content-Type: multipart/alternative; boundary=\"\(alternative)\"",
                "",
                "--\(alternative)",
            ] + textPart + [
                "--\(alternative)",
                "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                QuotedPrintable.encode(htmlBody),
                "--\(alternative)--",
            ]
        } else {
            bodyPart = textPart
        }

        var lines = headers
        if attachments.isEmpty {
            lines += bodyPart
        } else {
            lines.append("Content-Type: multipart/mixed; boundary=\"\(mixed)\"")
            lines.append("")
            lines.append("This is a multi-part message in MIME format.")
            lines.append("--\(mixed)")
            lines += bodyPart
            for attachment in attachments {
                lines.append("--\(mixed)")
                lines.append("Content-Type: \(attachment.contentType); " + (try HeaderEncoding.fileNameParameter("name", attachment.fileName)))
                lines.append("Content-Disposition: attachment; " + (try HeaderEncoding.fileNameParameter("filename", attachment.fileName)))
                lines.append("Content-Transfer-Encoding: base64")
                lines.append("")
                lines.append(MailMessage.base64Lines(attachment.data))
            }
            lines.append("--\(mixed)--")
        }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// `Date` header value, e.g. `Thu, 27 Nov 2025 09:30:00 +0100`.
    static func rfc5322Date(_ date: Date, timeZone: TimeZone = .current) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// Base64 in lines of 76 characters joined by CRLF.
    static func base64Lines(_ data: Data) -> String {
        let encoded = Array(data.base64EncodedString().utf8)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 38)
        var i = 0
        while i < encoded.count {
            let end = min(i + 76, encoded.count)
            if i > 0 { out += [13, 10] }
            out += encoded[i..<end]
            i = end
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Quoted-printable (RFC 2045) for UTF-8 text bodies.
enum QuotedPrintable {
    /// Encodes `text` (any line endings) as quoted-printable lines of at most 76 characters,
    /// joined by CRLF. Lines starting with "." or "From " are protected too.
    static func encode(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        let inputLines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        for (lineIndex, line) in inputLines.enumerated() {
            if lineIndex > 0 { output += [13, 10] }
            let bytes = Array(line.utf8)
            var current = 0  // length of the current output line
            for (i, byte) in bytes.enumerated() {
                let isLast = i == bytes.count - 1
                var token: [UInt8]
                let atLineStart = current == 0
                if (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 32 || byte == 9) && !isLast) {
                    token = [byte]
                    if atLineStart && (byte == UInt8(ascii: ".") || (byte == UInt8(ascii: "F") && bytes[i...].starts(with: Array("From ".utf8)))) {
                        token = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                    }
                } else {
                    token = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                }
                // Keep room for a soft break "=" (76 characters at most per line).
                let limit = isLast ? 76 : 75
                if current + token.count > limit {
                    output += [UInt8(ascii: "="), 13, 10]
                    current = 0
                    if token == [byte] && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "F")) {
                        token = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                    }
                }
                output += token
                current += token.count
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
