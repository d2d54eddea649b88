import BulkExport
import Fiche
import Foundation
import ProjectFiles
import HTTPTypes
import Hummingbird
import Logging
import Manifest
import NIOCore
import TradeData

/// Why the server cannot start.
package enum ServeError: Error, CustomStringConvertible {
    case missingAsset(String)
    case invalidTemplate(String, String)

    package var description: String {
        switch self {
        case let .missingAsset(path): return "missing file: \(path)"
        case let .invalidTemplate(path, reason): return "invalid template \(path): \(reason)"
        }
    }
}

/// How `fiche serve` runs.
package struct ServeConfiguration: Sendable {
    package var host: String
    package var port: Int
    /// Files and folders whose change triggers a reload (trade data, reference tables, TI file).
    package var watchedFiles: [URL]
    package var ficheOptions: FicheOptions
    /// Fiches rendered at once.
    package var renderWorkers: Int
    package var toolVersion: String
    /// Reads the data: the command line's own loader.
    package var load: @Sendable () throws -> LoadedData

    package init(host: String, port: Int, watchedFiles: [URL], ficheOptions: FicheOptions, renderWorkers: Int,
                toolVersion: String, load: @escaping @Sendable () throws -> LoadedData) {
        self.host = host
        self.port = port
        self.watchedFiles = watchedFiles
        self.ficheOptions = ficheOptions
        self.renderWorkers = renderWorkers
        self.toolVersion = toolVersion
        self.load = load
    }
}

/// A fiche rendered by the server, kept in memory.
struct ServedFiche: Sendable {
    /// The PDF, sent as is to every request.
    let bytes: ByteBuffer
    let pageCount: Int
    let sha256: String
    let fileName: String
    var etag: String { "\"\(sha256.prefix(40))\"" }
}

/// `fiche serve`: the web page of the fiches, on Hummingbird.
package final class FicheServer: Sendable {
    let configuration: ServeConfiguration
    let log = ServerLog()
    let store: DataStore
    let pool: RenderPool
    let pages: WebPages
    let statics: [String: (type: String, body: ByteBuffer)]
    let fiches = SingleFlightCache<CacheKey, ServedFiche>()
    let charts = SingleFlightCache<CacheKey, [WebChart]>()

    struct CacheKey: Hashable, Sendable {
        let generation: Int
        let code: String
    }

    /// Loads the data, the templates and the renderers; throws what stops the start.
    package init(_ configuration: ServeConfiguration) throws {
        self.configuration = configuration
        let assets = try configuration.ficheOptions.assetsDirectory ?? ProjectFolder.assets()
        var options = configuration.ficheOptions
        options.assetsDirectory = assets
        pool = try RenderPool(workers: configuration.renderWorkers, options: options, log: log)
        let serveAssets = assets.appendingPathComponent("serve")
        pages = try WebPages(directory: serveAssets)
        var statics: [String: (String, ByteBuffer)] = [:]
        func add(_ path: String, _ url: URL, _ type: String) throws {
            guard let data = try? Data(contentsOf: url) else { throw ServeError.missingAsset(url.path) }
            statics[path] = (type, ByteBuffer(bytes: data))
        }
        try add("/static/style.css", serveAssets.appendingPathComponent("style.css"), "text/css; charset=utf-8")
        try add("/static/search.js", serveAssets.appendingPathComponent("search.js"), "text/javascript; charset=utf-8")
        try add("/static/favicon.svg", serveAssets.appendingPathComponent("favicon.svg"), "image/svg+xml")
        // The bundled Inter, the font the fiches use (never Marianne, whose licence is the State's own).
        let fonts = ProjectFolder.fonts(besideAssets: assets)
        for face in ["Regular", "Italic", "SemiBold", "Bold"] {
            try add("/static/fonts/Inter-\(face).otf", fonts.appendingPathComponent("Inter-\(face).otf"), "font/otf")
        }
        self.statics = statics
        store = try DataStore(watching: configuration.watchedFiles, log: log, load: configuration.load)
    }

    /// Serves until SIGINT or SIGTERM; `ready` gets the bound address ("127.0.0.1:8080").
    package func run(ready: @escaping @Sendable (String) -> Void) async throws {
        let snapshot = store.snapshot
        log.note("serving year \(snapshot.year)\(snapshot.isDemo ? " (synthetic demo data)" : ""), \(snapshot.departements.count) départements, \(configuration.renderWorkers) render workers")
        let app = Application(
            responder: CallbackResponder { [self] (request: Request, _: BasicRequestContext) in await self.respond(to: request) },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let address = channel.localAddress
                ready("\(address?.ipAddress ?? "?"):\(address?.port ?? 0)")
            },
            logger: {
                var logger = Logger(label: "fiche-serve")
                logger.logLevel = .warning
                return logger
            }()
        )
        try await app.runService()
        log.note("stopped")
    }

    // MARK: - Requests

    /// Answers one request and logs one line for it.
    func respond(to request: Request) async -> Response {
        let start = ContinuousClock.now
        let response = await route(request, start: start)
        // A streamed zip logs its own line once its last byte is written.
        if response.status == .ok && response.headers[.contentType] == "application/zip" { return response }
        let length = response.headers[.contentLength] ?? "-"
        log.note("\(request.method) \(request.uri.string) \(response.status.code) \(length) \(Self.milliseconds(since: start)) ms")
        return response
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = start.duration(to: .now)
        return String(format: "%.1f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }

    func route(_ request: Request, start: ContinuousClock.Instant) async -> Response {
        let snapshot = await store.current()
        guard request.method == .get || request.method == .head else {
            var response = html(pages.notFound(snapshot, heading: "Méthode non autorisée",
                                               message: "Ce service ne fait que répondre aux consultations (GET)."), status: .methodNotAllowed)
            response.headers[.allow] = "GET, HEAD"
            return response
        }
        let path = request.uri.path
        // Nothing this server serves needs an encoded character, a dot segment or an empty one:
        // such paths (%2F, %2E%2E, //, ..) are refused before anything looks at them.
        guard !path.contains("%"), !path.contains(".."), !path.contains("//"), !path.contains("\\") else {
            return notFound(snapshot)
        }
        if path == "/" {
            let query = request.uri.queryParameters.get("q") ?? ""
            return html(pages.index(snapshot, query: String(query.prefix(100))))
        }
        if let asset = statics[path] {
            var headers = securityHeaders(type: asset.type)
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.body))
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        switch parts.count {
        case 2 where parts[0] == "departements":
            if let d = snapshot.departement(parts[1]) { return await departementPage(d, snapshot) }
        case 2 where parts[0] == "fiches" && parts[1].hasSuffix(".pdf"):
            if let d = snapshot.departement(String(parts[1].dropLast(4))) { return await fichePDF(d, snapshot, request: request) }
        case 2 where parts[0] == "regions" && parts[1].hasSuffix(".zip"):
            if let region = snapshot.region(String(parts[1].dropLast(4))) {
                return regionZip(region, snapshot, requestLine: "\(request.method) \(request.uri.string)", start: start)
            }
        case 2 where parts[0] == "api" && parts[1] == "departements.json":
            return departementList(snapshot)
        case 3 where parts[0] == "api" && parts[1] == "departements" && parts[2].hasSuffix(".json"):
            if let d = snapshot.departement(String(parts[2].dropLast(5))) { return departementJSON(d, snapshot) }
        default:
            break
        }
        return notFound(snapshot)
    }

    // MARK: - Responses

    /// The Content-Security-Policy: the server's own resources only, no inline script or style.
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func securityHeaders(type: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return headers
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders(type: "text/html; charset=utf-8")
        headers[.cacheControl] = "no-cache"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func notFound(_ snapshot: DataSnapshot) -> Response {
        html(pages.notFound(snapshot), status: .notFound)
    }

    func serverError(_ snapshot: DataSnapshot, _ what: String, _ error: any Error) -> Response {
        log.note("error: \(what): \(error)")
        return html(pages.notFound(snapshot, heading: "Erreur du serveur",
                                   message: "La fiche n’a pas pu être produite. L’erreur est consignée dans le journal du serveur."),
                    status: .internalServerError)
    }

    /// Forgets what was made from older data, once newer data is served.
    func dropStale(_ snapshot: DataSnapshot) {
        fiches.removeReady { $0.generation < snapshot.generation }
        charts.removeReady { $0.generation < snapshot.generation }
    }

    /// The fiche of `d`, rendered once per data snapshot by the same renderer as `fiche render`.
    func fiche(_ d: DepartementSummary, _ snapshot: DataSnapshot) async throws -> ServedFiche {
        let key = CacheKey(generation: snapshot.generation, code: d.code)
        if let hit = fiches.cached(key) { return hit }
        dropStale(snapshot)
        return try await fiches.value(key) { [pool] in
            let report = try snapshot.aggregates.report(for: d.code)
            let territories = snapshot.territories
            let fileName = FicheFiles.fileName(code: d.code, name: d.name)
            return try await pool.run { renderer in
                // The same bytes `fiche render` writes, kept in memory.
                let (data, rendered) = try renderer.renderPDF(report, territories: territories)
                return ServedFiche(bytes: ByteBuffer(bytes: data), pageCount: rendered.pageCount,
                                   sha256: InputFingerprint.sha256(of: data), fileName: fileName)
            }
        }
    }

    func fichePDF(_ d: DepartementSummary, _ snapshot: DataSnapshot, request: Request) async -> Response {
        let served: ServedFiche
        do { served = try await fiche(d, snapshot) } catch { return serverError(snapshot, "fiche \(d.code)", error) }
        var headers = securityHeaders(type: "application/pdf")
        headers[.eTag] = served.etag
        headers[.cacheControl] = "no-cache"
        headers[.contentDisposition] = "attachment; filename=\"\(served.fileName)\""
        if let match = request.headers[.ifNoneMatch],
           match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == served.etag || $0.trimmingCharacters(in: .whitespaces) == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(served.bytes.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: served.bytes))
    }

    func departementPage(_ d: DepartementSummary, _ snapshot: DataSnapshot) async -> Response {
        do {
            let report = try snapshot.aggregates.report(for: d.code)
            let key = CacheKey(generation: snapshot.generation, code: d.code)
            let drawn: [WebChart]
            if let hit = charts.cached(key) {
                drawn = hit
            } else {
                dropStale(snapshot)
                drawn = try await charts.value(key) { [pool] in try await pool.run { try $0.webCharts(report) } }
            }
            return html(pages.departement(snapshot, report: report, charts: drawn))
        } catch {
            return serverError(snapshot, "page \(d.code)", error)
        }
    }

    func departementJSON(_ d: DepartementSummary, _ snapshot: DataSnapshot) -> Response {
        do {
            var data = try ReportJSON(try snapshot.aggregates.report(for: d.code), comparisons: false).encoded()
            data.append(0x0A)
            var headers = securityHeaders(type: "application/json; charset=utf-8")
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            return serverError(snapshot, "JSON \(d.code)", error)
        }
    }

    /// `GET /api/departements.json`: the départements with a fiche, their region and figures.
    func departementList(_ snapshot: DataSnapshot) -> Response {
        struct Row: Encodable {
            let code, name, region_code, region, fiche, page: String
            let exports_eur, imports_eur: Int64
        }
        struct List: Encodable {
            let year: Int
            let demo: Bool
            let loaded_at: String
            let departements: [Row]
        }
        let list = List(year: snapshot.year, demo: snapshot.isDemo, loaded_at: ServerLog.timestamp(snapshot.loadedAt),
                        departements: snapshot.departements.map {
                            Row(code: $0.code, name: $0.name, region_code: $0.regionCode, region: $0.regionName,
                                fiche: "/fiches/\($0.code).pdf", page: "/departements/\($0.code)",
                                exports_eur: $0.exportsEUR, imports_eur: $0.importsEUR)
                        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(list)) ?? Data("{}".utf8)
        data.append(0x0A)
        var headers = securityHeaders(type: "application/json; charset=utf-8")
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `GET /regions/{code}.zip`: the region's fiches and their manifest, streamed as each fiche
    /// is ready (rendered in parallel, written in `fiche list` order).
    func regionZip(_ region: Region, _ snapshot: DataSnapshot, requestLine: String, start: ContinuousClock.Instant) -> Response {
        let codes = region.departementCodes.filter { $0 != "99" }
        let departements = codes.compactMap { snapshot.departement($0) }
        var headers = securityHeaders(type: "application/zip")
        let name = "fiches-\(snapshot.year)-region-\(region.code)-\(FicheFiles.slug(region.name)).zip"
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        headers[.cacheControl] = "no-cache"
        let body = ResponseBody { [self] writer in
            do {
                let sent = try await writeZip(region, departements, snapshot, to: &writer)
                log.note("\(requestLine) 200 \(sent) \(Self.milliseconds(since: start)) ms (streamed)")
            } catch {
                log.note("\(requestLine) 200 interrupted after \(Self.milliseconds(since: start)) ms: \(error)")
                throw error
            }
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Writes the zip of `departements`' fiches and manifest; returns the bytes written.
    private func writeZip(_ region: Region, _ departements: [DepartementSummary], _ snapshot: DataSnapshot,
                          to writer: inout any ResponseBodyWriter) async throws -> Int {
        // Start every fiche at once: the pool renders them as fast as it can.
        let tasks = departements.map { d in Task { try await self.fiche(d, snapshot) } }
        var archive = ZipStream(year: snapshot.year + 1)
        var entries: [BulkManifest.Entry] = []
        for (d, task) in zip(departements, tasks) {
            let served = try await task.value
            let pdf = Data(served.bytes.readableBytesView)
            try await writer.write(ByteBuffer(bytes: archive.entry(named: served.fileName, data: pdf)))
            let inputs = InputFingerprint.sha256(of: [snapshot.dataSHA256, String(snapshot.year), snapshot.aggregates.level.rawValue, d.code])
            entries.append(BulkManifest.Entry(code: d.code, name: d.name, region: region.name, file: served.fileName,
                                              pages: served.pageCount, bytes: pdf.count, sha256: served.sha256,
                                              exportsEUR: d.exportsEUR, importsEUR: d.importsEUR, status: .rendered,
                                              error: nil, inputsSHA256: inputs))
        }
        let manifest = BulkManifest(year: snapshot.year, dataSource: snapshot.aggregates.dataset.dataSourceDescription,
                                    dataSHA256: snapshot.dataSHA256, toolVersion: configuration.toolVersion,
                                    generatedFrom: "fiche serve (GET /regions/\(region.code).zip)", fiches: entries)
        try await writer.write(ByteBuffer(bytes: archive.entry(named: BulkManifest.jsonFileName, data: try manifest.json())))
        try await writer.write(ByteBuffer(bytes: archive.entry(named: BulkManifest.csvFileName, data: Data(manifest.csv().utf8))))
        try await writer.write(ByteBuffer(bytes: archive.end()))
        try await writer.finish(nil)
        return archive.length
    }
}
