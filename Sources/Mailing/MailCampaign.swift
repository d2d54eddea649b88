// A campaign: every recipient's message planned from the fiches and the recipients list, then
// either written as .eml files (dry run) or delivered (MailCampaign+Delivery.swift).

import Foundation
import Manifest
import ProjectFiles

/// How a campaign sends.
package struct CampaignOptions: Sendable {
    var from: Mailbox
    var replyTo: Mailbox?
    /// One message per département, addressed to all its recipients, instead of one per recipient.
    var group: Bool
    /// At most this many delivery attempts per minute (nil: no limit).
    var perMinute: Double?
    /// Attempts per message within one run (temporary failures are retried).
    var maxAttempts: Int
    /// Wait before the first retry; doubles on each further retry, up to ``maxBackoff``.
    var initialBackoff: TimeInterval
    var maxBackoff: TimeInterval
    /// Send again messages that failed permanently in an earlier run.
    var retryFailed: Bool

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
    func backoff(afterAttempt attempt: Int) -> TimeInterval {
        min(maxBackoff, initialBackoff * pow(2, Double(max(0, attempt - 1))))
    }
}

/// One message to build: a département's fiche for one recipient (or all of them with `--group`).
package struct PlannedMessage: Sendable {
    var fiche: BulkManifest.Entry
    var recipients: [Recipient]

    /// The journal keys of this message's recipients.
    func keys(campaign: String) -> [JournalKey] {
        recipients.map { JournalKey(campaign: campaign, departement: fiche.key, recipient: $0.address.normalized) }
    }
}

/// A mailing campaign: fiches × recipients → messages.
package final class MailCampaign {
    let name: String
    let fiches: FicheFolder
    let recipients: [Recipient]
    let templates: MailTemplates
    let options: CampaignOptions
    /// Progress lines ("95 a@b: sent"), for the command line.
    package var log: (String) -> Void = { _ in }
    /// Checked between messages: return true to stop cleanly (e.g. after Ctrl-C).
    package var shouldStop: () -> Bool = { false }
    /// Sleeps between retries (replaceable in tests).
    var sleep: (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }

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
    func buildMessage(_ planned: PlannedMessage, messageID: String, date: Date = Date()) throws -> MailMessage {
        let fiche = planned.fiche
        let pdf = try ficheData(fiche)
        let single = planned.recipients.count == 1 ? planned.recipients[0] : nil
        let isRegion = fiche.kind == .region
        var content = MessageContent(
            recipientName: single?.name, departementCode: fiche.code, departementName: fiche.name, region: isRegion ? nil : fiche.region,
            year: fiches.manifest.year, exportsEUR: fiche.exportsEUR.map(Double.init), importsEUR: fiche.importsEUR.map(Double.init),
            fileName: fiche.attachmentName)
        content.isRegion = isRegion
        let text = templates.render(content)
        return MailMessage(
            from: options.from, to: planned.recipients.map(\.mailbox), replyTo: options.replyTo, subject: text.subject,
            date: date, messageID: messageID, textBody: text.text, htmlBody: text.html,
            attachments: [Attachment(fileName: fiche.attachmentName, contentType: "application/pdf", data: pdf)])
    }

    func ficheData(_ fiche: BulkManifest.Entry) throws -> Data {
        if let data = ficheCache[fiche.key] { return data }
        let data = try fiches.readFiche(fiche)
        ficheCache = [fiche.key: data]  // messages come grouped by département: keep one
        return data
    }

    func newMessageID(for planned: PlannedMessage) -> String {
        MailMessage.makeMessageID(prefix: "fiche.\(name).\(planned.fiche.key)", domain: options.from.address.domain)
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
            let url = directory.appendingPathComponent("\(planned.fiche.key)-\(who).eml")
            try AtomicFile.write(message.render(), to: url)  // never over a link, a folder or a device
            urls.append(url)
            log("\(planned.fiche.key) \(planned.recipients.map(\.address.value).joined(separator: ", ")): written \(url.lastPathComponent)")
        }
        return urls
    }

    static func fileSafe(_ s: String) -> String {
        s.map { c -> String in
            if c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "-" || c == "_") { return String(c) }
            return c == "@" ? "_at_" : "_"
        }.joined()
    }
}
