@testable import Checksums
import Foundation
@testable import Manifest
import Testing
@testable import Mailing

/// Header lines stay within RFC 5322's limits whatever the names, and credentials typed into
/// a URL are never repeated in a message.
@Suite("Header folding and credential redaction")
struct HeaderFoldingTests {
    func render(to name: String, subject: String = "Fiche 2024") throws -> String {
        let message = MailMessage(
            from: Fixture.sender, to: [Mailbox(name: name, address: EmailAddress("destinataire@example.org")!)],
            subject: subject, date: Date(timeIntervalSince1970: 1_732_700_000), messageID: "fiche.test.95.abc@example.org",
            textBody: "Bonjour")
        return String(decoding: try message.render(), as: UTF8.self)
    }

    func headerLines(_ rendered: String) -> [Substring] {
        let head = rendered.components(separatedBy: "\r\n\r\n")[0]
        return head.split(separator: "\r\n", omittingEmptySubsequences: false)
    }

    /// Names that cannot fold at their spaces, by what makes them long.
    static let longNames: [String: String] = [
        "one 2 000-letter atom": String(repeating: "A", count: 2_000),
        "quoted string with spaces": String(repeating: "Jean-Pierre. ", count: 150),
        "a long word among short ones": "Direction " + String(repeating: "x", count: 300) + " fin",
        "700 accented letters": String(repeating: "é", count: 700),
    ]

    @Test(arguments: longNames.keys.sorted())
    func aLongRecipientNameIsFoldedToSeventyEightCharacters(kind: String) throws {
        let name = try #require(Self.longNames[kind])
        let rendered = try render(to: name)
        for line in headerLines(rendered) { #expect(line.utf8.count <= 78, "\(line.prefix(40))… is \(line.utf8.count) long") }
        #expect(rendered.contains("<destinataire@example.org>"))
    }

    @Test func aLongSubjectWordIsFoldedToo() throws {
        let rendered = try render(to: "Marie", subject: "Fiche " + String(repeating: "Z", count: 500))
        for line in headerLines(rendered) { #expect(line.utf8.count <= 78) }
    }

    @Test func anSMTPURLWithAPasswordIsRefusedWithoutRepeatingIt() {
        let error = #expect(throws: SMTPConfigurationError.self) {
            _ = try SMTPConfiguration.security(for: "smtp://u:S3cr3t@mail.example.org:587", allowPlaintext: false)
        }
        let message = error?.description ?? ""
        #expect(!message.contains("S3cr3t"))
        #expect(!message.contains("u:"))
        #expect(message.contains("smtp://***@mail.example.org:587"))
        #expect(message.contains("FICHE_SMTP_USER"))
    }

    @Test func redactionLeavesURLsWithoutCredentialsAlone() {
        #expect(SMTPConfiguration.redactingCredentials("smtps://mail.example.org:465") == "smtps://mail.example.org:465")
        #expect(SMTPConfiguration.redactingCredentials("smtp://a@b:c@host/x@y") == "smtp://***@host/x@y")
        #expect(SMTPConfiguration.redactingCredentials("user:pw@host") == "***@host")
    }
}

/// Only the PDFs `fiche bulk` wrote are attached: not a link whose target happens to match.
@Suite("Fiches folder files")
struct FicheFolderFileTests {
    @Test func aSymbolicLinkInTheFichesFolderIsNotAttachedEvenWhenItsChecksumMatches() throws {
        let folder = try Fixture.fiches([Fixture.valDOise])
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        let entry = try #require(folder.availableFiches["95"])
        let real = folder.url(of: entry)
        let elsewhere = folder.directory.appendingPathComponent("elsewhere.bin")
        try FileManager.default.moveItem(at: real, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: real, withDestinationURL: elsewhere)
        let error = #expect(throws: FicheFolderError.self) { _ = try folder.readFiche(entry) }
        #expect(error?.description.contains("is a symbolic link, not a fiche written by `fiche bulk`") == true)
    }

    @Test func aFileThatIsNotAPDFIsNotAttachedEvenWhenItsChecksumMatches() throws {
        let folder = try Fixture.fiches([Fixture.valDOise])
        defer { try? FileManager.default.removeItem(at: folder.directory) }
        let entry = try #require(folder.availableFiches["95"])
        let text = Data("not a pdf".utf8)
        try text.write(to: folder.url(of: entry))
        let forged = BulkManifest.Entry(code: "95", name: "Val-d'Oise", region: "Île-de-France", file: entry.file, pages: 8,
                                        bytes: text.count, sha256: SHA256.hex(of: text), status: .rendered)
        #expect(throws: FicheFolderError.self) { _ = try folder.readFiche(forged) }
    }
}
