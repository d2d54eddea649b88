import Checksums
import Fiche
import Foundation
import ProjectFiles
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Why the server cannot start.
enum ServeError: Error, CustomStringConvertible {
    case missingAsset(String)
    case invalidTemplate(String, String)
    /// The socket could not be bound (`errno` from `bind` or `listen`).
    case cannotListen(host: String, port: Int, errno: Int32)

    var description: String {
        switch self {
        case let .missingAsset(path): return "missing file: \(path)"
        case let .invalidTemplate(path, reason): return "invalid template \(path): \(reason)"
        case let .cannotListen(host, port, code):
            let place = "cannot listen on \(host.contains(":") ? "[\(host)]" : host):\(port)"
            switch code {
            case EADDRINUSE:
                return "\(place): the port is already in use (is another fiche serve running? choose another with --port)"
            case EACCES:
                return "\(place): permission denied (ports below 1024 need privileges; choose another with --port)"
            case EADDRNOTAVAIL:
                return "\(place): this machine has no such address (see --host)"
            default:
                return "\(place): \(String(cString: strerror(code)))"
            }
        }
    }
}

/// How `fiche serve` runs.
package struct ServeConfiguration: Sendable {
    var host: String
    var port: Int
    /// Files and folders whose change triggers a reload (trade data, reference tables, TI file;
    /// the renderer's files are added by the server). In a folder, only the files a load reads.
    var watchedFiles: [URL]
    var ficheOptions: FicheOptions
    /// Fiches rendered at once.
    var renderWorkers: Int
    var toolVersion: String
    /// Reads the data: the command line's own loader.
    var load: @Sendable () throws -> LoadedData
    /// The cap on connections and the time a request may take to arrive.
    var connectionLimits: ConnectionLimits
    /// How long changed files must stay unchanged before they are loaded (tests: zero).
    var settleTime: Duration = .seconds(2)

    /// `maxConnections`: nil for the most the open-file limit allows (see `maximumConnections()`).
    package init(host: String, port: Int, watchedFiles: [URL], ficheOptions: FicheOptions, renderWorkers: Int,
                 toolVersion: String, maxConnections: Int? = nil, load: @escaping @Sendable () throws -> LoadedData) {
        connectionLimits = ConnectionLimits(maxConnections: maxConnections ?? FicheServer.maximumConnections())
        self.host = host
        self.port = port
        self.watchedFiles = watchedFiles
        self.ficheOptions = ficheOptions
        self.renderWorkers = renderWorkers
        self.toolVersion = toolVersion
        self.load = load
    }
}

/// `fiche serve`: the web page of the fiches, on Hummingbird's router (see `makeRouter`).
package final class FicheServer: Sendable {
    let configuration: ServeConfiguration
    let log = ServerLog()
    let store: DataStore
    let pool: RenderPool
    let pages: WebPages
    /// The style sheet, script, icon and fonts of the pages, by path.
    let statics: [String: StaticFile]
    let fiches = SingleFlightCache<CacheKey, ServedFiche>()
    /// Département pages, built once per data snapshot: the bytes every response shares.
    let departementPages = SingleFlightCache<CacheKey, ByteBuffer>()
    /// The home page without a search, once per data snapshot (code "").
    let homePages = SingleFlightCache<CacheKey, ByteBuffer>()
    /// Compressed text answers, by validator (see `CompressionMiddleware`).
    let compressedBodies = CompressedBodies()
    /// Where heavy work waits its turn, or is refused with a 503 when too much waits.
    let lanes: WorkLanes
    let connections: ConnectionRegistry

    /// What is cached for one département of one data snapshot.
    struct CacheKey: Hashable, Sendable {
        let generation: Int
        let code: String
    }

    /// A file served as is, with its type.
    struct StaticFile: Sendable {
        let type: String
        let body: ByteBuffer
    }

    /// The most connections the open-file limit allows (raised first to its hard limit), keeping
    /// a reserve for the data files: `--max-connections`' default and ceiling.
    package static func maximumConnections() -> Int {
        ConnectionLimits.maximumConnections(descriptorLimit: ConnectionLimits.raisedDescriptorLimit())
    }

    /// Loads the data, the templates and the renderers; throws what stops the start.
    package init(_ configuration: ServeConfiguration) throws {
        self.configuration = configuration
        let assets = try configuration.ficheOptions.assetsDirectory ?? ProjectFolder.assets()
        var options = configuration.ficheOptions
        options.assetsDirectory = assets
        lanes = WorkLanes(renderWorkers: configuration.renderWorkers)
        connections = ConnectionRegistry(limits: configuration.connectionLimits)
        pool = try RenderPool(workers: configuration.renderWorkers, options: options, log: log)
        let serveAssets = assets.appendingPathComponent("serve")
        statics = try Self.staticFiles(serveAssets: serveAssets)
        pages = try WebPages(directory: serveAssets, assetVersion: Self.assetVersion(of: statics))
        let inputs = InputsOfFiches(toolVersion: configuration.toolVersion, rendererFiles: pool.inputFiles, rendererOptions: options)
        store = try DataStore(watching: configuration.watchedFiles, inputs: inputs, log: log,
                              settleTime: configuration.settleTime, load: configuration.load)
    }

    /// The page's own files, read once (a missing one stops the start). No web font: the page
    /// uses Inter where the reader has it, else the system's sans-serif (801 KB saved).
    private static func staticFiles(serveAssets: URL) throws -> [String: StaticFile] {
        var files: [String: StaticFile] = [:]
        func add(_ path: String, _ url: URL, _ type: String) throws {
            guard let data = try? Data(contentsOf: url) else { throw ServeError.missingAsset(url.path) }
            files[path] = StaticFile(type: type, body: ByteBuffer(bytes: data))
        }
        try add("/static/style.css", serveAssets.appendingPathComponent("style.css"), "text/css; charset=utf-8")
        try add("/static/search.js", serveAssets.appendingPathComponent("search.js"), "text/javascript; charset=utf-8")
        try add("/static/favicon.svg", serveAssets.appendingPathComponent("favicon.svg"), "image/svg+xml")
        return files
    }

    /// The version of the static files the pages link to (`?v=`): it changes with any of them,
    /// so they can be cached for a year (see `staticResponse`).
    static func assetVersion(of statics: [String: StaticFile]) -> String {
        var bodies = Data()
        for path in statics.keys.sorted() { bodies.append(contentsOf: statics[path]!.body.readableBytesView) }
        return String(SHA256.hex(of: bodies).prefix(12))
    }

    /// Serves until SIGINT or SIGTERM; `ready` gets the bound address ("127.0.0.1:8080").
    package func run(ready: @escaping @Sendable (String) -> Void) async throws {
        let snapshot = store.snapshot
        store.watch(every: .seconds(1))
        let limits = configuration.connectionLimits
        let serving = "serving year \(snapshot.year)\(snapshot.isDemo ? " (synthetic demo data)" : ""), \(snapshot.departements.count) départements, \(configuration.renderWorkers) render workers, at most \(limits.maxConnections) connections"
        var logger = Logger(label: "fiche-serve")
        logger.logLevel = .warning
        let connections = self.connections
        let app = Application(
            router: makeRouter(),
            server: HTTPServerBuilder { responder in GuardedHTTP1Channel(base: HTTP1Channel(responder: responder), registry: connections) },
            // Past the cap and its refusals, new connections wait in the listen queue (the
            // descriptors left are the data files' and the renderers').
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil, backlog: 1024,
                                 availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections + limits.refusals + 16)),
            onServerRunning: { [log] channel in
                log.note(serving)  // once listening: a port in use ends the run before this
                let address = channel.localAddress
                ready("\(address?.ipAddress ?? "?"):\(address?.port ?? 0)")
            },
            logger: logger
        )
        // The pages of each data version, built in the background (`warmPagesOfEachDataVersion`).
        let warming = Task.detached(priority: .background) { await self.warmPagesOfEachDataVersion() }
        defer { warming.cancel() }
        do {
            try await app.runService()
        } catch let error as IOError where "\(error)".contains("bind(") || "\(error)".contains("listen(") {
            throw ServeError.cannotListen(host: configuration.host, port: configuration.port, errno: error.errnoCode)
        }
        log.note("stopped")
    }

    /// Every route and the middleware around them. Middleware comes first: a router applies
    /// it only to the routes added after it (and to its not-found answer).
    func makeRouter() -> Router<FicheRequestContext> {
        // HEAD is answered as GET without the body (Hummingbird generates those endpoints).
        let router = Router(context: FicheRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestLogMiddleware(log: log))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: CompressionMiddleware(bodies: compressedBodies))
        router.add(middleware: SnapshotMiddleware(store: store))
        router.add(middleware: ErrorPageMiddleware(pages: pages, log: log))
        router.add(middleware: RequestGuardMiddleware())

        router.get("/") { request, context in try await self.homePage(request, context) }
        for (path, file) in statics {
            router.get(RouterPath(path)) { [version = pages.assetVersion] request, _ in
                Self.staticResponse(file, immutable: request.uri.queryParameters.get("v") == version)
            }
        }
        router.get("/departements") { request, context in
            try await self.lanes.searches.run { try await offThread { try self.comparisonPage(request, context) } }
        }
        router.get("/departements/:code") { _, context in try await self.departementPage(context) }
        router.get("/fiches/{code}.pdf") { request, context in try await self.fichePDF(request, context) }
        router.get("/regions/{code}.zip") { _, context in try self.regionZip(context) }
        router.get("/regions/{code}.pdf") { request, context in try await self.regionPDF(request, context) }
        router.get("/regions/:code") { _, context in try await self.regionPage(context) }
        router.get("/api/departements.json") { _, context in
            try await self.lanes.api.run { try await offThread { try self.departementList(context) } }
        }
        router.get("/api/departements/{code}.json") { _, context in
            try await self.lanes.api.run { try await offThread { try self.departementJSON(context) } }
        }
        return router
    }
}
