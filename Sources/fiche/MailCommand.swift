import ArgumentParser
import FicheCommandLine
import Dispatch
import Foundation
import ProjectFiles
import Synchronization
import Mailing
import TradeData

/// `fiche mail`: e-mails each département's fiche to its recipients, over SMTP, with a journal
/// so that nothing is sent twice. The work is done by the Mailing module.
struct MailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "E-mail each département's fiche to its recipients (SMTP, journal, dry run).",
        discussion: """
        Recipients come from a CSV file (`;` or `,`, header `departement;email;nom`). Fiches are \
        read from the bulk output folder through its manifest.json. Every message is recorded in \
        a SQLite journal: a re-run of the same campaign sends only what has not been sent.

        Credentials come from FICHE_SMTP_USER / FICHE_SMTP_PASSWORD or --credentials FILE, \
        never from the command line. STARTTLS is required unless the server is on loopback or \
        --allow-plaintext is given.

        Examples:
          fiche mail --recipients destinataires.csv --from fiches@example.org --dry-run /tmp/eml
          fiche mail --recipients destinataires.csv --from fiches@example.org --smtp smtp://mail.example.org:587
          fiche mail --status
        """)

    @Option(help: ArgumentHelp("Recipients CSV: departement;email;nom (extra columns allowed).", valueName: "file"))
    var recipients: String?

    @Option(help: ArgumentHelp("Folder of fiches with manifest.json (default: output/<year>/, the latest year there).", valueName: "dir"))
    var fiches: String?

    @Option(help: "Year of the fiches, to find output/<year>/ (default: the latest one there).")
    var year: Int?

    @Option(help: ArgumentHelp("Sender, e.g. \"Territoires d'industrie <fiches@example.org>\".", valueName: "address"))
    var from: String?

    @Option(help: ArgumentHelp("Reply-To address (default: the sender).", valueName: "address"))
    var replyTo: String?

    @Option(help: ArgumentHelp("SMTP server: smtp://host:port (STARTTLS) or smtps://host:port.", valueName: "url"))
    var smtp: String?

    @Flag(help: "Accept an unencrypted connection to a server that is not on loopback.")
    var allowPlaintext = false

    @Option(help: ArgumentHelp("File with the SMTP user and password (two lines, or user=… / password=…).", valueName: "file"))
    var credentials: String?

    @Option(help: ArgumentHelp("CA bundle to verify the server's certificate (default: the system's).", valueName: "file"))
    var caFile: String?

    @Option(help: ArgumentHelp("Send journal (default: mail-journal.sqlite in the fiches folder).", valueName: "file"))
    var journal: String?

    @Option(help: ArgumentHelp("Campaign name: the journal key with département and recipient (default: fiches-<year>).", valueName: "name"))
    var campaign: String?

    @Option(help: ArgumentHelp("Write each message as an .eml file in this folder; send nothing.", valueName: "dir"))
    var dryRun: String?

    @Flag(help: "Print the campaign's state from the journal, and stop.")
    var status = false

    @Option(help: ArgumentHelp("Decide on messages left 'sending' by an interrupted run: sent (they arrived) or retry.", valueName: "sent|retry"))
    var resolve: String?

    @Flag(help: "One message per département, addressed to all its recipients.")
    var group = false

    @Flag(help: "Stop before sending if the recipients file has any problem.")
    var strict = false

    @Option(help: "At most this many messages per minute.")
    var perMinute: Double?

    @Option(help: "Attempts per message in this run on temporary failures (4xx, connection).")
    var maxAttempts: Int = 4

    @Option(help: "Seconds before the first retry (doubled at each retry, at most 120).")
    var retryDelay: Double = 5

    @Flag(help: "Send again the messages that failed permanently (5xx) in an earlier run.")
    var retryFailed = false

    @Option(help: ArgumentHelp("Folder holding mail/ templates (default: $FICHE_ASSETS, else assets/ found upwards).", valueName: "dir"))
    var assets: String?

    @Flag(help: "Print the SMTP dialogue (passwords hidden).")
    var verbose = false

    func validate() throws {
        try checkPathOptions([("--recipients", recipients), ("--fiches", fiches), ("--credentials", credentials),
                              ("--ca-file", caFile), ("--journal", journal), ("--dry-run", dryRun), ("--assets", assets)])
        if let campaign, campaign.trimmingCharacters(in: .whitespaces).isEmpty {
            throw refusal("--campaign: the name is empty; give a name such as fiches-2024 (or leave the option out)")
        }
        if let resolve, !["sent", "retry"].contains(resolve) { throw ValidationError("--resolve takes sent or retry") }
        if status || resolve != nil { return }
        guard recipients != nil else { throw ValidationError("--recipients FILE is required (or --status)") }
        guard from != nil else { throw ValidationError("--from ADDRESS is required") }
        if dryRun == nil && smtp == nil { throw ValidationError("give --smtp URL to send, or --dry-run DIR to write .eml files") }
        if let perMinute, perMinute <= 0 { throw ValidationError("--per-minute must be positive") }
        if maxAttempts < 1 { throw ValidationError("--max-attempts must be at least 1") }
    }

    func run() throws {
        do {
            try runMail()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw refusal(error.message)
        } catch {
            // Said in plain words (Foundation's file errors too), exit status 1.
            try reportingErrors { throw error }
        }
    }

    private func runMail() throws {
        let folder = try FicheFolder(directory: try fichesDirectory())
        let year = folder.manifest.year
        let campaignName = campaign ?? MailCampaign.defaultName(year: year)
        let journalPath = journal ?? folder.directory.appendingPathComponent("mail-journal.sqlite").path

        if status || resolve != nil {
            guard FileManager.default.fileExists(atPath: journalPath) else {
                try StandardOutput.printLine("campaign \(campaignName): nothing sent yet (no journal at \(journalPath))")
                return
            }
            let journal = try MailJournal(path: journalPath)
            if let resolve {
                try journal.lock()
                let n = try journal.resolveSending(campaign: campaignName, as: resolve == "sent" ? .sent : .deferred)
                try StandardOutput.printLine("campaign \(campaignName): \(n) message(s) left 'sending' marked \(resolve == "sent" ? "sent" : "to send again")")
            }
            try StandardOutput.printLine(Self.describe(try journal.status(campaign: campaignName), journalPath: journalPath))
            return
        }

        // Recipients, checked before anything is sent.
        let available = folder.availableFiches
        let recipientsURL = URL(fileURLWithPath: recipients!)
        let list = try RecipientsFile.load(from: recipientsURL, knownCodes: Self.departementCodes(), ficheCodes: Set(available.keys),
                                           territories: Self.territoryReader())
        for issue in list.issues { printNote("\(recipientsURL.lastPathComponent): \(issue)") }
        if !list.issues.isEmpty {
            if strict {
                printNote("error: \(list.issues.count) problem(s) in \(recipientsURL.lastPathComponent); nothing sent (--strict)")
                throw ExitCode(1)
            }
            printNote("warning: \(list.issues.count) line(s) of \(recipientsURL.lastPathComponent) left out (--strict makes this fatal)")
        }
        guard !list.recipients.isEmpty else {
            printNote("error: no recipient with a fiche to send")
            throw ExitCode(1)
        }
        guard let sender = Mailbox(parsing: from!) else { throw ValidationError("--from: not a valid address: \(from!)") }
        var reply: Mailbox?
        if let replyTo {
            guard let parsed = Mailbox(parsing: replyTo) else { throw ValidationError("--reply-to: not a valid address: \(replyTo)") }
            reply = parsed
        }
        let templates = try MailTemplates(directory: try ProjectFolder.assets(explicit: assets).appendingPathComponent("mail"))
        let options = CampaignOptions(from: sender, replyTo: reply ?? sender, group: group, perMinute: perMinute, maxAttempts: maxAttempts,
                                      initialBackoff: retryDelay, maxBackoff: 120, retryFailed: retryFailed)
        let mailCampaign = MailCampaign(name: campaignName, fiches: folder, recipients: list.recipients, templates: templates, options: options)
        mailCampaign.log = { try? StandardOutput.printLine(PrintableText.escaped($0)) }

        if let dryRun {
            let files = try mailCampaign.writeDryRun(to: URL(fileURLWithPath: dryRun))
            try StandardOutput.printLine("dry run: \(files.count) message(s) written to \(dryRun); nothing sent")
            return
        }

        let (creds, warnings) = try SMTPCredentials.load(file: credentials)
        for warning in warnings { printNote("warning: \(warning)") }
        let security = try SMTPConfiguration.security(for: smtp!, allowPlaintext: allowPlaintext)
        let transport = try CurlSMTPTransport(configuration: SMTPConfiguration(
            url: smtp!, security: security, username: creds?.user, password: creds?.password, caFile: caFile))
        if verbose { transport.onTranscriptLine = { printNote("  " + $0) } }
        // The first Ctrl-C stops the campaign after the current message, so the journal never
        // keeps a 'sending' entry by our own doing; a second one quits at once.
        let interrupt = InterruptSignals { received in
            if received > 1 { Foundation.exit(130) }
            printNote("interrupted: finishing the current message, then stopping (Ctrl-C again to quit now)")
        }
        mailCampaign.shouldStop = { interrupt.received }
        let journal = try MailJournal(path: journalPath)
        try StandardOutput.printLine("campaign \(campaignName): \(mailCampaign.plan().count) message(s) planned, journal \(journalPath)")
        let report = try mailCampaign.send(using: transport, journal: journal)
        try StandardOutput.printLine(report.summary)
        try StandardOutput.printLine(String(format: "%.1f s", report.duration))
        if !report.isComplete { throw ExitCode(2) }
    }

    /// Valid département codes: TradeData's reference table, without Monaco (99).
    /// How recipients name their territory: INSEE or customs département codes, or a région
    /// (its own fiche, keyed `region-53`; one made of a single territory, Corse or 974, is that
    /// département's fiche).
    static func territoryReader() -> RecipientsFile.TerritoryReader {
        let geography = Geography(names: DisplayNames())
        return RecipientsFile.TerritoryReader(
            customsCode: { FrenchTerritories.departementCode(typed: $0).code },
            regionKey: { typed in
                guard let region = FrenchTerritories.region(typed: typed, in: geography)?.region else { return nil }
                if let fiche = FrenchTerritories.regionFiche(of: region, in: geography) { return "region-" + fiche.code }
                let members = region.departementCodes.filter { $0 != FrenchTerritories.monacoCode }
                return members.count == 1 ? members[0] : nil
            })
    }

    static func departementCodes() -> Set<String> {
        let codes = Set(Geography(names: DisplayNames()).departements.map(\.code)).subtracting(["99"])
        return codes.isEmpty ? RecipientsFile.customsDepartementCodes : codes
    }

    /// The fiches folder: --fiches, else output/<year>/ (the latest year with a manifest).
    private func fichesDirectory() throws -> URL {
        if let fiches { return URL(fileURLWithPath: fiches) }
        let output = URL(fileURLWithPath: "output")
        if let year { return output.appendingPathComponent(String(year)) }
        let years = ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? [])
            .filter { Int($0) != nil && FileManager.default.fileExists(atPath: output.appendingPathComponent("\($0)/manifest.json").path) }
            .sorted()
        guard let latest = years.last else {
            throw ValidationError("no output/<year>/manifest.json here: run `fiche bulk` first, or give --fiches DIR")
        }
        return output.appendingPathComponent(latest)
    }

    static func describe(_ status: CampaignStatus, journalPath: String) -> String {
        var lines = ["campaign \(status.campaign) (\(journalPath)): \(status.total) message(s)"]
        for s in DeliveryStatus.allCases {
            if let n = status.counts[s], n > 0 { lines.append("  \(s.rawValue): \(n)") }
        }
        let sending = status.open.filter { $0.status == .sending }
        if !sending.isEmpty {
            lines.append("needs a decision — left 'sending' by an interrupted run; check whether they arrived, then run with --resolve sent or --resolve retry:")
            for e in sending { lines.append("  \(e.departement) \(e.recipient) (Message-ID <\(e.messageID)>, \(e.attempts) attempt(s))") }
        }
        for e in status.open where e.status != .sending {
            let reply = e.smtpReply.map { ": \($0)" } ?? ""
            lines.append("  \(e.status.rawValue) \(e.departement) \(e.recipient), \(e.attempts) attempt(s)\(reply)")
        }
        return lines.joined(separator: "\n")
    }
}
