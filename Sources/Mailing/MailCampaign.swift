// A campaign: every recipient's message planned from the fiches and the recipients list, then
// either written as .eml files (dry run) or delivered with retries, rate limit and journal.

import Foundation
import Manifest
import ProjectFiles

/// How a campaign sends.
package struct CampaignOptions: Sendable {
    package var from: Mailbox
    package var replyTo: Mailbox?
    /// One message per département, addressed to all its recipients, instead of one per recipient.
    package var group: Bool
    /// At most this many delivery attempts per minute (nil: no limit).
    package var perMinute: Double?
    /// Attempts per message within one run (temporary failures are retried).
    package var maxAttempts: Int
    /// Wait before the first retry; doubles on each further retry, up to ``maxBackoff``.
    package var initialBackoff: TimeInterval
    package var maxBackoff: TimeInterval
    /// Send again messages that failed permanently in an earlier run.
    package var retryFailed: Bool

    package init(
        from: Mailbox, replyTo: Mailbox? = nil, group: Bool = false, perMinute: Double? = nil, maxAttempts: Int = 4,
        initialBackoff: TimeInterval = 5, maxBackoff: TimeInterval = 120, retryFailed: Bool = false
    ) {
        self.from = from
        self.replyTo = replyTo
        self.group = group
        self.perMinute = perMinute
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.retryFailed = retryFailed
    }

    /// The backoff before attempt `attempt` + 1 (attempt counts from 1).
    package func backoff(afterAttempt attempt: Int) -> TimeInterval {
        min(maxBackoff, initialBackoff * pow(2, Double(max(0, attempt - 1))))
    }
}

/// One message to build: a département's fiche for one recipient (or all of them with `--group`).
package struct PlannedMessage: Sendable {
    package var fiche: BulkManifest.Entry
    package var recipients: [Recipient]

    /// The journal keys of this message's recipients.
    package func keys(campaign: String) -> [JournalKey] {
        recipients.map { JournalKey(campaign: campaign, departement: fiche.code, recipient: $0.address.normalized) }
    }
}

/// What happened to one message in a run.
package struct MessageReport: Sendable {
    package enum Result: String, Sendable {
        case sent, alreadySent = "already sent", deferred, failed, failedBefore = "failed earlier"
        case needsDecision = "needs a decision", skipped, written
    }
    package var departement: String
    package var recipients: [String]
    package var result: Result
    package var attempts: Int
    package var code: Int?
    package var reply: String?
}

/// The end-of-run report.
package struct CampaignReport: Sendable {
    package var campaign: String
    package var messages: [MessageReport] = []
    /// Set when the run stopped early (fatal transport error, or interrupted).
    package var stoppedBecause: String?
    package var duration: TimeInterval = 0

    /// Number of messages (recipients) with `result`.
    package func count(_ result: MessageReport.Result) -> Int {
        messages.filter { $0.result == result }.reduce(0) { $0 + $1.recipients.count }
    }

    /// Messages accepted by the server in this run, per second.
    package var sentPerSecond: Double {
        let sent = messages.filter { $0.result == .sent }.count
        return duration > 0 ? Double(sent) / duration : 0
    }

    /// Whether everything planned is now sent.
    package var isComplete: Bool {
        stoppedBecause == nil && messages.allSatisfy { $0.result == .sent || $0.result == .alreadySent || $0.result == .written }
    }

    /// A human summary, one line per problem, then the counts.
    package var summary: String {
        var lines: [String] = []
        for m in messages where ![.sent, .alreadySent, .written].contains(m.result) {
            let reply = m.reply.map { ": \($0)" } ?? ""
            lines.append("  \(m.departement) \(m.recipients.joined(separator: ", ")) — \(m.result.rawValue)\(reply)")
        }
        var counts: [String] = []
        for r in [MessageReport.Result.sent, .alreadySent, .written, .deferred, .failed, .failedBefore, .needsDecision, .skipped] {
            let n = count(r)
            if n > 0 { counts.append("\(n) \(r.rawValue)") }
        }
        lines.append("campaign \(campaign): " + (counts.isEmpty ? "nothing to do" : counts.joined(separator: ", ")))
        if let stoppedBecause { lines.append("stopped: \(stoppedBecause)") }
        return lines.joined(separator: "\n")
    }
}

/// Spaces delivery attempts so that at most `perMinute` start in any minute.
struct RateLimiter {
    let interval: TimeInterval
    var last: Date?

    init(perMinute: Double?) {
        interval = perMinute.map { $0 > 0 ? 60 / $0 : 0 } ?? 0
    }

    mutating func wait() {
        defer { last = Date() }
        guard interval > 0, let last else { return }
        let remaining = interval - Date().timeIntervalSince(last)
        if remaining > 0 { Thread.sleep(forTimeInterval: remaining) }
    }
}

/// A mailing campaign: fiches × recipients → messages.
package final class MailCampaign {
    package let name: String
    package let fiches: FicheFolder
    package let recipients: [Recipient]
    package let templates: MailTemplates
    package let options: CampaignOptions
    /// Progress lines ("95 a@b: sent"), for the command line.
    package var log: (String) -> Void = { _ in }
    /// Checked between messages: return true to stop cleanly (e.g. after Ctrl-C).
    package var shouldStop: () -> Bool = { false }
    /// Sleeps between retries (replaceable in tests).
    package var sleep: (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }

    private var ficheCache: [String: Data] = [:]

    package init(name: String, fiches: FicheFolder, recipients: [Recipient], templates: MailTemplates, options: CampaignOptions) {
        self.name = name
        self.fiches = fiches
        self.recipients = recipients
        self.templates = templates
        self.options = options
    }

    /// The default campaign name for a year: `fiches-<year>`.
    package static func defaultName(year: Int) -> String { "fiches-\(year)" }

    /// The messages to build, in département order then file order: one per recipient, or one
    /// per département with ``CampaignOptions/group``. Recipients without a fiche are left out.
    package func plan() -> [PlannedMessage] {
        let available = fiches.availableFiches
        var byCode: [String: [Recipient]] = [:]
        for r in recipients where available[r.departement] != nil { byCode[r.departement, default: []].append(r) }
        var result: [PlannedMessage] = []
        for code in byCode.keys.sorted() {
            let fiche = available[code]!
            if options.group {
                result.append(PlannedMessage(fiche: fiche, recipients: byCode[code]!))
            } else {
                result += byCode[code]!.map { PlannedMessage(fiche: fiche, recipients: [$0]) }
            }
        }
        return result
    }

    /// Builds the message for `planned` (the fiche read and checked against its checksum).
    package func buildMessage(_ planned: PlannedMessage, messageID: String, date: Date = Date()) throws -> MailMessage {
        let fiche = planned.fiche
        let pdf = try ficheData(fiche)
        let single = planned.recipients.count == 1 ? planned.recipients[0] : nil
        let content = MessageContent(
            recipientName: single?.name, departementCode: fiche.code, departementName: fiche.name, region: fiche.region,
            year: fiches.manifest.year, exportsEUR: fiche.exportsEUR.map(Double.init), importsEUR: fiche.importsEUR.map(Double.init), fileName: fiche.file)
        let text = templates.render(content)
        return MailMessage(
            from: options.from, to: planned.recipients.map(\.mailbox), replyTo: options.replyTo, subject: text.subject,
            date: date, messageID: messageID, textBody: text.text, htmlBody: text.html,
            attachments: [Attachment(fileName: fiche.file, contentType: "application/pdf", data: pdf)])
    }

    func ficheData(_ fiche: BulkManifest.Entry) throws -> Data {
        if let data = ficheCache[fiche.code] { return data }
        let data = try fiches.readFiche(fiche)
        ficheCache = [fiche.code: data]  // messages come grouped by département: keep one
        return data
    }

    func newMessageID(for planned: PlannedMessage) -> String {
        MailMessage.makeMessageID(prefix: "fiche.\(name).\(planned.fiche.code)", domain: options.from.address.domain)
    }

    /// Dry run: writes each planned message to `directory` as an `.eml` file; sends nothing and
    /// does not touch any journal. Returns the files written.
    @discardableResult
    package func writeDryRun(to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var urls: [URL] = []
        for planned in plan() {
            let message = try buildMessage(planned, messageID: newMessageID(for: planned))
            let who = options.group ? "all" : Self.fileSafe(planned.recipients[0].address.normalized)
            let url = directory.appendingPathComponent("\(planned.fiche.code)-\(who).eml")
            try OutputTarget.checkReplaceable(url.path)  // never over a link, a folder or a device
            try message.render().write(to: url, options: .atomic)
            urls.append(url)
            log("\(planned.fiche.code) \(planned.recipients.map(\.address.value).joined(separator: ", ")): written \(url.lastPathComponent)")
        }
        return urls
    }

    static func fileSafe(_ s: String) -> String {
        s.map { c -> String in
            if c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "-" || c == "_") { return String(c) }
            return c == "@" ? "_at_" : "_"
        }.joined()
    }

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
        let start = Date()
        var report = CampaignReport(campaign: name)
        var limiter = RateLimiter(perMinute: options.perMinute)

        for planned in plan() {
            if shouldStop() {
                report.stoppedBecause = "interrupted"
                break
            }
            // Journal entries, created pending the first time.
            let now = Date()
            let messageID = newMessageID(for: planned)
            let fresh = planned.recipients.map { r in
                JournalEntry(
                    campaign: name, departement: planned.fiche.code, recipient: r.address.normalized, recipientName: r.name,
                    ficheFile: planned.fiche.file, ficheSHA256: (planned.fiche.sha256 ?? "").lowercased(), status: .pending, attempts: 0,
                    smtpCode: nil, smtpReply: nil, messageID: messageID, createdAt: now, updatedAt: now, sentAt: nil)
            }
            let entries = try journal.ensurePending(fresh)
            var toSend: [Recipient] = []
            var attemptsSoFar = 0
            for (recipient, entry) in zip(planned.recipients, entries) {
                switch entry.status {
                case .sent:
                    report.messages.append(MessageReport(departement: entry.departement, recipients: [entry.recipient], result: .alreadySent, attempts: entry.attempts, code: entry.smtpCode, reply: entry.smtpReply))
                case .sending:
                    report.messages.append(MessageReport(departement: entry.departement, recipients: [entry.recipient], result: .needsDecision, attempts: entry.attempts, code: entry.smtpCode,
                                                         reply: "left 'sending' by an earlier run: check whether it arrived, then `fiche mail --resolve sent|retry`"))
                case .failed where !options.retryFailed:
                    report.messages.append(MessageReport(departement: entry.departement, recipients: [entry.recipient], result: .failedBefore, attempts: entry.attempts, code: entry.smtpCode, reply: entry.smtpReply))
                default:
                    toSend.append(recipient)
                    attemptsSoFar = max(attemptsSoFar, entry.attempts)
                }
            }
            guard !toSend.isEmpty else { continue }
            // Keep the Message-ID of earlier attempts, so a retried message is the same message.
            let keptID = entries.first { $0.recipient == toSend[0].address.normalized }?.messageID ?? messageID
            let unit = PlannedMessage(fiche: planned.fiche, recipients: toSend)
            let keys = unit.keys(campaign: name)
            let label = "\(unit.fiche.code) \(toSend.map(\.address.value).joined(separator: ", "))"

            let data: Data
            do {
                data = try buildMessage(unit, messageID: keptID).render()
            } catch {
                // A fiche missing or changed since the manifest, or a header refused: not sent.
                report.messages.append(MessageReport(departement: unit.fiche.code, recipients: keys.map(\.recipient), result: .skipped, attempts: 0, code: nil, reply: "\(error)"))
                log("\(label): skipped: \(error)")
                continue
            }

            var attempt = 0
            var remaining = keys
            var remainingAddresses = toSend.map(\.address)
            var fatal: String?
            while !remaining.isEmpty {
                attempt += 1
                limiter.wait()
                try journal.markSending(remaining, ficheSHA256: (unit.fiche.sha256 ?? "").lowercased(), ficheFile: unit.fiche.file, messageID: keptID)
                let result = transport.deliver(from: options.from.address, to: remainingAddresses, message: data)
                let totalAttempts = attemptsSoFar + attempt
                switch result.outcome {
                case .accepted:
                    // Recipients refused individually get their own outcome.
                    var accepted: [JournalKey] = []
                    var retryKeys: [JournalKey] = []
                    var retryAddresses: [EmailAddress] = []
                    for (key, address) in zip(remaining, remainingAddresses) {
                        if let refusal = result.rejected[key.recipient] {
                            if refusal.code >= 500 {
                                try journal.record([key], status: .failed, code: refusal.code, reply: refusal.text)
                                report.messages.append(MessageReport(departement: key.departement, recipients: [key.recipient], result: .failed, attempts: totalAttempts, code: refusal.code, reply: refusal.text))
                                log("\(key.departement) \(key.recipient): failed: \(refusal.text)")
                            } else {
                                try journal.record([key], status: .deferred, code: refusal.code, reply: refusal.text)
                                retryKeys.append(key)
                                retryAddresses.append(address)
                            }
                        } else {
                            accepted.append(key)
                        }
                    }
                    try journal.record(accepted, status: .sent, code: result.code, reply: result.reply)
                    if !accepted.isEmpty {
                        report.messages.append(MessageReport(departement: unit.fiche.code, recipients: accepted.map(\.recipient), result: .sent, attempts: totalAttempts, code: result.code, reply: result.reply))
                        log("\(unit.fiche.code) \(accepted.map(\.recipient).joined(separator: ", ")): sent (\(result.reply))")
                    }
                    remaining = retryKeys
                    remainingAddresses = retryAddresses
                    if !retryKeys.isEmpty {
                        if attempt < options.maxAttempts && !shouldStop() {
                            sleep(options.backoff(afterAttempt: attempt))
                        } else {
                            let refusal = result.rejected[retryKeys[0].recipient]
                            report.messages.append(MessageReport(departement: unit.fiche.code, recipients: retryKeys.map(\.recipient), result: .deferred, attempts: totalAttempts, code: refusal?.code, reply: refusal?.text))
                            remaining = []
                        }
                    }
                case .permanentFailure:
                    try journal.record(remaining, status: .failed, code: result.code, reply: result.reply)
                    report.messages.append(MessageReport(departement: unit.fiche.code, recipients: remaining.map(\.recipient), result: .failed, attempts: totalAttempts, code: result.code, reply: result.reply))
                    log("\(label): failed: \(result.reply)")
                    remaining = []
                case .uncertain:
                    // Left as "sending": the user decides (see DeliveryStatus.sending).
                    try journal.record(remaining, status: .sending, code: nil, reply: result.reply)
                    report.messages.append(MessageReport(departement: unit.fiche.code, recipients: remaining.map(\.recipient), result: .needsDecision, attempts: totalAttempts, code: nil, reply: result.reply))
                    log("\(label): needs a decision: \(result.reply)")
                    remaining = []
                case .temporaryFailure, .fatal:
                    try journal.record(remaining, status: .deferred, code: result.code == 0 ? nil : result.code, reply: result.reply)
                    if result.outcome == .fatal {
                        fatal = result.reply
                    } else if attempt < options.maxAttempts && !shouldStop() {
                        let wait = options.backoff(afterAttempt: attempt)
                        log("\(label): temporary failure (\(result.reply)); retrying in \(String(format: "%.1f", wait)) s")
                        sleep(wait)
                        continue
                    }
                    report.messages.append(MessageReport(departement: unit.fiche.code, recipients: remaining.map(\.recipient), result: .deferred, attempts: totalAttempts, code: result.code == 0 ? nil : result.code, reply: result.reply))
                    log("\(label): deferred: \(result.reply)")
                    remaining = []
                }
            }
            if let fatal {
                report.stoppedBecause = fatal
                break
            }
        }
        report.duration = Date().timeIntervalSince(start)
        return report
    }
}
