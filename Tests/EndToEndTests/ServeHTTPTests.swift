import Foundation
@testable import LoopbackHTTP
@testable import TestScratch
import Testing

/// HTTP as a browser uses it: compressed text, revalidation (304), and static files cached for
/// a year at their versioned URL.
@Suite struct ServeHTTPTests {
    var server: ServedTool { get throws { try ServeTests.server } }

    /// `data` decoded by a Debian tool (`gzip -dc`, `brotli -dc`).
    static func decoded(_ data: Data, with tool: String) throws -> Data {
        let file = Scratch.file("encoded-\(UUID().uuidString)")
        try data.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = ["-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) could not decode the answer")
        return out
    }

    @Test(arguments: ["/", "/departements/95", "/regions/11", "/api/departements.json", "/api/departements/95.json", "/static/style.css"])
    func textIsSentCompressedAsTheBrowserAccepts(path: String) throws {
        let plain = try server.get(path)
        #expect(plain.status == 200 && plain.headers["content-encoding"] == nil)
        let gzip = try server.get(path, headers: ["Accept-Encoding": "gzip, deflate"])
        #expect(gzip.headers["content-encoding"] == "gzip" && gzip.headers["vary"] == "Accept-Encoding")
        #expect(try Self.decoded(gzip.body, with: "gzip") == plain.body)
        let brotli = try server.get(path, headers: ["Accept-Encoding": "gzip, deflate, br, zstd"])
        #expect(brotli.headers["content-encoding"] == "br")
        #expect(try Self.decoded(brotli.body, with: "brotli") == plain.body)
        #expect(brotli.headers["content-length"] == String(brotli.body.count))
        if path == "/departements/95" {
            #expect(brotli.body.count * 5 < plain.body.count, "\(brotli.body.count) bytes for \(plain.body.count)")
        }
        // Refused encodings are not used.
        let refused = try server.get(path, headers: ["Accept-Encoding": "br;q=0, gzip;q=0"])
        #expect(refused.headers["content-encoding"] == nil && refused.body == plain.body)
    }

    @Test(arguments: ["/", "/departements/95", "/regions/11", "/api/departements.json", "/api/departements/974.json", "/fiches/95.pdf"])
    func aPageTheBrowserHasAlreadyIsAnswered304(path: String) throws {
        let first = try server.get(path, headers: ["Accept-Encoding": "gzip"])
        let etag = try #require(first.headers["etag"])
        let again = try server.get(path, headers: ["Accept-Encoding": "gzip", "If-None-Match": etag])
        #expect(again.status == 304 && again.body.isEmpty && again.headers["etag"] == etag)
        let other = try server.get(path, headers: ["If-None-Match": "\"autre\""])
        #expect(other.status == 200 && !other.body.isEmpty)
    }

    @Test func everyPageIsBuiltInTheBackgroundBeforeAnyoneAsks() throws {
        // The home page, the 100 départements' and the 12 régions' of several départements.
        var log = ""
        for _ in 0..<600 where !log.contains(" pages ready in ") {
            Thread.sleep(forTimeInterval: 0.1)
            log = try server.logText()
        }
        let line = try #require(log.split(separator: "\n").first { $0.contains(" pages ready in ") })
        #expect(line.contains(" 113 pages ready in "), "\(line)")
    }

    @Test func everyDepartementIsComparedInOneSortableTableWithTheTotals() throws {
        struct List: Decodable {
            struct Row: Decodable { let customs_code: String; let exports_eur: Int64; let imports_eur: Int64 }
            let departements: [Row]
        }
        let list = try JSONDecoder().decode(List.self, from: try server.get("/api/departements.json").body)
        let page = String(decoding: try server.get("/departements?tri=solde&ordre=asc").body, as: UTF8.self)
        let links = page.components(separatedBy: "<th scope=\"row\"><a href=\"/departements/").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(links.count == list.departements.count, "every département, once")
        let byBalance = list.departements.sorted { $0.exports_eur - $0.imports_eur < $1.exports_eur - $1.imports_eur }
        #expect(links.first.map(String.init) == byBalance.first?.customs_code, "the largest deficit first")
        #expect(links.last.map(String.init) == byBalance.last?.customs_code)
        #expect(page.contains("aria-sort=\"ascending\"><a href=\"/departements?tri=solde&amp;ordre=desc\">Solde (M€)"))
        #expect(page.contains("Évolution des exportations") && page.contains("depuis 2023"), "the demo years hold 2023")
        #expect(page.contains("<a href=\"/regions/11\">Île-de-France</a>") && page.contains(">France entière<"))
        // The home page leads to it.
        #expect(String(decoding: try server.get("/").body, as: UTF8.self).contains("href=\"/departements\""))
    }

    @Test func theHomePageMapsEveryDepartementToItsPage() throws {
        let home = String(decoding: try server.get("/").body, as: UTF8.self)
        let map = try #require(home.range(of: "<svg class=\"carte-tuiles\"").map { String(home[$0.lowerBound...].prefix { $0 != "\u{0}" }) })
        let svg = String(map[..<(map.range(of: "</svg>")?.upperBound ?? map.endIndex)])
        let tiles = svg.components(separatedBy: "<a href=\"/departements/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(tiles.count == 100 && Set(tiles).count == 100, "one tile per département: \(tiles.count)")
        #expect(svg.contains(">974</text>") && svg.contains(">Corse</text>") && svg.contains(">2A") == false)
        #expect(svg.contains("aria-label=\"Val-d’Oise (95), déficit\""))
    }

    @Test func staticFilesAtTheirVersionedURLAreCachedForAYear() throws {
        let home = String(decoding: try server.get("/").body, as: UTF8.self)
        let link = try #require(home.range(of: #"/static/style\.css\?v=[0-9a-f]+"#, options: .regularExpression).map { String(home[$0]) })
        let versioned = try server.get(link)
        #expect(versioned.headers["cache-control"] == "public, max-age=31536000, immutable")
        let unversioned = try server.get("/static/style.css")
        #expect(unversioned.headers["cache-control"] == "no-cache" && unversioned.headers["etag"] != nil)
        let stale = try server.get("/static/style.css?v=0")
        #expect(stale.headers["cache-control"] == "no-cache", "an old version is revalidated, never frozen")
        #expect(!home.contains("/static/fonts/"), "no web font to download")
    }

    /// axe-core on the four kinds of page at 1366 and 320 px, no sideways scroll, chart words
    /// as SVG text, a CSV per chart, every table figure on the printed page, search by région
    /// name and INSEE code with the query in the address (scripts/browser-audit.py).
    @Test(.enabled(if: ServeTests.browserTestRuns,
                   "Chromium, chromedriver or selenium is missing: scripts/install-deps.sh (make deps) installs them"))
    func thePagesPassTheBrowserAudit() throws {
        let axe = FicheTool.repositoryRoot.appendingPathComponent(".build/python/axe_selenium_python")
        if let missing = ServeTests.missingBrowserPart ?? (FileManager.default.fileExists(atPath: axe.path) ? nil : axe.path) {
            Issue.record("\(missing) is missing: scripts/install-deps.sh (make deps) installs it")
            return
        }
        let (status, output) = try ServeTests.browserScript("browser-audit.py", [FicheTool.repositoryRoot.appendingPathComponent(".build/screenshots/audit").path])
        let report = String(decoding: output, as: UTF8.self)
        #expect(status == 0, "\(report)")
        let seen = (try? JSONSerialization.jsonObject(with: output)) as? [String: Any] ?? [:]
        #expect((seen["printed_figures"] as? Int ?? 0) > 500, "\(report)")
        #expect((seen["csv"] as? [String])?.count == 5, "\(report)")
    }
}
