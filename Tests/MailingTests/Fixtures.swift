// Shared test fixtures: fake fiches and manifest, recipients, the repository's templates, the
// loopback SMTP server, and Python's `email` parser as the reference reader of messages.

@testable import Checksums
import Foundation
@testable import TestScratch
@testable import Manifest
@testable import SMTPTestServer
@testable import Mailing

enum Fixture {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var mailAssets: URL { repositoryRoot.appendingPathComponent("assets/mail") }
    static var serverScript: URL { repositoryRoot.appendingPathComponent("scripts/smtp-test-server.py") }

    /// The customs département codes: 01–95 without 20, 20 (Corse), 9A–9E.
    static let knownCodes: Set<String> = {
        var codes = Set((1...95).filter { $0 != 20 }.map { String(format: "%02d", $0) })
        codes.insert("20")
        for c in ["9A", "9B", "9C", "9D", "9E"] { codes.insert(c) }
        return codes
    }()

    static func temporaryDirectory(_ label: String = "mail") -> URL {
        Scratch.directory(label)
    }

    /// A fake PDF: a PDF header, then bytes that stress the transfer (CRLF, lone LF, lines
    /// starting with ".", every byte value).
    static func fakePDF(_ code: String, size: Int = 4096) -> Data {
        var data = Data("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n1 0 obj << /Title (\(code)) >> endobj\r\n.\r\n..\n.hidden\r\n".utf8)
        var byte: UInt8 = 0
        while data.count < size - 6 {
            data.append(byte)
            byte &+= 37
        }
        data.append(contentsOf: Array("\n%%EOF".utf8))
        return data
    }

    struct Dep {
        var code: String
        var name: String
        var region: String
        var exports: Double? = 24_188_700_000
        var imports: Double? = 25_441_300_000
        var status = "rendered"
    }

    static let valDOise = Dep(code: "95", name: "Val-d'Oise", region: "Île-de-France")
    static let ain = Dep(code: "01", name: "Ain", region: "Auvergne-Rhône-Alpes", exports: 7_512_340_000, imports: 6_003_210_000)
    static let reunion = Dep(code: "9D", name: "La Réunion", region: "La Réunion", exports: 412_000_000, imports: 5_870_000_000)

    /// Writes fake fiches and a manifest into a new folder.
    static func fiches(_ deps: [Dep] = [valDOise, ain, reunion], year: Int = 2024, pdfSize: Int = 4096) throws -> FicheFolder {
        let dir = temporaryDirectory("fiches")
        var entries: [BulkManifest.Entry] = []
        for dep in deps {
            let slug = dep.name.lowercased().folding(options: .diacriticInsensitive, locale: nil)
                .map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            let file = "\(dep.code)-\(slug).pdf"
            let pdf = fakePDF(dep.code, size: pdfSize)
            if dep.status != "failed" { try pdf.write(to: dir.appendingPathComponent(file)) }
            let failed = dep.status == "failed"
            entries.append(BulkManifest.Entry(
                code: dep.code, name: dep.name, region: dep.region, file: file, pages: failed ? nil : 8, bytes: failed ? nil : pdf.count,
                sha256: failed ? nil : SHA256.hex(of: pdf), exportsEUR: dep.exports.map { Int64($0) }, importsEUR: dep.imports.map { Int64($0) },
                status: BulkManifest.Status(rawValue: dep.status)!, error: failed ? "boom" : nil))
        }
        let manifest = BulkManifest(year: year, dataSource: "demo", dataSHA256: "00", toolVersion: "test",
                                    generatedFrom: "test", fiches: entries)
        try manifest.json().write(to: dir.appendingPathComponent(BulkManifest.jsonFileName))
        return try FicheFolder(directory: dir)
    }

    static func recipients(_ csv: String, fiches: FicheFolder) throws -> RecipientList {
        try RecipientsFile.parse(Data(csv.utf8), knownCodes: knownCodes, ficheCodes: Set(fiches.availableFiches.keys))
    }

    static func templates() throws -> MailTemplates { try MailTemplates(directory: mailAssets) }

    static let sender = Mailbox(name: "Territoires d'industrie (ANCT)", address: EmailAddress("fiches@anct.example.org")!)

    static func options(group: Bool = false, maxAttempts: Int = 3) -> CampaignOptions {
        CampaignOptions(
            from: sender, replyTo: Mailbox(name: "Équipe Territoires d’industrie", address: EmailAddress("territoires-industrie@anct.example.org")!),
            group: group, maxAttempts: maxAttempts, initialBackoff: 0.05, maxBackoff: 0.2)
    }

    static func campaign(_ name: String = "test-2024", fiches: FicheFolder, recipients: RecipientList, group: Bool = false, maxAttempts: Int = 3) throws -> MailCampaign {
        MailCampaign(name: name, fiches: fiches, recipients: recipients.recipients, templates: try templates(),
                     options: options(group: group, maxAttempts: maxAttempts))
    }

    static func transport(_ server: LoopbackSMTPServer, user: String? = nil, password: String? = nil) throws -> CurlSMTPTransport {
        try CurlSMTPTransport(configuration: SMTPConfiguration(
            url: server.url, security: try SMTPConfiguration.security(for: server.url, allowPlaintext: false),
            username: user, password: password, connectTimeout: 5, responseTimeout: 10, transferTimeout: 30))
    }

    static func server(_ behaviour: LoopbackSMTPServer.Behaviour = .init(), store: URL? = nil) throws -> LoopbackSMTPServer {
        var b = behaviour
        b.lifetime = 120
        return try LoopbackSMTPServer(script: serverScript, storeDirectory: store ?? temporaryDirectory("smtp").appendingPathComponent("store"), behaviour: b)
    }

    static let recipientsCSV = """
        departement;email;nom
        95;marie.dupont@val-doise.example.org;Marie Dupont
        95;j.martin@example.com;Jérôme Martin-Lefèvre
        01;contact@ain.example.org;
        9D;elu@reunion.example.re;Élodie Payet
        """
}

/// A message as Python's `email` package (policy.default) reads it.
struct ParsedMessage: Decodable {
    struct Part: Decodable {
        var filename: String?
        var content_type: String
        var sha256: String
        var size: Int
    }
    var from: String
    var to: [String]
    var to_header: String
    var reply_to: String?
    var subject: String
    var message_id: String?
    var date: String?
    var mime_version: String?
    var defects: [String]
    var text: String?
    var html: String?
    var attachments: [Part]
    var structure: [String]
}

enum PythonEmail {
    static let script = #"""
import sys, json, hashlib, email
from email import policy
out = []
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        raw = f.read()
    msg = email.message_from_bytes(raw, policy=policy.default)
    defects = [type(d).__name__ for d in msg.defects]
    structure, attachments = [], []
    text = html = None
    for part in msg.walk():
        structure.append(part.get_content_type())
        defects += [type(d).__name__ for d in part.defects]
        if part.is_multipart():
            continue
        if part.get_content_disposition() == 'attachment':
            payload = part.get_payload(decode=True)
            attachments.append({'filename': part.get_filename(), 'content_type': part.get_content_type(),
                                'sha256': hashlib.sha256(payload).hexdigest(), 'size': len(payload)})
        elif part.get_content_type() == 'text/plain' and text is None:
            text = part.get_content().replace('\r\n', '\n')
        elif part.get_content_type() == 'text/html' and html is None:
            html = part.get_content().replace('\r\n', '\n')
    for name in ('From', 'To', 'Subject', 'Reply-To', 'Date', 'Message-ID'):
        for h in msg.get_all(name, []):
            defects += [type(d).__name__ for d in getattr(h, 'defects', [])]
    to = msg['To']
    out.append({
        'from': str(msg['From']), 'to': [a.addr_spec for a in to.addresses] if to else [], 'to_header': str(to),
        'reply_to': str(msg['Reply-To']) if msg['Reply-To'] else None, 'subject': str(msg['Subject']),
        'message_id': msg['Message-ID'], 'date': msg['Date'], 'mime_version': msg['MIME-Version'],
        'defects': defects, 'text': text, 'html': html, 'attachments': attachments, 'structure': structure,
    })
json.dump(out, sys.stdout)
"""#

    /// Parses `.eml` files with Python's email package.
    static func parse(_ files: [URL]) throws -> [ParsedMessage] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try LoopbackSMTPServer.python())
        process.arguments = ["-c", script] + files.map(\.path)
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode([ParsedMessage].self, from: data)
    }

    static func parse(_ messages: [StoredMessage]) throws -> [ParsedMessage] {
        let dir = Fixture.temporaryDirectory("parse")
        let files = try messages.map { m -> URL in
            let url = dir.appendingPathComponent(m.name + ".eml")
            try m.data.write(to: url)
            return url
        }
        return try parse(files)
    }
}
