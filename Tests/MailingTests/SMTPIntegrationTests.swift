import Foundation
@testable import SMTPTestServer
import Testing
@testable import Mailing

/// Against a real SMTP server (aiosmtpd) on 127.0.0.1, started and stopped by each test.
@Suite("SMTP delivery against a real server", .timeLimit(.minutes(2)))
struct SMTPIntegrationTests {
    func setUp(_ csv: String = Fixture.recipientsCSV, group: Bool = false) throws -> (MailCampaign, MailJournal) {
        let fiches = try Fixture.fiches()
        let campaign = try Fixture.campaign(fiches: fiches, recipients: try Fixture.recipients(csv, fiches: fiches), group: group)
        let journal = try MailJournal(path: fiches.directory.appendingPathComponent("mail-journal.sqlite").path)
        return (campaign, journal)
    }

    @Test func messagesArriveWithRecipientsSubjectBodyAndByteIdenticalPDF() throws {
        let server = try Fixture.server()
        defer { server.stop() }
        let (campaign, journal) = try setUp()
        let report = try campaign.send(using: try Fixture.transport(server), journal: journal)
        #expect(report.count(.sent) == 4, "\(report.summary)")

        let stored = try server.storedMessages()
        #expect(stored.count == 4)
        #expect(stored.allSatisfy { $0.mailFrom == "fiches@anct.example.org" })
        #expect(stored.map(\.recipients).sorted { $0[0] < $1[0] } == [["contact@ain.example.org"], ["elu@reunion.example.re"], ["j.martin@example.com"], ["marie.dupont@val-doise.example.org"]])
        let parsed = try PythonEmail.parse(stored)
        for (message, envelope) in zip(parsed, stored) {
            #expect(message.defects.isEmpty)
            #expect(message.to == envelope.recipients)
            #expect(message.mime_version == "1.0")
            #expect(message.date != nil)
            #expect(message.reply_to?.contains("territoires-industrie@anct.example.org") == true)
            #expect(message.from.contains("fiches@anct.example.org"))
            let pdf = try #require(message.attachments.first)
            #expect(message.attachments.count == 1)
            #expect(pdf.content_type == "application/pdf")
            let code = String(pdf.filename!.prefix { $0 != "-" })
            let fiche = try #require(campaign.fiches.availableFiches[code])
            #expect(pdf.filename == fiche.file)
            #expect(pdf.sha256 == fiche.sha256)
            #expect(message.subject == "Les indicateurs clés\u{00A0}: commerce extérieur – \(MessageContent.asOnTheFiche(fiche.name)) (2024)")
            #expect(message.text?.contains(MessageContent.asOnTheFiche(fiche.name)) == true)
            #expect(message.html?.contains("<html") == true)
            let entry = try #require(try journal.entry(JournalKey(campaign: campaign.name, departement: code, recipient: envelope.recipients[0])))
            #expect(message.message_id == "<\(entry.messageID)>")
            #expect(entry.smtpReply?.contains("queued as \(envelope.name)") == true)
        }
        let marie = try #require(parsed.first { $0.to == ["marie.dupont@val-doise.example.org"] })
        #expect(marie.text?.hasPrefix("Bonjour Marie Dupont,") == true)
        #expect(marie.to_header == "Marie Dupont <marie.dupont@val-doise.example.org>")
        let jerome = try #require(parsed.first { $0.to == ["j.martin@example.com"] })
        #expect(jerome.to_header == "Jérôme Martin-Lefèvre <j.martin@example.com>")
    }

    @Test func secondRunSendsNothing() throws {
        let server = try Fixture.server()
        defer { server.stop() }
        let (campaign, journal) = try setUp()
        _ = try campaign.send(using: try Fixture.transport(server), journal: journal)
        let second = try campaign.send(using: try Fixture.transport(server), journal: journal)
        #expect(second.count(.alreadySent) == 4)
        #expect(second.count(.sent) == 0)
        #expect(try server.storedMessages().count == 4)
    }

    @Test func temporary451ThenAcceptedIsDeliveredOnce() throws {
        let server = try Fixture.server(.init(temporaryFailures: 1))
        defer { server.stop() }
        let (campaign, journal) = try setUp("departement;email;nom\n95;marie.dupont@val-doise.example.org;Marie Dupont\n")
        let report = try campaign.send(using: try Fixture.transport(server), journal: journal)
        #expect(report.count(.sent) == 1, "\(report.summary)")
        #expect(try server.storedMessages().count == 1)
        let entry = try #require(try journal.entries(campaign: campaign.name).first)
        #expect(entry.status == .sent)
        #expect(entry.attempts == 2)
        #expect(entry.smtpCode == 250)
    }

    @Test func permanent550ForOneRecipientIsRecordedAndOthersAreDelivered() throws {
        let server = try Fixture.server(.init(rejectedRecipients: ["j.martin@example.com"]))
        defer { server.stop() }
        let (campaign, journal) = try setUp()
        let report = try campaign.send(using: try Fixture.transport(server), journal: journal)
        #expect(report.count(.sent) == 3)
        #expect(report.count(.failed) == 1)
        let stored = try server.storedMessages()
        #expect(stored.count == 3)
        #expect(!stored.contains { $0.recipients.contains("j.martin@example.com") })
        let failed = try #require(try journal.entry(JournalKey(campaign: campaign.name, departement: "95", recipient: "j.martin@example.com")))
        #expect(failed.status == .failed)
        #expect(failed.attempts == 1)
        #expect(failed.smtpCode == 550)
        #expect(failed.smtpReply?.contains("user unknown") == true)
    }

    @Test func groupMessageToleratesOneRefusedRecipient() throws {
        let server = try Fixture.server(.init(rejectedRecipients: ["j.martin@example.com"]))
        defer { server.stop() }
        let (campaign, journal) = try setUp(group: true)
        let report = try campaign.send(using: try Fixture.transport(server), journal: journal)
        let stored = try server.storedMessages()
        #expect(stored.count == 3)  // one per département
        let valDOise = try #require(stored.first { $0.recipients.contains("marie.dupont@val-doise.example.org") })
        #expect(valDOise.recipients == ["marie.dupont@val-doise.example.org"])
        #expect(report.count(.sent) == 3)
        #expect(report.count(.failed) == 1)
        #expect(try journal.entry(JournalKey(campaign: campaign.name, departement: "95", recipient: "j.martin@example.com"))?.status == .failed)
        let parsed = try PythonEmail.parse([valDOise])
        #expect(parsed[0].to.sorted() == ["j.martin@example.com", "marie.dupont@val-doise.example.org"])
        #expect(parsed[0].text?.hasPrefix("Madame, Monsieur,") == true)
    }

    @Test func serverClosingMidRunLeavesJournalFromWhichReRunCompletesWithoutDuplicates() throws {
        let store = Fixture.temporaryDirectory("smtp").appendingPathComponent("store")
        let (campaign, journal) = try setUp()
        do {
            let crashing = try Fixture.server(.init(dropAfter: 2), store: store)
            defer { crashing.stop() }
            let report = try campaign.send(using: try Fixture.transport(crashing), journal: journal)
            #expect(report.count(.sent) == 2)
            #expect(report.count(.deferred) == 2)
            #expect(!report.isComplete)
        }
        let status = try journal.status(campaign: campaign.name)
        #expect(status.counts[.sent] == 2)
        #expect(status.counts[.deferred] == 2)
        #expect(status.counts[.sending] == nil)

        let restarted = try Fixture.server(store: store.deletingLastPathComponent().appendingPathComponent("store2"))
        defer { restarted.stop() }
        let rerun = try campaign.send(using: try Fixture.transport(restarted), journal: journal)
        #expect(rerun.count(.sent) == 2)
        #expect(rerun.count(.alreadySent) == 2)
        #expect(rerun.isComplete)
        let all = try LoopbackSMTPServer.storedMessages(in: store) + restarted.storedMessages()
        let delivered = all.flatMap(\.recipients).sorted()
        #expect(delivered == ["contact@ain.example.org", "elu@reunion.example.re", "j.martin@example.com", "marie.dupont@val-doise.example.org"])
    }

    @Test func connectionLostAfterTheDataIsLeftSendingForTheUserToDecide() throws {
        let store = Fixture.temporaryDirectory("smtp").appendingPathComponent("store")
        let (campaign, journal) = try setUp()
        do {
            let crashing = try Fixture.server(.init(dropAfterData: 1), store: store)
            defer { crashing.stop() }
            let report = try campaign.send(using: try Fixture.transport(crashing), journal: journal)
            #expect(report.count(.sent) == 1)
            #expect(report.count(.needsDecision) == 1)
        }
        // The server did store the second message: re-sending it on our own would duplicate it.
        #expect(try LoopbackSMTPServer.storedMessages(in: store).count == 2)
        let status = try journal.status(campaign: campaign.name)
        #expect(status.counts[.sending] == 1)
        let uncertain = try #require(status.open.first { $0.status == .sending })
        #expect(uncertain.smtpReply?.contains("connection lost after the message was transmitted") == true)

        let restarted = try Fixture.server(store: store.deletingLastPathComponent().appendingPathComponent("store2"))
        defer { restarted.stop() }
        let rerun = try campaign.send(using: try Fixture.transport(restarted), journal: journal)
        #expect(rerun.count(.needsDecision) == 1)
        #expect(rerun.count(.sent) == 2)
        #expect(!rerun.isComplete)

        // The user checked: it arrived.
        #expect(try journal.resolveSending(campaign: campaign.name, as: .sent) == 1)
        let final = try campaign.send(using: try Fixture.transport(restarted), journal: journal)
        #expect(final.isComplete)
        let delivered = (try LoopbackSMTPServer.storedMessages(in: store) + restarted.storedMessages()).flatMap(\.recipients).sorted()
        #expect(delivered == ["contact@ain.example.org", "elu@reunion.example.re", "j.martin@example.com", "marie.dupont@val-doise.example.org"])
    }

    @Test func credentialsAreUsedForAuth() throws {
        let server = try Fixture.server(.init(credentials: ("fiche", "s3cret")))
        defer { server.stop() }
        let (campaign, journal) = try setUp("departement;email\n01;contact@ain.example.org\n")
        let refused = try campaign.send(using: try Fixture.transport(server, user: "fiche", password: "wrong"), journal: journal)
        #expect(refused.stoppedBecause != nil)
        #expect(try server.storedMessages().isEmpty)
        let transport = try Fixture.transport(server, user: "fiche", password: "s3cret")
        let report = try campaign.send(using: transport, journal: journal)
        #expect(report.count(.sent) == 1, "\(report.summary)")
        // The transcript never shows the credentials, in any form.
        let transcript = transport.transcript.joined(separator: "\n")
        #expect(transcript.contains("AUTH"))
        let secrets = ["s3cret", Data("s3cret".utf8).base64EncodedString(), Data("\0fiche\0s3cret".utf8).base64EncodedString(),
                       Data("fiche".utf8).base64EncodedString()]
        for secret in secrets { #expect(!transcript.contains(secret)) }
        #expect(try server.storedMessages().count == 1)
    }

    static let tlsDirectory = Fixture.repositoryRoot.appendingPathComponent("Tests/MailingTests/TLS")

    func tlsTransport(_ server: LoopbackSMTPServer, caFile: String?) throws -> CurlSMTPTransport {
        try CurlSMTPTransport(configuration: SMTPConfiguration(
            url: server.url, security: .required, caFile: caFile, connectTimeout: 5, responseTimeout: 10, transferTimeout: 30))
    }

    @Test func requiredSTARTTLSDeliversOverTLSWithTheServersCA() throws {
        let tls = Self.tlsDirectory
        let server = try Fixture.server(.init(tls: (tls.appendingPathComponent("server.pem").path, tls.appendingPathComponent("server.key").path)))
        defer { server.stop() }
        let (campaign, journal) = try setUp("departement;email\n01;contact@ain.example.org\n")
        let transport = try tlsTransport(server, caFile: tls.appendingPathComponent("ca.pem").path)
        let report = try campaign.send(using: transport, journal: journal)
        #expect(report.count(.sent) == 1, "\(report.summary)")
        #expect(transport.transcript.contains("> STARTTLS"))
        #expect(try server.storedMessages().count == 1)
    }

    @Test func requiredSTARTTLSRefusesAServerWithAnUntrustedCertificate() throws {
        let tls = Self.tlsDirectory
        let server = try Fixture.server(.init(tls: (tls.appendingPathComponent("server.pem").path, tls.appendingPathComponent("server.key").path)))
        defer { server.stop() }
        let (campaign, journal) = try setUp("departement;email\n01;contact@ain.example.org\n")
        let report = try campaign.send(using: try tlsTransport(server, caFile: nil), journal: journal)
        #expect(report.stoppedBecause != nil)
        #expect(try server.storedMessages().isEmpty)
        #expect(try journal.status(campaign: campaign.name).counts[.deferred] == 1)
    }

    @Test func requiredSTARTTLSRefusesAServerWithoutIt() throws {
        let server = try Fixture.server()
        defer { server.stop() }
        let (campaign, journal) = try setUp("departement;email\n01;contact@ain.example.org\n")
        let report = try campaign.send(using: try tlsTransport(server, caFile: nil), journal: journal)
        #expect(report.stoppedBecause != nil)
        #expect(try server.storedMessages().isEmpty)
    }

    @Test func unreachableServerIsATemporaryFailure() throws {
        let server = try Fixture.server()
        let url = server.url
        server.stop()
        let transport = try CurlSMTPTransport(configuration: SMTPConfiguration(url: url, security: .opportunistic, connectTimeout: 2))
        let result = transport.deliver(from: EmailAddress("a@example.org")!, to: [EmailAddress("b@example.org")!], message: Data("Subject: x\r\n\r\nx\r\n".utf8))
        #expect(result.outcome == .temporaryFailure)
    }

    @Test func plaintextIsRefusedUnlessLoopbackOrAllowed() throws {
        #expect(try SMTPConfiguration.security(for: "smtp://127.0.0.1:2525", allowPlaintext: false) == .opportunistic)
        #expect(try SMTPConfiguration.security(for: "smtp://localhost", allowPlaintext: false) == .opportunistic)
        #expect(try SMTPConfiguration.security(for: "smtp://[::1]:25", allowPlaintext: false) == .opportunistic)
        #expect(try SMTPConfiguration.security(for: "smtp://mail.example.org:587", allowPlaintext: false) == .required)
        #expect(try SMTPConfiguration.security(for: "smtp://mail.example.org:587", allowPlaintext: true) == .opportunistic)
        #expect(try SMTPConfiguration.security(for: "smtps://mail.example.org", allowPlaintext: true) == .required)
        #expect(throws: SMTPConfigurationError.self) { try SMTPConfiguration.security(for: "http://mail.example.org", allowPlaintext: false) }
        #expect(throws: SMTPConfigurationError.self) { try SMTPConfiguration.security(for: "smtp://user:pw@mail.example.org", allowPlaintext: false) }
    }
}

@Suite("Dry run")
struct DryRunTests {
    @Test func dryRunWritesEmlFilesThatParseCleanlyWithTheAttachment() throws {
        let fiches = try Fixture.fiches()
        let campaign = try Fixture.campaign(fiches: fiches, recipients: try Fixture.recipients(Fixture.recipientsCSV, fiches: fiches))
        let out = Fixture.temporaryDirectory("dry")
        let files = try campaign.writeDryRun(to: out)
        #expect(files.map(\.lastPathComponent).sorted() == [
            "01-contact_at_ain.example.org.eml", "95-j.martin_at_example.com.eml",
            "95-marie.dupont_at_val-doise.example.org.eml", "9D-elu_at_reunion.example.re.eml",
        ])
        let parsed = try PythonEmail.parse(files)
        for message in parsed {
            #expect(message.defects.isEmpty)
            #expect(message.structure == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"])
            let pdf = try #require(message.attachments.first)
            let fiche = try #require(fiches.manifest.fiches.first { $0.file == pdf.filename })
            #expect(pdf.sha256 == fiche.sha256)
            #expect(pdf.size == fiche.bytes)
        }
        #expect(parsed.first { $0.to == ["elu@reunion.example.re"] }?.subject.hasSuffix("La Réunion (2024)") == true)
    }
}

/// A connection reset while the message was still unread by the server: not delivered.
@Suite("SMTP connection reset mid-message", .timeLimit(.minutes(1)))
struct SMTPResetTests {
    @Test func aServerResettingAfterTenKilobytesOfTheMessageLeavesItRetryableNotUndecided() throws {
        let server = try ResettingSMTPServer(readBytes: 10_240)
        let transport = try CurlSMTPTransport(configuration: SMTPConfiguration(
            url: server.url, security: .opportunistic, connectTimeout: 5, responseTimeout: 10, transferTimeout: 30))
        // 40 kB: the whole message, end of data included, fits in the sockets' buffers, so the
        // client has handed all of it over before the reset comes.
        let body = String(repeating: String(repeating: "x", count: 76) + "\r\n", count: 520)
        let message = Data("Subject: test\r\n\r\n\(body)".utf8)
        let result = transport.deliver(from: EmailAddress("a@example.org")!, to: [EmailAddress("b@example.org")!], message: message)
        #expect(result.outcome == .temporaryFailure, "\(result)")
        #expect(result.reply.contains("not delivered"), "\(result.reply)")
    }
}
