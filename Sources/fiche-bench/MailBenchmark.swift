// Messages per second to a local SMTP server: generated fiches, a real aiosmtpd server on
// loopback, the real MIME builder, journal and libcurl transport.

import Checksums
import Foundation
import Mailing
import Manifest
import SMTPTestServer
import TradeData

/// Measures delivery speed end to end on this machine.
enum MailBenchmark {
    /// What one benchmark run measured.
    struct Result: Sendable, CustomStringConvertible {
        var messages: Int
        var seconds: TimeInterval
        var bytesPerMessage: Int

        var messagesPerSecond: Double { seconds > 0 ? Double(messages) / seconds : 0 }

        var description: String {
            String(format: "mail: %d messages (%.0f kB each, PDF attached) in %.2f s: %.1f messages/s to a local SMTP server",
                   messages, Double(bytesPerMessage) / 1000, seconds, messagesPerSecond)
        }
    }

    /// Writes `count` fake fiches of `pdfBytes` bytes (one per customs département, cycling
    /// when more), starts `serverScript` on loopback, sends one message per fiche through
    /// ``MailCampaign/send(using:journal:)`` (journal included), and times the sending.
    static func run(count: Int = 100, pdfBytes: Int = 250_000, serverScript: URL, templates: MailTemplates,
                           log: (String) -> Void = { _ in }) throws -> Result {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("fiche-mail-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let fichesDir = work.appendingPathComponent("fiches")
        try FileManager.default.createDirectory(at: fichesDir, withIntermediateDirectories: true)

        let codes = RecipientsFile.customsDepartementCodes.sorted()
        var entries: [BulkManifest.Entry] = []
        var recipients: [Recipient] = []
        var generator = SplitMix64(seed: 2024)
        for i in 0..<count {
            let code = codes[i % codes.count]
            if i < codes.count {
                var pdf = Data("%PDF-1.4\n".utf8)
                pdf.reserveCapacity(pdfBytes)
                while pdf.count < pdfBytes { pdf.append(UInt8(truncatingIfNeeded: generator.next())) }
                let file = "\(code)-departement-\(code.lowercased()).pdf"
                try pdf.write(to: fichesDir.appendingPathComponent(file))
                entries.append(BulkManifest.Entry(
                    code: code, name: "Département \(code)", region: "Région", file: file, pages: 8, bytes: pdf.count,
                    sha256: SHA256.hex(of: pdf), exportsEUR: 1_234_500_000, importsEUR: 987_600_000, status: .rendered))
            }
            recipients.append(Recipient(departement: code, address: EmailAddress("destinataire\(i)@example.org")!, name: "Destinataire \(i)", line: i + 2))
        }
        let folder = FicheFolder(directory: fichesDir, manifest: BulkManifest(year: 2024, dataSource: "benchmark", dataSHA256: "", toolVersion: "benchmark", generatedFrom: "fiche-bench mail", fiches: entries))
        let server = try LoopbackSMTPServer(script: serverScript, storeDirectory: work.appendingPathComponent("received"),
                                            behaviour: .init(lifetime: 900))
        defer { server.stop() }
        let options = CampaignOptions(from: Mailbox(name: "Benchmark", address: EmailAddress("bench@example.org")!))
        let campaign = MailCampaign(name: "bench", fiches: folder, recipients: recipients, templates: templates, options: options)
        let journal = try MailJournal(path: work.appendingPathComponent("journal.sqlite").path)
        let transport = try CurlSMTPTransport(configuration: SMTPConfiguration(url: server.url, security: .opportunistic))
        log("sending \(count) messages to \(server.url)…")
        let start = ContinuousClock.now
        let report = try campaign.send(using: transport, journal: journal)
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let sent = report.count(.sent)
        guard sent == count else { throw BenchmarkError.incomplete(report.summary) }
        let stored = try server.storedMessages()
        let averageBytes = stored.isEmpty ? 0 : stored.reduce(0) { $0 + $1.data.count } / stored.count
        return Result(messages: sent, seconds: seconds, bytesPerMessage: averageBytes)
    }

    /// Why the benchmark did not complete.
    enum BenchmarkError: Error, CustomStringConvertible {
        case incomplete(String)
        var description: String {
            switch self { case let .incomplete(summary): return "benchmark did not deliver everything:\n\(summary)" }
        }
    }
}
