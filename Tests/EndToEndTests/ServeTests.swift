@testable import LoopbackHTTP
import Foundation
import Synchronization
@testable import TestScratch
import Testing

/// A `fiche serve` process on a free loopback port, for the tests.
final class ServedTool: Sendable {
    let port: Int
    /// Everything the server wrote on standard error (its log).
    let log: URL
    let process: Mutex<Process?>

    init(port: Int, log: URL, process: sending Process) {
        self.port = port
        self.log = log
        self.process = Mutex(process)
    }

    /// Servers still running when the test process exits are stopped then.
    static let running: Mutex<[Int32]> = {
        atexit { ServedTool.running.withLock { for pid in $0 { kill(pid, SIGTERM) } } }
        return Mutex([])
    }()

    /// Starts `fiche serve --port 0 ARGS` and waits for its "listening on" line; with
    /// `openFileLimit`, under that limit (soft and hard, as `ulimit -n` sets them).
    static func start(_ arguments: [String] = [], openFileLimit: Int? = nil) throws -> ServedTool {
        let process = FicheTool.prepared(["serve", "--port", "0"] + arguments, in: FicheTool.temporaryDirectory())
        if let openFileLimit, let tool = process.executableURL {
            process.arguments = ["-c", "ulimit -n \(openFileLimit) && exec \"$0\" \"$@\"", tool.path] + (process.arguments ?? [])
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
        }
        let out = Pipe()
        let log = Scratch.file("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        running.withLock { $0.append(process.processIdentifier) }
        var line = Data()
        while !line.contains(0x0A) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty {
                throw ServeTestError.didNotStart((try? String(contentsOf: log, encoding: .utf8)) ?? "")
            }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("listening on http://127.0.0.1:"),
              let port = text.split(separator: ":").last?.split(separator: "/").first.flatMap({ Int($0) }) else {
            throw ServeTestError.didNotStart(text)
        }
        return ServedTool(port: port, log: log, process: process)
    }

    func get(_ path: String, headers: [String: String] = [:]) throws -> LoopbackHTTPClient.Response {
        try LoopbackHTTPClient(port: port).get(path, headers: headers)
    }

    func logText() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits; returns the exit status.
    func stop() -> Int32 {
        process.withLock { process in
            guard let process else { return -1 }
            process.terminate()
            process.waitUntilExit()
            ServedTool.running.withLock { $0.removeAll { $0 == process.processIdentifier } }
            return process.terminationStatus
        }
    }
}

enum ServeTestError: Error {
    case didNotStart(String)
}

/// `fiche serve` on the demo year, from the outside: a real browser, then plain HTTP requests.
@Suite(.serialized) struct ServeTests {
    /// The server all these tests ask, started once (a failure to start fails every test, with its log).
    static let started = Result { try ServedTool.start() }
    static var server: ServedTool { get throws { try started.get() } }

    /// The part of the browser test's tools that is missing, if one is: Chromium, its driver, selenium.
    static let missingBrowserPart: String? = {
        let selenium = FicheTool.repositoryRoot.appendingPathComponent(".build/python/selenium")
        return ["/usr/bin/chromium", "/usr/bin/chromedriver"].first { !FileManager.default.isExecutableFile(atPath: $0) }
            ?? (FileManager.default.fileExists(atPath: selenium.path) ? nil : selenium.path)
    }()

    /// The browser test runs when its tools are there, and always in CI (where a missing tool fails it).
    static var browserTestRuns: Bool {
        missingBrowserPart == nil || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// Runs `scripts/NAME` (Python, selenium from .build/python) against the server, with
    /// `arguments` after its address; its exit status and standard output (one JSON object).
    static func browserScript(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [FicheTool.repositoryRoot.appendingPathComponent("scripts/\(name)").path,
                             "http://127.0.0.1:\(try server.port)"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = FicheTool.repositoryRoot.appendingPathComponent(".build/python").path
        environment["HOME"] = Scratch.directory("chromium-home-\(name)").path
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    static func text(_ response: LoopbackHTTPClient.Response) -> String { String(decoding: response.body, as: UTF8.self) }

    /// Headless Chromium, as a territorial team member: search "Val", keyboard only to
    /// Val-d'Oise's page and to its PDF, which must be `fiche render 95`'s file byte for byte.
    @Test(.enabled(if: ServeTests.browserTestRuns,
                   "Chromium, chromedriver or selenium is missing: scripts/install-deps.sh (make deps) installs them"))
    func browserFindsValDOiseWithTheKeyboardAndDownloadsTheSameFicheAsRender() throws {
        if let missing = Self.missingBrowserPart {
            // Only in CI (elsewhere the test is skipped, with its reason).
            Issue.record("\(missing) is missing: scripts/install-deps.sh (make deps) installs chromium, chromium-driver and selenium")
            return
        }
        let downloads = Scratch.directory("downloads")
        let screenshots = FicheTool.repositoryRoot.appendingPathComponent(".build/screenshots")
        let (status, output) = try Self.browserScript("browser-check.py", [downloads.path, screenshots.path])
        let report = String(decoding: output, as: UTF8.self)
        #expect(status == 0, "\(report)")
        guard status == 0,
              let seen = try JSONSerialization.jsonObject(with: output) as? [String: Any] else { return }
        #expect(seen["rows_after_val"] as? [String] == ["Val-de-Marne (94)", "Val-d’Oise (95)"], "\(report)")
        #expect((seen["console_errors"] as? [String])?.isEmpty == true, "\(report)")
        #expect((seen["departement_title"] as? String)?.hasPrefix("Val-d’Oise (95)") == true, "\(report)")
        #expect(seen["not_found_title"] as? String == "Page introuvable", "\(report)")
        let searched = seen["searched"] as? [String: [String]] ?? [:]
        #expect(searched["bretagne"]?.count == 4, "\(report)")
        #expect(searched["974"] == ["La Réunion (974)"], "\(report)")
        #expect(searched["2A"] == ["Corse (2A, 2B)"] && searched["haute corse"] == ["Corse (2A, 2B)"], "\(report)")
        #expect(searched["cote d or"] == ["Côte-d’Or (21)"], "\(report)")
        #expect(searched["seine st denis"] == ["Seine-Saint-Denis (93)"], "\(report)")

        let rendered = FicheTool.temporaryDirectory().appendingPathComponent("95.pdf")
        let render = try FicheTool.run(["render", "95", "--output", rendered.path])
        #expect(render.status == 0, "\(render.stderr)")
        let downloaded = try Data(contentsOf: URL(fileURLWithPath: seen["download"] as? String ?? ""))
        let expected = try Data(contentsOf: rendered)
        #expect(downloaded.count == expected.count)
        #expect(downloaded == expected, "the PDF the browser downloaded is `fiche render 95`'s file, byte for byte")
    }

    @Test func homePageIsFrenchAccessibleAndSafe() throws {
        let response = try Self.server.get("/")
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "text/html; charset=utf-8")
        #expect(response.headers["x-content-type-options"] == "nosniff")
        let csp = response.headers["content-security-policy"] ?? ""
        #expect(csp.contains("default-src 'self'") && csp.contains("script-src 'self'") && !csp.contains("unsafe"))
        let page = Self.text(response)
        #expect(page.contains("<html lang=\"fr\">"))
        #expect(page.components(separatedBy: "<h1").count == 2, "one h1")
        #expect(page.contains("<label for=\"recherche\">"))
        #expect(page.contains("Données synthétiques de démonstration"))
        #expect(page.contains("Données chargées le "))
        // Names in French typography, as in the fiche (every value is HTML-escaped by Mustache:
        // see theFormWorksWithoutJavaScript for what a request sends back).
        #expect(page.contains("Val-d’Oise <span class=\"code\">(95)</span>"))
        #expect(!page.contains("http://") && !page.contains("https://"), "nothing is loaded from elsewhere")
        #expect(page.contains("href=\"/regions/11.zip\""))
        for asset in ["/static/style.css", "/static/search.js", "/static/favicon.svg"] {
            #expect(try Self.server.get(asset).status == 200, "\(asset)")
        }
        let css = Self.text(try Self.server.get("/static/style.css"))
        #expect(css.contains("#000091") && css.contains("#E1000F") && css.contains(":focus-visible"))
    }

    @Test func theFormWorksWithoutJavaScript() throws {
        let page = Self.text(try Self.server.get("/?q=Val"))
        let rows = page.components(separatedBy: "<tr data-recherche=").count - 1
        #expect(rows == 2)
        #expect(page.contains("/departements/95\"") && page.contains("/departements/94\""))
        #expect(page.contains("value=\"Val\""))
        let none = Self.text(try Self.server.get("/?q=%3Cscript%3E"))
        #expect(none.contains("Aucun département ne correspond à «\u{00A0}&lt;script&gt;\u{00A0}»"))
    }

    /// The rows of the home page for a search without JavaScript, as « Name (code) ».
    static func searchRows(_ query: String) throws -> [String] {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let page = text(try server.get("/?q=\(encoded)"))
        return page.components(separatedBy: "<tr data-recherche=").dropFirst().compactMap { row in
            guard let link = row.range(of: "<a href=\"/departements/"), let end = row.range(of: "</a>") else { return nil }
            let inner = row[link.upperBound..<end.lowerBound].split(separator: ">", maxSplits: 1).last.map(String.init) ?? ""
            return inner.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        }
    }

    @Test func searchFindsINSEECodesRegionNamesAndWordsInAnyOrder() throws {
        #expect(try Self.searchRows("bretagne").count == 4)
        #expect(try Self.searchRows("Île-de-France").count == 8)
        #expect(try Self.searchRows("974") == ["La Réunion (974)"])
        for query in ["2A", "haute corse", "corse du sud"] { #expect(try Self.searchRows(query) == ["Corse (2A, 2B)"], "\(query)") }
        #expect(try Self.searchRows("cote d or") == ["Côte-d’Or (21)"])
        #expect(try Self.searchRows("seine st denis") == ["Seine-Saint-Denis (93)"])
        #expect(try Self.searchRows("denis seine") == ["Seine-Saint-Denis (93)"])
        #expect(try Self.searchRows("Val").count == 2, "« val » is no Centre-Val de Loire")
    }

    @Test func departementRoutesAnswerINSEECodesWithTheCustomsTerritorysContent() throws {
        let page = try Self.server.get("/departements/974")
        #expect(page.status == 200)
        #expect(Self.text(page).contains("La Réunion"))
        #expect(Self.text(page) == Self.text(try Self.server.get("/departements/9D")))
        let json = try Self.server.get("/api/departements/974.json")
        #expect(json.status == 200)
        #expect(json.body == (try Self.server.get("/api/departements/9D.json")).body)
        #expect(try Self.server.get("/departements/2A").status == 200)
        let fiche = try Self.server.get("/fiches/974.pdf")
        #expect(fiche.status == 200)
        #expect(fiche.headers["content-disposition"] == "attachment; filename=\"974-la-reunion.pdf\"")
        #expect(fiche.body == (try Self.server.get("/fiches/9D.pdf")).body)
        #expect(try Self.server.get("/departements/975").status == 404)
    }

    @Test func departementPageHasFiguresChartsAndTables() throws {
        let response = try Self.server.get("/departements/95")
        #expect(response.status == 200)
        let page = Self.text(response)
        #expect(page.components(separatedBy: "<h1").count == 2)
        #expect(page.contains("Premier client") && page.contains("Premier fournisseur"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 5, "five charts as inline SVG (the years' with the demo years)")
        #expect(page.components(separatedBy: "role=\"img\"").count - 1 == 5)
        #expect(page.contains("par rapport à 2023"), "the evolution beside the key figures")
        #expect(!page.contains(" style=\""), "no inline style (the CSP forbids them)")
        #expect(page.contains("href=\"/fiches/95.pdf\" download=\"95-val-d-oise.pdf\""))
        let ids = page.components(separatedBy: " id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(Set(ids).count == ids.count, "ids unique on the page (each chart's prefixed)")
        #expect(!page.contains("-glyph"), "chart words as SVG text, not glyph outlines")
        #expect(page.contains(">Allemagne</text>"))
    }

    @Test func ficheHasItsNameETagAndRevalidates() throws {
        let first = try Self.server.get("/fiches/95.pdf")
        #expect(first.status == 200)
        #expect(first.headers["content-type"] == "application/pdf")
        #expect(first.headers["content-disposition"] == "attachment; filename=\"95-val-d-oise.pdf\"")
        let etag = try #require(first.headers["etag"])
        let again = try Self.server.get("/fiches/95.pdf", headers: ["If-None-Match": etag])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        let other = try Self.server.get("/fiches/95.pdf", headers: ["If-None-Match": "\"something-else\""])
        #expect(other.status == 200 && other.body == first.body)
    }

    @Test func jsonIsWhatInspectPrints() throws {
        let response = try Self.server.get("/api/departements/95.json")
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json; charset=utf-8")
        let inspect = try FicheTool.run(["inspect", "95", "--json"])
        #expect(inspect.status == 0)
        #expect(response.body == inspect.stdoutData)
    }

    @Test(arguments: [
        "/departements/999", "/departements/99", "/fiches/99.pdf", "/fiches/95", "/fiches/95.PDF", "/regions/99.zip",
        "/regions/.zip", "/departements/95/", "/DEPARTEMENTS/95", "/fiches/../../etc/passwd", "/static/../Package.swift",
        "/fiches/%2E%2E%2Fetc%2Fpasswd.pdf", "/departements/95%2F..%2F..", "/static/fonts/LICENSE-Inter.txt",
        "//etc/passwd", "/api/departements/95.json/", "/static/fonts/../../README.md", "/nimportequoi",
    ])
    func unknownPathsAreFrench404s(path: String) throws {
        let response = try Self.server.get(path)
        #expect(response.status == 404, "\(path)")
        #expect(response.headers["content-type"] == "text/html; charset=utf-8")
        #expect(Self.text(response).contains("<h1>Page introuvable</h1>"), "\(path)")
    }

    /// The region with the fewest départements (one fiche or two to render in a debug build), and
    /// its départements as `/api/departements.json` lists them.
    static func smallestRegion() throws -> (key: String, value: [[String: Any]]) {
        let list = try JSONSerialization.jsonObject(with: try Self.server.get("/api/departements.json").body) as? [String: Any]
        let rows = list?["departements"] as? [[String: Any]] ?? []
        let byRegion = Dictionary(grouping: rows, by: { $0["region_code"] as? String ?? "" })
        return try #require(byRegion.min { $0.value.count < $1.value.count || ($0.value.count == $1.value.count && $0.key < $1.key) })
    }

    /// The fiches of a manifest.json, by code.
    static func manifestFiches(_ url: URL) throws -> (header: [String: Any], fiches: [String: [String: Any]]) {
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let fiches = manifest["fiches"] as? [[String: Any]] ?? []
        return (manifest, Dictionary(uniqueKeysWithValues: fiches.map { ($0["code"] as? String ?? "", $0) }))
    }

    @Test func regionZipHoldsItsFichesAndManifest() throws {
        let smallest = try Self.smallestRegion()
        let response = try Self.server.get("/regions/\(smallest.key).zip")
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/zip")
        // Named by the INSEE région (Corse, customs 22, is INSEE's 94).
        #expect(response.headers["content-disposition"]?.hasPrefix("attachment; filename=\"fiches-2024-region-") == true)
        let zip = FicheTool.temporaryDirectory().appendingPathComponent("region.zip")
        try response.body.write(to: zip)
        let test = try FicheTool.external("unzip", ["-t", zip.path])
        #expect(test.status == 0, "\(test.output)")
        let listing = try FicheTool.external("unzip", ["-Z1", zip.path]).output.split(separator: "\n").map(String.init)
        let expected = smallest.value.map { ($0["fiche"] as? String ?? "").replacingOccurrences(of: "/fiches/", with: "") }
        #expect(listing.count == expected.count + 2)
        #expect(listing.contains("manifest.json") && listing.contains("manifest.csv"))
        let directory = FicheTool.temporaryDirectory()
        #expect(try FicheTool.external("unzip", ["-q", zip.path, "-d", directory.path]).status == 0)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("manifest.json"))) as? [String: Any]
        let fiches = manifest?["fiches"] as? [[String: Any]] ?? []
        #expect(fiches.count == expected.count)
        for fiche in fiches {
            let file = directory.appendingPathComponent(fiche["file"] as? String ?? "")
            let pdf = try Data(contentsOf: file)
            #expect(pdf.count == fiche["bytes"] as? Int)
            #expect(pdf == (try Self.server.get("/fiches/\(fiche["code"] as? String ?? "").pdf").body))
        }
    }

    @Test func regionZipAndBulkRegionCarryTheSameFingerprintsForEveryFiche() throws {
        let smallest = try Self.smallestRegion()
        let zip = FicheTool.temporaryDirectory().appendingPathComponent("region.zip")
        try Self.server.get("/regions/\(smallest.key).zip").body.write(to: zip)
        let served = FicheTool.temporaryDirectory()
        #expect(try FicheTool.external("unzip", ["-q", zip.path, "-d", served.path]).status == 0)
        let bulked = FicheTool.temporaryDirectory().appendingPathComponent("bulk")
        let bulk = try FicheTool.run(["bulk", "--region", smallest.key, "--output", bulked.path, "--plain"])
        #expect(bulk.status == 0, "\(bulk.stderr)")

        let fromServe = try Self.manifestFiches(served.appendingPathComponent("manifest.json"))
        let fromBulk = try Self.manifestFiches(bulked.appendingPathComponent("manifest.json"))
        #expect(fromServe.header["data_sha256"] as? String == fromBulk.header["data_sha256"] as? String)
        #expect(Set(fromServe.fiches.keys) == Set(fromBulk.fiches.keys))
        #expect(fromServe.fiches.count == smallest.value.count)
        for (code, fiche) in fromServe.fiches {
            let inputs = try #require(fiche["inputs_sha256"] as? String)
            #expect(inputs == fromBulk.fiches[code]?["inputs_sha256"] as? String, "inputs_sha256 of \(code)")
            #expect(fiche["sha256"] as? String == fromBulk.fiches[code]?["sha256"] as? String, "PDF sha256 of \(code)")
        }
    }

    @Test func logsOneLinePerRequest() throws {
        _ = try Self.server.get("/departements/95?marque=journal")
        let lines = try Self.server.logText().split(separator: "\n").filter { $0.contains("GET /departements/95?marque=journal ") }
        #expect(lines.count == 1)
        #expect(lines.first?.contains(" 200 ") == true)
    }
}
