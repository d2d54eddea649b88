@testable import Fiche
import Foundation
import HTTPTypes
import Hummingbird
@testable import TestScratch
import Testing
@testable import TradeData
import ZIPFoundation
@testable import FicheServer

/// The server's routes and middleware, in-process: requests handed straight to its router.
@Suite struct RouteTests {
    static func text(_ response: InProcessClient.Response) -> String { String(buffer: response.body) }

    @Test func homePageIsHTMLWithTheSecurityHeaders() async throws {
        try await ServerFixture.withClient { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.headers[.contentSecurityPolicy] == SecurityHeadersMiddleware.contentSecurityPolicy)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(Self.text(response).contains("<html lang=\"fr\">"))
                #expect(Self.text(response).contains("/departements/95\""))
            }
        }
    }

    @Test func staticFilesAreRevalidatedUnlessAskedAtTheirVersion() async throws {
        try await ServerFixture.withClient { client in
            try await client.execute(uri: "/static/style.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-cache")
                #expect(response.headers[.eTag] != nil)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
        }
    }

    @Test(arguments: [
        "/nimportequoi", "/departements/999", "/departements/99", "/departements/95/", "/DEPARTEMENTS/95",
        "/fiches/95", "/fiches/95.PDF", "/fiches/99.pdf", "/regions/.zip", "/regions/99.zip",
        "/fiches/%2E%2E%2Fetc%2Fpasswd.pdf", "/static/../Package.swift", "//etc/passwd", "/static/fonts\\x",
        "/api/departements/95.json/", "/static/fonts/LICENSE-Inter.txt",
    ])
    func unknownAndRefusedPathsAreFrench404Pages(path: String) async throws {
        try await ServerFixture.withClient { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .notFound, "\(path)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy] != nil)
                #expect(Self.text(response).contains("<h1>Page introuvable</h1>"), "\(path)")
            }
        }
    }

    @Test(arguments: [HTTPRequest.Method.post, .put, .delete, .options])
    func otherMethodsAre405WithAllow(method: HTTPRequest.Method) async throws {
        try await ServerFixture.withClient { client in
            for path in ["/", "/fiches/95.pdf", "/nimportequoi"] {
                try await client.execute(uri: path, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                    #expect(response.headers[.allow] == "GET, HEAD")
                    #expect(Self.text(response).contains("Méthode non autorisée"))
                }
            }
        }
    }

    @Test func ficheHasItsNameAndETagAndRevalidatesWith304() async throws {
        try await ServerFixture.withClient { client in
            let first = try await client.execute(uri: "/fiches/95.pdf", method: .get)
            #expect(first.status == .ok)
            #expect(first.headers[.contentType] == "application/pdf")
            #expect(first.headers[.contentDisposition] == "attachment; filename=\"95-val-d-oise.pdf\"")
            #expect(first.headers[.contentLength] == String(first.body.readableBytes))
            #expect(String(buffer: first.body).hasPrefix("%PDF-"))
            let etag = try #require(first.headers[.eTag])
            let again = try await client.execute(uri: "/fiches/95.pdf", method: .get, headers: [.ifNoneMatch: "\"x\", \(etag)"])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            #expect(again.headers[.eTag] == etag)
            let other = try await client.execute(uri: "/fiches/95.pdf", method: .get, headers: [.ifNoneMatch: "\"something-else\""])
            #expect(other.status == .ok && other.body == first.body)
        }
    }

    @Test func headAnswersTheHeadersOfGetWithoutBody() async throws {
        try await ServerFixture.withClient { client in
            let get = try await client.execute(uri: "/fiches/95.pdf", method: .get)
            let head = try await client.execute(uri: "/fiches/95.pdf", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == get.headers[.contentLength])
            #expect(head.headers[.eTag] == get.headers[.eTag])
            let missing = try await client.execute(uri: "/nimportequoi", method: .head)
            #expect(missing.status == .notFound)
        }
    }

    @Test func headOfARegionZipAnswersItsHeadersWithoutRenderingItsFiches() async throws {
        let server = try ServerFixture.server()
        let snapshot = server.store.snapshot
        // Bouches-du-Rhône's région: no other test asks for its fiches.
        let region = try #require(snapshot.departement("13")?.regionCode)
        try await InProcessClient(router: server.makeRouter()).run { client in
            let head = try await client.execute(uri: "/regions/\(region).zip", method: .head)
            #expect(head.status == .ok)
            #expect(head.headers[.contentType] == "application/zip")
            #expect(head.body.readableBytes == 0)
        }
        for d in snapshot.departements where d.regionCode == region {
            #expect(server.fiches.cached(.init(generation: snapshot.generation, code: d.code)) == nil, "\(d.code) not rendered")
        }
    }

    @Test func departementJSONIsTheReportJSON() async throws {
        let server = try ServerFixture.server()
        let expected = try ReportJSON(try server.store.snapshot.aggregates.report(for: "95"), comparisons: false).encoded() + Data([0x0A])
        try await ServerFixture.withClient { client in
            try await client.execute(uri: "/api/departements/95.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(Data(buffer: response.body) == expected)
            }
        }
    }

    @Test func departementListNamesEveryFicheAndPage() async throws {
        try await ServerFixture.withClient { client in
            try await client.execute(uri: "/api/departements.json", method: .get) { response in
                #expect(response.status == .ok)
                let list = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(list?["year"] as? Int == 2024)
                let rows = list?["departements"] as? [[String: Any]] ?? []
                let valDOise = try #require(rows.first { $0["code"] as? String == "95" })
                #expect(valDOise["fiche"] as? String == "/fiches/95.pdf")
                #expect(valDOise["page"] as? String == "/departements/95")
                #expect(!rows.contains { $0["code"] as? String == "99" }, "Monaco has no fiche")
            }
        }
    }
}

/// The server's answers name the data files, never the folders they sit in (issue 19: the
/// JSON API, the fiches' attached JSON and the région zips' manifests published `/srv/…`).
@Suite struct PublishedPathRouteTests {
    @Test func regionZipsAreNamedByINSEECodeNameOrCustomsCode() async throws {
        let server = try ServerFixture.server()
        try await InProcessClient(router: server.makeRouter()).run { client in
            func disposition(_ uri: String) async throws -> String? {
                let head = try await client.execute(uri: uri, method: .head)
                return head.status == .ok ? head.headers[.contentDisposition] : nil
            }
            let ileDeFrance = "attachment; filename=\"fiches-2024-region-11-ile-de-france.zip\""
            #expect(try await disposition("/regions/11.zip") == ileDeFrance)
            #expect(try await disposition("/regions/bretagne.zip") == "attachment; filename=\"fiches-2024-region-53-bretagne.zip\"")
            #expect(try await disposition("/regions/outre-mer.zip") == "attachment; filename=\"fiches-2024-outre-mer.zip\"")
            // INSEE's 03 is Guyane; customs région 03 is Île-de-France (INSEE 11).
            #expect(try await disposition("/regions/03.zip") == "attachment; filename=\"fiches-2024-region-03-guyane.zip\"")
            #expect(try await disposition("/regions/21.zip") == "attachment; filename=\"fiches-2024-region-93-provence-alpes-cote-d-azur.zip\"")
            let home = try await client.execute(uri: "/", method: .get)
            let page = String(decoding: Data(buffer: home.body), as: UTF8.self)
            #expect(page.contains("href=\"/regions/11.zip\"") && page.contains("href=\"/regions/93.zip\""))
            #expect(page.contains("href=\"/regions/outre-mer.zip\"") && !page.contains("href=\"/regions/03.zip\""))
        }
    }

    @Test func noAnswerNamesTheServersDataFolder() async throws {
        let server = try ServerFixture.server()
        let folder = try #require(server.configuration.watchedFiles.first).deletingLastPathComponent().path
        let region = try #require(server.store.snapshot.departement("95")?.regionCode)
        try await ServerFixture.withClient { client in
            let json = try await client.execute(uri: "/api/departements/95.json", method: .get)
            let report = try JSONSerialization.jsonObject(with: Data(buffer: json.body)) as? [String: Any]
            #expect(report?["data_source"] as? String == "trade.txt")
            for uri in ["/", "/departements/95", "/api/departements.json", "/api/departements/95.json", "/regions/\(region).zip"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok, "\(uri)")
                #expect(!String(decoding: Data(buffer: response.body), as: UTF8.self).contains(folder), "\(uri) names \(folder)")
            }
        }
        // The JSON attached to the fiche is the report the fiche was drawn from.
        let report = try server.store.snapshot.aggregates.report(for: "95")
        #expect(report.dataSource == "trade.txt")
    }
}

/// A région zip from the router: its fiches are the served ones and its manifest carries the
/// same `inputs_sha256` as `fiche bulk` computes for them.
@Suite struct RegionZipRouteTests {
    @Test func regionZipHoldsTheServedFichesAndBulksInputsFingerprints() async throws {
        let server = try ServerFixture.server()
        let snapshot = server.store.snapshot
        let regions = Dictionary(grouping: snapshot.departements, by: \.regionCode)
        let smallest = try #require(regions.min { ($0.value.count, $0.key) < ($1.value.count, $1.key) })
        let zip = Scratch.file("region.zip")
        let served = try await InProcessClient(router: server.makeRouter()).run { client in
            let response = try await client.execute(uri: "/regions/\(smallest.key).zip", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/zip")
            try Data(buffer: response.body).write(to: zip)
            var served: [String: Data] = [:]
            for d in smallest.value {
                served[d.code] = Data(buffer: try await client.execute(uri: "/fiches/\(d.code).pdf", method: .get).body)
            }
            return served
        }
        let archive = try Archive(url: zip, accessMode: .read)
        let manifestEntry = try #require(archive["manifest.json"])
        var manifestData = Data()
        _ = try archive.extract(manifestEntry) { manifestData.append($0) }
        let manifest = try JSONSerialization.jsonObject(with: manifestData) as? [String: Any]
        let fiches = manifest?["fiches"] as? [[String: Any]] ?? []
        #expect(fiches.count == smallest.value.count)
        // What `fiche bulk` computes for the same data, renderer files, tool version and TI file.
        let key = FicheInputs.key(toolVersion: ServerFixture.toolVersion, rendererFiles: server.pool.inputFiles, territoriesFile: nil)
        let bulkInputs = FicheInputs(dataSHA256: snapshot.dataSHA256, key: key, year: 2024, level: snapshot.aggregates.level)
        for fiche in fiches {
            let code = try #require(fiche["code"] as? String)
            #expect(fiche["inputs_sha256"] as? String == bulkInputs.sha256(departement: code))
            let entry = try #require(archive[fiche["file"] as? String ?? ""])
            var pdf = Data()
            _ = try archive.extract(entry) { pdf.append($0) }
            #expect(pdf == served[code], "the zip's fiche \(code) is the one /fiches/ serves")
        }
    }
}

/// Times on the web page are those of Paris, as French teams read them.
@Suite struct FrenchDateTests {
    @Test func loadTimesAreSaidAtTheTimeOfParisWinterAndSummer() {
        let winter = Date(timeIntervalSince1970: 1_796_174_400)  // 2026-12-02T01:20:00Z
        let summer = Date(timeIntervalSince1970: 1_782_951_600)  // 2026-07-02T00:20:00Z
        if TimeZone(identifier: "Europe/Paris") != nil {
            #expect(FrenchDate.dayAndTime(winter) == "2 décembre 2026 à 02:20:00 (heure de Paris)")
            #expect(FrenchDate.dayAndTime(summer) == "2 juillet 2026 à 02:20:00 (heure de Paris)")
        } else {
            #expect(FrenchDate.dayAndTime(winter) == "2 décembre 2026 à 01:20:00 (UTC)")
        }
    }
}
