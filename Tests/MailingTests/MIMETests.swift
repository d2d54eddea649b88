import Foundation
@testable import Checksums
import Testing
@testable import Mailing

@Suite("MIME messages")
struct MIMETests {
    let to = Mailbox(name: "Jérôme Martin-Lefèvre", address: EmailAddress("j.martin@example.com")!)

    func message(subject: String = "Les indicateurs clés : commerce extérieur – Val-d'Oise (2024)", to: [Mailbox]? = nil) -> MailMessage {
        MailMessage(
            from: Fixture.sender, to: to ?? [self.to], replyTo: nil, subject: subject,
            date: Date(timeIntervalSince1970: 1_732_700_000), messageID: "fiche.test.95.abc@anct.example.org",
            textBody: "Bonjour,\nVoici la fiche.\n.\nFrom here on\n", htmlBody: "<p>Bonjour,</p>",
            attachments: [Attachment(fileName: "95-val-d-oise.pdf", data: Fixture.fakePDF("95"))])
    }

    @Test func nonASCIISubjectIsWrittenAsEncodedWordsOfAtMost75Characters() throws {
        let field = try HeaderEncoding.unstructuredField("Subject", String(repeating: "Économie extérieure ", count: 8))
        #expect(field.hasPrefix("Subject: =?UTF-8?B?"))
        for line in field.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78)
            #expect(line.allSatisfy { $0.isASCII })
        }
        let words = field.components(separatedBy: .whitespacesAndNewlines).filter { $0.hasPrefix("=?") }
        #expect(words.allSatisfy { $0.count <= 75 })
        let decoded = words.map { w -> String in
            let b64 = w.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(b64))!, as: UTF8.self)
        }.joined()
        #expect(decoded == String(repeating: "Économie extérieure ", count: 8))
    }

    @Test func asciiSubjectStaysReadable() throws {
        #expect(try HeaderEncoding.unstructuredField("Subject", "Fiche 2024") == "Subject: Fiche 2024")
    }

    @Test(arguments: ["Fiche\r\nBcc: victim@example.org", "Fiche\nX", "Fiche\rX", "Tab\there", "Nul\u{0}"])
    func subjectWithLineBreakOrControlCharacterIsRefused(subject: String) {
        #expect(throws: MIMEError.self) { try message(subject: subject).render() }
    }

    @Test func displayNameWithLineBreakIsRefused() {
        let evil = Mailbox(name: "Eve\r\nBcc: all@example.org", address: EmailAddress("eve@example.org")!)
        #expect(throws: MIMEError.self) { try message(to: [evil]).render() }
    }

    @Test func displayNamesAreQuotedOrEncoded() throws {
        let plain = try HeaderEncoding.addressField("To", [Mailbox(name: "Marie Dupont", address: EmailAddress("m@example.org")!)])
        #expect(plain == "To: Marie Dupont <m@example.org>")
        let specials = try HeaderEncoding.addressField("To", [Mailbox(name: "Dupont, Marie \"DGE\"", address: EmailAddress("m@example.org")!)])
        #expect(specials == #"To: "Dupont, Marie \"DGE\"" <m@example.org>"#)
        let accented = try HeaderEncoding.addressField("To", [to])
        #expect(accented.hasPrefix("To: =?UTF-8?B?"))
        #expect(accented.hasSuffix(" <j.martin@example.com>"))
    }

    @Test func addressesWithSpacesAnglesOrLineBreaksAreInvalid() {
        for bad in ["a b@example.org", "a@example.org\r\nRCPT TO:<x@y.org>", "<a@example.org>", "a@b", "a@@example.org", ".a@example.org", "a..b@example.org", "a@-example.org", "", "ü@example.org", "a@example.123"] {
            #expect(EmailAddress(bad) == nil, "\(bad.debugDescription) should be invalid")
        }
        for good in ["a@example.org", "first.last+tag@sub.example.co.uk", "o'brien@example.ie", "x_y-z@xn--bcher-kva.example"] {
            #expect(EmailAddress(good) != nil, "\(good) should be valid")
        }
    }

    @Test func renderedMessageHasHeadersAlternativeBodiesAndBase64PDF() throws {
        let text = String(decoding: try message().render(), as: UTF8.self)
        #expect(text.allSatisfy { $0.isASCII })
        let headerBlock = text.components(separatedBy: "\r\n\r\n")[0]
        for name in ["From:", "To:", "Subject:", "Date:", "Message-ID: <fiche.test.95.abc@anct.example.org>", "MIME-Version: 1.0", "Content-Type: multipart/mixed;"] {
            #expect(headerBlock.contains(name))
        }
        #expect(text.contains("Content-Type: multipart/alternative;"))
        #expect(text.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(text.contains("Content-Type: text/html; charset=utf-8"))
        #expect(text.contains("Content-Type: application/pdf; name=\"95-val-d-oise.pdf\""))
        #expect(text.contains("Content-Disposition: attachment; filename=\"95-val-d-oise.pdf\""))
        // Only CRLF line endings, lines within the SMTP limit.
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78) }
    }

    @Test func quotedPrintableKeepsLinesShortAndProtectsDotsAndFrom() {
        let long = String(repeating: "é", count: 100) + " fin "
        let encoded = QuotedPrintable.encode(long + "\n.\nFrom here\n")
        for line in encoded.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 76) }
        #expect(encoded.contains("\r\n=2E\r\n"))
        #expect(encoded.contains("\r\n=46rom here"))
        #expect(encoded.contains("fin=20"))
    }

    @Test func renderedMessageParsesCleanlyWithPythonEmail() throws {
        let dir = Fixture.temporaryDirectory("mime")
        let url = dir.appendingPathComponent("m.eml")
        try message().render().write(to: url)
        let parsed = try #require(try PythonEmail.parse([url]).first)
        #expect(parsed.defects.isEmpty)
        #expect(parsed.subject == "Les indicateurs clés : commerce extérieur – Val-d'Oise (2024)")
        #expect(parsed.to == ["j.martin@example.com"])
        #expect(parsed.to_header.contains("Jérôme Martin-Lefèvre"))
        #expect(parsed.text == "Bonjour,\nVoici la fiche.\n.\nFrom here on\n")
        #expect(parsed.attachments.first?.sha256 == SHA256.hex(of: Fixture.fakePDF("95")))
        #expect(parsed.structure == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"])
    }

    @Test func nonASCIIAttachmentNameUsesRFC2231() throws {
        let m = MailMessage(from: Fixture.sender, to: [to], subject: "x", messageID: "a@b.example", textBody: "x",
                            attachments: [Attachment(fileName: "9D-la-réunion.pdf", data: Data([1, 2, 3]))])
        let dir = Fixture.temporaryDirectory("mime")
        let url = dir.appendingPathComponent("m.eml")
        try m.render().write(to: url)
        let parsed = try #require(try PythonEmail.parse([url]).first)
        #expect(parsed.attachments.first?.filename == "9D-la-réunion.pdf")
        #expect(parsed.defects.isEmpty)
    }

    @Test func mailboxParsesNameAndAngleAddress() {
        let m = Mailbox(parsing: "\"Territoires d'industrie\" <fiches@anct.example.org>")
        #expect(m?.name == "Territoires d'industrie")
        #expect(m?.address.value == "fiches@anct.example.org")
        #expect(Mailbox(parsing: "fiches@anct.example.org")?.name == nil)
        #expect(Mailbox(parsing: "nope") == nil)
    }
}
