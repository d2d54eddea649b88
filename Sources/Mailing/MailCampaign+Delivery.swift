// Delivering a campaign: for each planned message, what the journal says decides whether it
// is sent; `deliver(unit:)` holds the retry loop; every outcome is journaled, reported and
// logged by one small function of `CampaignRun`.

import Foundation
import ProjectFiles

/// A message to hand to the server: the recipients still to receive it, and what earlier runs tried.
struct DeliveryUnit {
    /// The fiche, and only the recipients to send to in this run.
    var message: PlannedMessage
    /// The Message-ID of earlier attempts when there were any, so a retried message is the same message.
    var messageID: String
    /// Attempts made by earlier runs (the largest among the recipients).
    var earlierAttempts: Int
    /// "95 a@b, c@d", for progress lines.
    var label: String
    /// The rendered message.
    var data: Data
}

/// The recipients of one message still waiting for an outcome in this run.
struct PendingRecipients {
    var keys: [JournalKey]
    var addresses: [EmailAddress]

    var isEmpty: Bool { keys.isEmpty }
}

extension MailCampaign {
    /// Sends every planned message not yet sent according to `journal`, and reports.
    ///
    /// For each message: skip it if the journal says sent (or failed, unless
    /// ``CampaignOptions/retryFailed``), or leave it to the user if it says `sending`; else record
    /// `sending`, hand it to `transport`, and record the outcome at once. Temporary failures are
    /// retried with backoff up to ``CampaignOptions/maxAttempts``, then left `deferred` for the
    /// next run; a fatal transport error stops the run.
    package func send(using transport: MailTransport, journal: MailJournal) throws -> CampaignReport {
        try journal.lock()
        defer { journal.unlock() }
        let start = ContinuousClock.now
        var run = CampaignRun(campaign: name, journal: journal, log: log, perMinute: options.perMinute)
        for planned in plan() {
            if shouldStop() {
                run.report.stoppedBecause = "interrupted"
                break
            }
            guard let unit = try deliveryUnit(for: planned, run: &run) else { continue }
            if let fatal = try deliver(unit: unit, using: transport, run: &run) {
                run.report.stoppedBecause = fatal
                break
            }
        }
        run.report.duration = (ContinuousClock.now - start) / .seconds(1)
        return run.report
    }

    /// The journal entries of `planned`, created `pending` (with `messageID`) the first time it is planned.
    func journalEntries(for planned: PlannedMessage, messageID: String, journal: MailJournal) throws -> [JournalEntry] {
        let now = Date()
        let fresh = planned.recipients.map { r in
            JournalEntry(
                campaign: name, departement: planned.fiche.key, recipient: r.address.normalized, recipientName: r.name,
                ficheFile: planned.fiche.file, ficheSHA256: (planned.fiche.sha256 ?? "").lowercased(), status: .pending, attempts: 0,
                smtpCode: nil, smtpReply: nil, messageID: messageID, createdAt: now, updatedAt: now, sentAt: nil)
        }
        return try journal.ensurePending(fresh)
    }

    /// The part of `planned` to send in this run, its message rendered; nil when the journal
    /// says every recipient is done or waits for a decision, or when the message cannot be built.
    func deliveryUnit(for planned: PlannedMessage, run: inout CampaignRun) throws -> DeliveryUnit? {
        let newID = newMessageID(for: planned)
        let entries = try journalEntries(for: planned, messageID: newID, journal: run.journal)
        var toSend: [Recipient] = []
        var earlierAttempts = 0
        for (recipient, entry) in zip(planned.recipients, entries) {
            if run.reportIfSettled(entry, retryFailed: options.retryFailed) { continue }
            toSend.append(recipient)
            earlierAttempts = max(earlierAttempts, entry.attempts)
        }
        guard let first = toSend.first else { return nil }
        // Keep the Message-ID of earlier attempts, so a retried message is the same message.
        let messageID = entries.first { $0.recipient == first.address.normalized }?.messageID ?? newID
        let message = PlannedMessage(fiche: planned.fiche, recipients: toSend)
        let label = "\(planned.fiche.key) \(toSend.map(\.address.value).joined(separator: ", "))"
        do {
            let data = try buildMessage(message, messageID: messageID).render()
            return DeliveryUnit(message: message, messageID: messageID, earlierAttempts: earlierAttempts, label: label, data: data)
        } catch {
            // A fiche missing or changed since the manifest, or a header refused: not sent.
            run.skipped(message.keys(campaign: name), departement: planned.fiche.key, label: label, error: error)
            return nil
        }
    }

    /// Hands `unit` to `transport` until every recipient has an outcome: attempts are spaced by
    /// the rate limit, temporary failures (of the message or of some recipients) retried after
    /// a backoff while attempts remain. Returns the reason to stop the run on a fatal error.
    func deliver(unit: DeliveryUnit, using transport: MailTransport, run: inout CampaignRun) throws -> String? {
        let fiche = unit.message.fiche
        var pending = PendingRecipients(keys: unit.message.keys(campaign: name), addresses: unit.message.recipients.map(\.address))
        var attempt = 0
        while !pending.isEmpty {
            attempt += 1
            run.limiter.wait()
            try run.journal.markSending(pending.keys, ficheSHA256: (fiche.sha256 ?? "").lowercased(), ficheFile: fiche.file, messageID: unit.messageID)
            let result = transport.deliver(from: options.from.address, to: pending.addresses, message: unit.data)
            let attempts = unit.earlierAttempts + attempt
            switch result.outcome {
            case .accepted:
                let refused = try run.accepted(result, pending: pending, departement: fiche.key, attempts: attempts)
                guard !refused.isEmpty else { return nil }
                if mayRetry(after: attempt) {
                    sleep(options.backoff(afterAttempt: attempt))
                    pending = refused
                } else {
                    run.deferredAfterRefusals(result, refused: refused, departement: fiche.key, attempts: attempts)
                    return nil
                }
            case .permanentFailure:
                try run.failed(pending.keys, result: result, departement: fiche.key, label: unit.label, attempts: attempts)
                return nil
            case .uncertain:
                try run.needsDecision(pending.keys, result: result, departement: fiche.key, label: unit.label, attempts: attempts)
                return nil
            case .temporaryFailure, .fatal:
                try run.journalDeferred(pending.keys, result: result)
                if result.outcome == .temporaryFailure && mayRetry(after: attempt) {
                    let wait = options.backoff(afterAttempt: attempt)
                    run.log("\(unit.label): temporary failure (\(result.reply)); retrying in \(String(format: "%.1f", wait)) s")
                    sleep(wait)
                    continue
                }
                run.deferred(pending.keys, result: result, departement: fiche.key, label: unit.label, attempts: attempts)
                return result.outcome == .fatal ? result.reply : nil
            }
        }
        return nil
    }

    /// Whether another attempt may follow attempt number `attempt` (asks ``shouldStop`` only then).
    func mayRetry(after attempt: Int) -> Bool {
        attempt < options.maxAttempts && !shouldStop()
    }
}

/// One run of a campaign: its journal, its report, its progress lines and its rate limit.
/// Each outcome is written to the journal, the report and the log by one function here.
struct CampaignRun {
    let journal: MailJournal
    var report: CampaignReport
    let log: (String) -> Void
    var limiter: RateLimiter

    init(campaign: String, journal: MailJournal, log: @escaping (String) -> Void, perMinute: Double?) {
        self.journal = journal
        self.report = CampaignReport(campaign: campaign)
        self.log = log
        self.limiter = RateLimiter(perMinute: perMinute)
    }

    /// Adds one line to the report.
    mutating func add(_ result: MessageReport.Result, departement: String, recipients: [String], attempts: Int, code: Int?, reply: String?) {
        report.messages.append(MessageReport(departement: departement, recipients: recipients, result: result, attempts: attempts, code: code, reply: reply))
    }

    /// Reports an entry an earlier run settled (sent, failed, or left `sending`) and returns
    /// true; false when the entry is to be sent.
    mutating func reportIfSettled(_ entry: JournalEntry, retryFailed: Bool) -> Bool {
        let result: MessageReport.Result, reply: String?
        switch entry.status {
        case .sent: (result, reply) = (.alreadySent, entry.smtpReply)
        case .sending: (result, reply) = (.needsDecision, "left 'sending' by an earlier run: check whether it arrived, then `fiche mail --resolve sent|retry`")
        case .failed where !retryFailed: (result, reply) = (.failedBefore, entry.smtpReply)
        default: return false
        }
        add(result, departement: entry.departement, recipients: [entry.recipient], attempts: entry.attempts, code: entry.smtpCode, reply: reply)
        return true
    }

    /// Reports a message that could not be built (fiche missing or changed, header refused).
    mutating func skipped(_ keys: [JournalKey], departement: String, label: String, error: Error) {
        let reason = plainReason(of: error)
        add(.skipped, departement: departement, recipients: keys.map(\.recipient), attempts: 0, code: nil, reply: reason)
        log("\(label): skipped: \(reason)")
    }

    /// Records a message the server accepted: recipients refused on their own get their
    /// outcome (5xx failed at once, 4xx deferred); returns the deferred ones, to retry.
    mutating func accepted(_ result: DeliveryResult, pending: PendingRecipients, departement: String, attempts: Int) throws -> PendingRecipients {
        var accepted: [JournalKey] = []
        var refused = PendingRecipients(keys: [], addresses: [])
        for (key, address) in zip(pending.keys, pending.addresses) {
            guard let refusal = result.rejected[key.recipient] else {
                accepted.append(key)
                continue
            }
            if refusal.code >= 500 {
                try journal.record([key], status: .failed, code: refusal.code, reply: refusal.text)
                add(.failed, departement: key.departement, recipients: [key.recipient], attempts: attempts, code: refusal.code, reply: refusal.text)
                log("\(key.departement) \(key.recipient): failed: \(refusal.text)")
            } else {
                try journal.record([key], status: .deferred, code: refusal.code, reply: refusal.text)
                refused.keys.append(key)
                refused.addresses.append(address)
            }
        }
        try journal.record(accepted, status: .sent, code: result.code, reply: result.reply)
        if !accepted.isEmpty {
            add(.sent, departement: departement, recipients: accepted.map(\.recipient), attempts: attempts, code: result.code, reply: result.reply)
            log("\(departement) \(accepted.map(\.recipient).joined(separator: ", ")): sent (\(result.reply))")
        }
        return refused
    }

    /// Reports recipients still refused (4xx) when no attempt is left; the journal has them deferred.
    mutating func deferredAfterRefusals(_ result: DeliveryResult, refused: PendingRecipients, departement: String, attempts: Int) {
        let refusal = result.rejected[refused.keys[0].recipient]
        add(.deferred, departement: departement, recipients: refused.keys.map(\.recipient), attempts: attempts, code: refusal?.code, reply: refusal?.text)
    }

    /// Journals, reports and logs a permanent failure (5xx): not retried unless asked.
    mutating func failed(_ keys: [JournalKey], result: DeliveryResult, departement: String, label: String, attempts: Int) throws {
        try journal.record(keys, status: .failed, code: result.code, reply: result.reply)
        add(.failed, departement: departement, recipients: keys.map(\.recipient), attempts: attempts, code: result.code, reply: result.reply)
        log("\(label): failed: \(result.reply)")
    }

    /// Left as "sending": the user decides (see DeliveryStatus.sending).
    mutating func needsDecision(_ keys: [JournalKey], result: DeliveryResult, departement: String, label: String, attempts: Int) throws {
        try journal.record(keys, status: .sending, code: nil, reply: result.reply)
        add(.needsDecision, departement: departement, recipients: keys.map(\.recipient), attempts: attempts, code: nil, reply: result.reply)
        log("\(label): needs a decision: \(result.reply)")
    }

    /// Journals a temporary (or fatal) failure: the message is sent again by a later attempt or run.
    func journalDeferred(_ keys: [JournalKey], result: DeliveryResult) throws {
        try journal.record(keys, status: .deferred, code: result.code == 0 ? nil : result.code, reply: result.reply)
    }

    /// Reports a message left deferred for the next run.
    mutating func deferred(_ keys: [JournalKey], result: DeliveryResult, departement: String, label: String, attempts: Int) {
        add(.deferred, departement: departement, recipients: keys.map(\.recipient), attempts: attempts, code: result.code == 0 ? nil : result.code, reply: result.reply)
        log("\(label): deferred: \(result.reply)")
    }
}

/// Spaces delivery attempts so that at most `perMinute` start in any minute.
struct RateLimiter {
    let interval: TimeInterval
    var last: ContinuousClock.Instant?
    /// The clock and the pause, replaceable in tests (which then assert on the pauses asked for).
    var now: () -> ContinuousClock.Instant = { ContinuousClock.now }
    var pause: (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }

    init(perMinute: Double?) {
        interval = perMinute.map { $0 > 0 ? 60 / $0 : 0 } ?? 0
    }

    /// Pauses until `interval` has passed since the previous attempt began.
    mutating func wait() {
        defer { last = now() }
        guard interval > 0, let last else { return }
        let remaining = interval - (now() - last) / .seconds(1)
        if remaining > 0 { pause(remaining) }
    }
}
