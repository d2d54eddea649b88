import Checksums
import Fiche
import Foundation
import ProjectFiles
import HTTPTypes
import Hummingbird
import NIOCore
import TradeData

/// A fiche rendered by the server, kept in memory.
struct ServedFiche: Sendable {
    /// The PDF, sent as is to every request.
    let bytes: ByteBuffer
    let pageCount: Int
    let sha256: String
    let fileName: String
    var etag: String { "\"\(sha256.prefix(40))\"" }
}

/// The answers of the routes (see `FicheServer.makeRouter`). Security headers, error pages and
/// the log line are added by the middleware; an unknown code is a 404 (`HTTPError(.notFound)`).
extension FicheServer {
    /// `GET /`: every département by region, filtered by `?q=` (the form without JavaScript).
    func home(_ request: Request, _ context: FicheRequestContext) throws -> Response {
        let query = request.uri.queryParameters.get("q") ?? ""
        return .html(pages.index(try context.data(), query: String(query.prefix(100))))
    }

    /// `GET /static/…`: the page's style sheet, script and icon. Asked for at the version the
    /// pages link to (`?v=`, `immutable`), cached for a year: a new version is a new URL;
    /// otherwise revalidated each time (`CompressionMiddleware` adds the ETag).
    static func staticResponse(_ file: StaticFile, immutable: Bool) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = file.type
        headers[.cacheControl] = immutable ? "public, max-age=31536000, immutable" : "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.body))
    }

    /// The département named by the route's `code` parameter, or a 404.
    func departement(_ context: FicheRequestContext) throws -> (DepartementSummary, DataSnapshot) {
        let snapshot = try context.data()
        guard let code = context.parameters.get("code"), let d = snapshot.departement(code) else { throw HTTPError(.notFound) }
        return (d, snapshot)
    }

    /// Forgets what was made from older data, once newer data is served.
    func dropStale(_ snapshot: DataSnapshot) {
        fiches.removeReady { $0.generation < snapshot.generation }
        departementPages.removeReady { $0.generation < snapshot.generation }
        homePages.removeReady { $0.generation < snapshot.generation }
    }

    /// The fiche of `d`, rendered once per data snapshot by the same renderer as `fiche render`.
    /// A render started for a request (`lane`) waits its turn in that lane, or is refused with
    /// `WorkLane.Busy`; one started for a région zip (no lane) is never refused.
    func fiche(_ d: DepartementSummary, _ snapshot: DataSnapshot, lane: WorkLane? = nil) async throws -> ServedFiche {
        let fileName = snapshot.aggregates.dataset.geography.departement(d.code)?.ficheFileName ?? FicheFiles.fileName(code: d.code, name: d.name)
        return try await servedFiche(key: d.code, fileName: fileName, what: "fiche \(d.code)", snapshot, lane: lane) {
            try $0.aggregates.report(for: d.code)
        }
    }

    /// The fiche of `report`'s territory under `key` (a département's code, `region-84`), rendered
    /// once per data snapshot; see `fiche(_:_:lane:)`.
    func servedFiche(key code: String, fileName: String, what: String, _ snapshot: DataSnapshot, lane: WorkLane? = nil,
                     report makeReport: @escaping @Sendable (DataSnapshot) throws -> DepartementReport) async throws -> ServedFiche {
        let key = CacheKey(generation: snapshot.generation, code: code)
        if let hit = fiches.cached(key) { return hit }
        dropStale(snapshot)
        do {
            return try await fiches.value(key) { [pool] in
                let report = try makeReport(snapshot)
                let territories = snapshot.territories
                let render = {
                    try await pool.run(for: snapshot) { renderer in
                        // The same bytes `fiche render` writes, kept in memory.
                        let (data, rendered) = try renderer.renderPDF(report, territories: territories)
                        return ServedFiche(bytes: ByteBuffer(bytes: data), pageCount: rendered.pageCount,
                                           sha256: SHA256.hex(of: data), fileName: fileName)
                    }
                }
                guard let lane else { return try await render() }
                return try await lane.run(render)
            }
        } catch is WorkLane.Busy where lane == nil {
            // A request's render, refused, that this zip had joined: the zip's own, never refused.
            return try await servedFiche(key: code, fileName: fileName, what: what, snapshot, report: makeReport)
        } catch let error as CancellationError {
            throw error
        } catch let busy as WorkLane.Busy {
            throw busy
        } catch {
            throw FicheServerError.failed(what: what, underlying: error)
        }
    }

    /// `GET /fiches/{code}.pdf`: the fiche, with an ETag (304 when the browser has it already).
    func fichePDF(_ request: Request, _ context: FicheRequestContext) async throws -> Response {
        let (d, snapshot) = try departement(context)
        return pdfResponse(try await fiche(d, snapshot, lane: lanes.fiches), request)
    }

    /// A served fiche as a PDF response, with its ETag (304 when the browser has it already).
    func pdfResponse(_ served: ServedFiche, _ request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/pdf"
        headers[.eTag] = served.etag
        headers[.cacheControl] = "no-cache"
        headers[.contentDisposition] = "attachment; filename=\"\(served.fileName)\""
        if CompressionMiddleware.matches(request.headers[.ifNoneMatch], served.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(served.bytes.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: served.bytes))
    }

    /// `GET /departements/{code}`: key figures, first client and supplier, charts with their tables.
    /// Built once per data snapshot (a single-flight cache of the page's bytes, shared by every
    /// response), in the page lane.
    func departementPage(_ context: FicheRequestContext) async throws -> Response {
        let (d, snapshot) = try departement(context)
        return try await territoryPage(key: d.code, what: "page \(d.code)", snapshot) { try $0.aggregates.report(for: d.code) }
    }

    /// The page of `report`'s territory under `key` (a département's code, `region-84`), built
    /// once per data snapshot in the page lane.
    func territoryPage(key code: String, what: String, _ snapshot: DataSnapshot,
                       report makeReport: @escaping @Sendable (DataSnapshot) throws -> DepartementReport) async throws -> Response {
        let key = CacheKey(generation: snapshot.generation, code: code)
        if let hit = departementPages.cached(key) { return .html(hit) }
        dropStale(snapshot)
        do {
            let page = try await departementPages.value(key) { [pool, pages, lanes] in
                try await lanes.pages.run {
                    let report = try await offThread { try makeReport(snapshot) }
                    let drawn = try await pool.run(for: snapshot) { try $0.webCharts(report) }
                    return try await offThread { ByteBuffer(string: pages.departement(snapshot, report: report, charts: drawn)) }
                }
            }
            return .html(page)
        } catch let busy as WorkLane.Busy {
            throw busy
        } catch {
            throw FicheServerError.failed(what: what, underlying: error)
        }
    }

    /// `GET /` without a query: the same page for every request of a data snapshot, built once.
    func homePage(_ request: Request, _ context: FicheRequestContext) async throws -> Response {
        let query = request.uri.queryParameters.get("q") ?? ""
        guard query.isEmpty else {
            // A search: a page of its own, in the search lane.
            return try await lanes.searches.run { try await offThread { try self.home(request, context) } }
        }
        return .html(try await homePageBytes(try context.data()))
    }

    /// The home page of `snapshot`, built once.
    func homePageBytes(_ snapshot: DataSnapshot) async throws -> ByteBuffer {
        let key = CacheKey(generation: snapshot.generation, code: "")
        if let hit = homePages.cached(key) { return hit }
        dropStale(snapshot)
        return try await homePages.value(key) { [pages] in
            try await offThread { ByteBuffer(string: pages.index(snapshot, query: "")) }
        }
    }

    /// `GET /api/departements/{code}.json`: what `fiche inspect --json` prints.
    func departementJSON(_ context: FicheRequestContext) throws -> Response {
        let (d, snapshot) = try departement(context)
        do {
            var data = try ReportJSON(try snapshot.aggregates.report(for: d.code), comparisons: false).encoded()
            data.append(0x0A)
            return Self.json(data)
        } catch {
            throw FicheServerError.failed(what: "JSON \(d.code)", underlying: error)
        }
    }

    /// A département's JSON `code`: INSEE's when the customs territory is one INSEE département.
    static func jsonCode(ofCustoms code: String) -> String {
        let insee = FrenchTerritories.inseeCodes(ofCustoms: code)
        return insee.count == 1 ? insee[0] : code
    }

    /// `GET /api/departements.json`: the départements with a fiche, their region and figures.
    func departementList(_ context: FicheRequestContext) throws -> Response {
        struct Row: Encodable {
            let code, customs_code, name, region_code, region_customs_code, region, fiche, page: String
            let exports_eur, imports_eur: Int64
        }
        struct List: Encodable {
            let year: Int
            let demo: Bool
            let loaded_at: String
            let departements: [Row]
        }
        let snapshot = try context.data()
        let list = List(year: snapshot.year, demo: snapshot.isDemo, loaded_at: ServerLog.timestamp(snapshot.loadedAt),
                        departements: snapshot.departements.map {
                            // `code` is INSEE's where it is one département (974), as in `inspect --json`;
                            // the URLs keep the customs code, which every route answers.
                            // The région likewise: INSEE's code (the overseas block: `outre-mer`), the customs one beside.
                            Row(code: Self.jsonCode(ofCustoms: $0.code), customs_code: $0.code, name: $0.name,
                                region_code: WebPages.zipCode(ofRegion: $0.regionCode, snapshot), region_customs_code: $0.regionCode,
                                region: $0.regionName,
                                fiche: "/fiches/\($0.code).pdf", page: "/departements/\($0.code)",
                                exports_eur: $0.exportsEUR, imports_eur: $0.importsEUR)
                        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(list)) ?? Data("{}".utf8)
        data.append(0x0A)
        return Self.json(data)
    }

    static func json(_ data: Data) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
