import Foundation
import Testing
@testable import Mailing

@Suite("SMTP credentials")
struct CredentialsTests {
    @Test func environmentGivesCredentials() throws {
        let (c, _) = try SMTPCredentials.load(file: nil, environment: ["FICHE_SMTP_USER": "u", "FICHE_SMTP_PASSWORD": "p w"])
        #expect(c == SMTPCredentials(user: "u", password: "p w"))
        #expect(try SMTPCredentials.load(file: nil, environment: [:]).0 == nil)
        #expect(throws: CredentialsError.self) { try SMTPCredentials.load(file: nil, environment: ["FICHE_SMTP_USER": "u"]) }
    }

    @Test func fileWithTwoLinesOrKeysGivesCredentialsAndWarnsWhenReadableByOthers() throws {
        let dir = Fixture.temporaryDirectory("creds")
        let twoLines = dir.appendingPathComponent("a")
        try "# SMTP\nfiches@example.org\n s3cret=with=equals \n".write(to: twoLines, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: twoLines.path)
        let (a, warnings) = try SMTPCredentials.load(file: twoLines.path, environment: ["FICHE_SMTP_USER": "ignored", "FICHE_SMTP_PASSWORD": "x"])
        #expect(a == SMTPCredentials(user: "fiches@example.org", password: " s3cret=with=equals "))
        #expect(warnings.isEmpty)

        let keys = dir.appendingPathComponent("b")
        try "user = fiches\npassword=p@ss\n".write(to: keys, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keys.path)
        let (b, w) = try SMTPCredentials.load(file: keys.path)
        #expect(b == SMTPCredentials(user: "fiches", password: "p@ss"))
        #expect(w.count == 1)

        let bad = dir.appendingPathComponent("c")
        try "only-one-line\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: CredentialsError.self) { try SMTPCredentials.load(file: bad.path) }
    }
}
