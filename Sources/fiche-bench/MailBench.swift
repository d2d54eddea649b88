import ArgumentParser
import FicheCommandLine
import Foundation
import ProjectFiles
import Mailing
import SMTPTestServer

/// `fiche-bench mail`: messages per second to a local SMTP server.
struct MailBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Send generated fiches to a local aiosmtpd server and print messages per second.")

    @Option(help: "Number of messages (one fiche each).")
    var count: Int = 100

    @Option(help: ArgumentHelp("Folder holding mail/ templates.", valueName: "dir"))
    var assets: String?

    func run() throws {
        try Self.runBenchmark(count: count, assets: assets)
    }

    static func runBenchmark(count: Int, assets: String?) throws {
        let assetsDir = try ProjectFolder.assets(explicit: assets)
        let templates = try MailTemplates(directory: assetsDir.appendingPathComponent("mail"))
        guard let script = LoopbackSMTPServer.locateScript(from: assetsDir.deletingLastPathComponent())
            ?? LoopbackSMTPServer.locateScript(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) else {
            throw ValidationError("scripts/smtp-test-server.py not found (run from the repository)")
        }
        let result = try MailBenchmark.run(count: count, serverScript: script, templates: templates, log: { printNote($0) })
        print(result)
    }
}
