import Foundation
@testable import Checksums
import Testing
@testable import Mailing

/// A transport that answers from a script, recording what it was given.
final class ScriptedTransport: MailTransport {
    var answers: [DeliveryResult]
    var deliveries: [(to: [String], message: Data)] = []
    var onDeliver: (() -> Void)?

    init(_ answers: [DeliveryResult]) { self.answers = answers }

    func deliver(from sender: EmailAddress, to recipients: [EmailAddress], message: Data) -> DeliveryResult {
        deliveries.append((recipients.map(\.normalized), message))
        onDeliver?()
        return answers.isEmpty ? DeliveryResult(outcome: .accepted, code: 250, reply: "250 OK") : answers.removeFirst()
    }
}

@Suite("Send journal")
struct JournalTests {
    func setUp() throws -> (MailCampaign, MailJournal) {
        let fiches = try Fixture.fiches()
        let recipients = try Fixture.recipients(Fixture.recipientsCSV, fiches: fiches)
        let campaign = try Fixture.campaign(fiches: fiches, recipients: recipients)
        campaign.sleep = { _ in }
        let journal = try MailJournal(path: Fixture.temporaryDirectory("journal").appendingPathComponent("mail.sqlite").path)
        return (campaign, journal)
    }

    @Test func journalIsMarkedSendingBeforeDeliveryAndSentAfter() throws {
        let (campaign, journal) = try setUp()
        let transport = ScriptedTransport([])
        var statusesDuringDelivery: [DeliveryStatus] = []
        transport.onDeliver = {
            let key = JournalKey(campaign: campaign.name, departement: "01", recipient: "contact@ain.example.org")
            if let entry = try? journal.entry(key), transport.deliveries.count == 1 { statusesDuringDelivery.append(entry.status) }
        }
        let report = try campaign.send(using: transport, journal: journal)
        #expect(statusesDuringDelivery == [.sending])
        #expect(report.count(.sent) == 4)
        let entries = try journal.entries(campaign: campaign.name)
        #expect(entries.count == 4)
        #expect(entries.allSatisfy { $0.status == .sent && $0.attempts == 1 && $0.sentAt != nil && $0.smtpCode == 250 })
        let ain = try #require(entries.first { $0.departement == "01" })
        #expect(ain.ficheSHA256 == campaign.fiches.availableFiches["01"]!.sha256!)
        #expect(ain.ficheFile == "01-ain.pdf")
        #expect(ain.messageID.hasSuffix("@anct.example.org"))
    }

    @Test func secondRunOfSameCampaignSendsNothingButAnotherCampaignSendsAgain() throws {
        let (campaign, journal) = try setUp()
        _ = try campaign.send(using: ScriptedTransport([]), journal: journal)
        let again = ScriptedTransport([])
        let report = try campaign.send(using: again, journal: journal)
        #expect(again.deliveries.isEmpty)
        #expect(report.count(.alreadySent) == 4)
        #expect(report.isComplete)
        let other = try Fixture.campaign("other", fiches: campaign.fiches, recipients: try Fixture.recipients(Fixture.recipientsCSV, fiches: campaign.fiches))
        let t = ScriptedTransport([])
        _ = try other.send(using: t, journal: journal)
        #expect(t.deliveries.count == 4)
    }

    @Test func leftoverSendingIsShownAsNeedingDecisionAndNeverResentUntilResolved() throws {
        let (campaign, journal) = try setUp()
        // An earlier run stopped between "sending" and the server's answer.
        let crashing = ScriptedTransport([DeliveryResult(outcome: .uncertain, code: 0, reply: "connection lost after the message was transmitted")])
        let first = try campaign.send(using: crashing, journal: journal)
        #expect(first.count(.needsDecision) == 1)
        let key = JournalKey(campaign: campaign.name, departement: "01", recipient: "contact@ain.example.org")
        #expect(try journal.entry(key)?.status == .sending)

        let second = ScriptedTransport([])
        let report = try campaign.send(using: second, journal: journal)
        #expect(second.deliveries.isEmpty)
        #expect(report.count(.needsDecision) == 1)
        #expect(!report.isComplete)
        #expect(report.summary.contains("needs a decision"))
        #expect(try journal.status(campaign: campaign.name).counts[.sending] == 1)

        #expect(try journal.resolveSending(campaign: campaign.name, as: .deferred) == 1)
        let third = ScriptedTransport([])
        let final = try campaign.send(using: third, journal: journal)
        #expect(third.deliveries.map(\.to) == [["contact@ain.example.org"]])
        #expect(final.isComplete)
        #expect(try journal.entry(key)?.attempts == 2)
    }

    @Test func temporaryFailuresAreRetriedWithBackoffThenDeferredForNextRun() throws {
        let (campaign, journal) = try setUp()
        var waits: [TimeInterval] = []
        campaign.sleep = { waits.append($0) }
        let busy = DeliveryResult(outcome: .temporaryFailure, code: 451, reply: "451 4.3.0 busy")
        let transport = ScriptedTransport([busy, busy, busy])
        let report = try campaign.send(using: transport, journal: journal)
        #expect(waits == [0.05, 0.1])
        #expect(report.count(.deferred) == 1)
        #expect(report.count(.sent) == 3)
        let key = JournalKey(campaign: campaign.name, departement: "01", recipient: "contact@ain.example.org")
        let entry = try #require(try journal.entry(key))
        #expect(entry.status == .deferred && entry.attempts == 3 && entry.smtpCode == 451)
        // Same Message-ID on every attempt.
        let ids = transport.deliveries.prefix(3).map { String(decoding: $0.message, as: UTF8.self).components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID:") } }
        #expect(Set(ids).count == 1)

        let next = ScriptedTransport([])
        _ = try campaign.send(using: next, journal: journal)
        #expect(next.deliveries.count == 1)
        let sent = try #require(try journal.entry(key))
        #expect(sent.status == .sent && sent.attempts == 4 && sent.messageID == entry.messageID)
    }

    @Test func permanentFailureIsRecordedAndNotRetried() throws {
        let (campaign, journal) = try setUp()
        let transport = ScriptedTransport([DeliveryResult(outcome: .permanentFailure, code: 550, reply: "550 5.1.1 unknown")])
        let report = try campaign.send(using: transport, journal: journal)
        #expect(report.count(.failed) == 1)
        #expect(transport.deliveries.count == 4)
        let next = ScriptedTransport([])
        let again = try campaign.send(using: next, journal: journal)
        #expect(next.deliveries.isEmpty)
        #expect(again.count(.failedBefore) == 1)
    }

    @Test func fatalTransportErrorStopsTheRun() throws {
        let (campaign, journal) = try setUp()
        let transport = ScriptedTransport([DeliveryResult(outcome: .fatal, code: 535, reply: "535 authentication failed")])
        let report = try campaign.send(using: transport, journal: journal)
        #expect(transport.deliveries.count == 1)
        #expect(report.stoppedBecause == "535 authentication failed")
        #expect(try journal.status(campaign: campaign.name).counts[.deferred] == 1)
    }

    @Test func twoRunsCannotHoldTheJournalAtOnce() throws {
        let (_, journal) = try setUp()
        let other = try MailJournal(path: journal.path)
        try journal.lock()
        #expect(throws: JournalError.self) { try other.lock() }
        journal.unlock()
        try other.lock()
        other.unlock()
    }

    @Test func changedFicheIsSkippedNotSent() throws {
        let (campaign, journal) = try setUp()
        try Data("%PDF-1.4 tampered".utf8).write(to: campaign.fiches.directory.appendingPathComponent("95-val-d-oise.pdf"))
        let transport = ScriptedTransport([])
        let report = try campaign.send(using: transport, journal: journal)
        #expect(report.count(.skipped) == 2)
        #expect(report.messages.first { $0.result == .skipped }?.reply?.contains("does not match the manifest") == true)
        #expect(transport.deliveries.count == 2)
    }
}

@Suite("Pacing")
struct PacingTests {
    /// A clock that moves only when told to, or when the limiter pauses.
    final class ManualClock {
        var time = ContinuousClock.now
        var pauses: [TimeInterval] = []
    }

    static func limiter(perMinute: Double?, clock: ManualClock) -> RateLimiter {
        var limiter = RateLimiter(perMinute: perMinute)
        limiter.now = { clock.time }
        limiter.pause = { clock.pauses.append($0); clock.time += .seconds($0) }
        return limiter
    }

    @Test func rateLimitPausesEveryAttemptButTheFirstForTheRestOfItsInterval() {
        let clock = ManualClock()
        var limiter = Self.limiter(perMinute: 600, clock: clock)  // one per 0.1 s
        for _ in 0..<4 { limiter.wait() }
        #expect(clock.pauses.count == 3)
        #expect(clock.pauses.allSatisfy { abs($0 - 0.1) < 1e-9 })
        // Time spent between attempts counts toward the interval.
        clock.time += .seconds(0.04)
        limiter.wait()
        #expect(clock.pauses.count == 4 && abs(clock.pauses[3] - 0.06) < 1e-9)
        clock.time += .seconds(0.5)
        limiter.wait()
        #expect(clock.pauses.count == 4)
    }

    @Test func withoutARateLimitAttemptsNeverPause() {
        let clock = ManualClock()
        var unlimited = Self.limiter(perMinute: nil, clock: clock)
        for _ in 0..<100 { unlimited.wait() }
        #expect(clock.pauses.isEmpty)
    }

    @Test func backoffDoublesUpToItsCap() {
        let options = CampaignOptions(from: Fixture.sender, initialBackoff: 5, maxBackoff: 30)
        #expect((1...5).map { options.backoff(afterAttempt: $0) } == [5, 10, 20, 30, 30])
    }

    @Test func manifestFileNameOutsideTheFolderIsRefused() throws {
        let fiches = try Fixture.fiches([Fixture.valDOise])
        var entry = try #require(fiches.availableFiches["95"])
        entry.file = "../../etc/passwd"
        #expect(throws: FicheFolderError.self) { try fiches.readFiche(entry) }
    }
}
