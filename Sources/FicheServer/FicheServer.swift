import Fiche
import Foundation
import ProjectFiles
import Hummingbird
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
    let charts = SingleFlightCache<CacheKey, [WebChart]>()

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

    /// Loads the data, the templates and the renderers; throws what stops the start.
    package init(_ configuration: ServeConfiguration) throws {
        self.configuration = configuration
        let assets = try configuration.ficheOptions.assetsDirectory ?? ProjectFolder.assets()
        var options = configuration.ficheOptions
        options.assetsDirectory = assets
        pool = try RenderPool(workers: configuration.renderWorkers, options: options, log: log)
        let serveAssets = assets.appendingPathComponent("serve")
        pages = try WebPages(directory: serveAssets)
        statics = try Self.staticFiles(serveAssets: serveAssets, fonts: ProjectFolder.fonts(besideAssets: assets))
        let inputs = InputsOfFiches(toolVersion: configuration.toolVersion, rendererFiles: pool.inputFiles, rendererOptions: options)
        store = try DataStore(watching: configuration.watchedFiles, inputs: inputs, log: log, load: configuration.load)
    }

    /// The page's own files, read once (a missing one stops the start).
    private static func staticFiles(serveAssets: URL, fonts: URL) throws -> [String: StaticFile] {
        var files: [String: StaticFile] = [:]
        func add(_ path: String, _ url: URL, _ type: String) throws {
            guard let data = try? Data(contentsOf: url) else { throw ServeError.missingAsset(url.path) }
            files[path] = StaticFile(type: type, body: ByteBuffer(bytes: data))
        }
        try add("/static/style.css", serveAssets.appendingPathComponent("style.css"), "text/css; charset=utf-8")
        try add("/static/search.js", serveAssets.appendingPathComponent("search.js"), "text/javascript; charset=utf-8")
        try add("/static/favicon.svg", serveAssets.appendingPathComponent("favicon.svg"), "image/svg+xml")
        // The bundled Inter, the font the fiches use (never Marianne, whose licence is the State's own).
        for face in ["Regular", "Italic", "SemiBold", "Bold"] {
            try add("/static/fonts/Inter-\(face).otf", fonts.appendingPathComponent("Inter-\(face).otf"), "font/otf")
        }
        return files
    }

    /// Serves until SIGINT or SIGTERM; `ready` gets the bound address ("127.0.0.1:8080").
    package func run(ready: @escaping @Sendable (String) -> Void) async throws {
        let snapshot = store.snapshot
        store.watch(every: .seconds(1))
        let serving = "serving year \(snapshot.year)\(snapshot.isDemo ? " (synthetic demo data)" : ""), \(snapshot.departements.count) départements, \(configuration.renderWorkers) render workers"
        var logger = Logger(label: "fiche-serve")
        logger.logLevel = .warning
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { [log] channel in
                log.note(serving)  // once listening: a port in use ends the run before this
                let address = channel.localAddress
                ready("\(address?.ipAddress ?? "?"):\(address?.port ?? 0)")
            },
            logger: logger
        )
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
        router.add(middleware: SnapshotMiddleware(store: store))
        router.add(middleware: ErrorPageMiddleware(pages: pages, log: log))
        router.add(middleware: RequestGuardMiddleware())

        router.get("/") { request, context in try self.home(request, context) }
        for (path, file) in statics {
            router.get(RouterPath(path)) { _, _ in Self.staticResponse(file) }
        }
        router.get("/departements/:code") { _, context in try await self.departementPage(context) }
        router.get("/fiches/{code}.pdf") { request, context in try await self.fichePDF(request, context) }
        router.get("/regions/{code}.zip") { _, context in try self.regionZip(context) }
        router.get("/api/departements.json") { _, context in try self.departementList(context) }
        router.get("/api/departements/{code}.json") { _, context in try self.departementJSON(context) }
        return router
    }
}
