import ArgumentParser
import FicheCommandLine
import Fiche
import FicheServer
import Foundation
import ProjectFiles
import TradeData

/// `fiche serve`: the web page of the fiches for the territorial teams.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the fiches on a web page: every département, its figures and charts, its PDF on demand.",
        discussion: """
        An HTTP server (Hummingbird) on 127.0.0.1:8080 by default. GET / lists the départements \
        by region with a search field; /departements/<code> shows a département's figures and charts; \
        /fiches/<code>.pdf is the fiche, byte-identical to `fiche render <code>` on the same data \
        (rendered on the first request, then kept); /regions/<code>.zip packs a region's fiches with \
        their manifest; /api/departements/<code>.json is what `fiche inspect --json` prints. \
        The data is read again within seconds of its files (reference tables, Territoires d'industrie \
        file, templates and fonts too) changing on disk; a file still being copied, cut, unreadable or \
        losing figures leaves the previous data in service (the log says why). When ready, prints `listening on http://HOST:PORT/` \
        on standard output. Stops on Ctrl-C or SIGTERM. For a team: `--host 0.0.0.0` behind the \
        team's reverse proxy (see README).

        Limits: a connection must send its whole request within 10 s of opening (30 s between \
        requests on a kept-alive one), or it is closed; a slow answer (a region zip) is cut only if \
        the client reads none of it for 60 s. \
        Past --max-connections, a new client closes the connection idle the longest, or gets a \
        503 when all are busy. Pages, fiches and searches waiting to be made are bounded too: \
        past that, a French 503 page with Retry-After.
        """)

    @Option(name: .long, help: "Address to listen on (0.0.0.0: every interface, e.g. behind a reverse proxy).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0: any free port, printed when ready).")
    var port = 8080

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var figureOptions: FigureOptions
    @OptionGroup var territoryOptions: TerritoryOptions

    @Option(name: .long, help: ArgumentHelp("Font folder (default: the bundled fonts/).", valueName: "dir"))
    var fontDir: String?

    @Option(name: .shortAndLong, help: "Fiches rendered at once (default: one per core).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: ArgumentHelp(
        "Connections held at once (default: as many as the open-file limit allows, keeping a reserve for the data files).",
        valueName: "n"))
    var maxConnections: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let maxConnections {
            guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
            let allowed = FicheServer.maximumConnections()
            guard maxConnections <= allowed else {
                throw ValidationError("--max-connections \(maxConnections) is more than the open-file limit allows: at most \(allowed) (raise it with `ulimit -n`)")
            }
        }
        try checkPathOptions([("--font-dir", fontDir)])
    }

    /// What a load reads: the data paths; beside a data file, the reference tables and
    /// Territoires d'industrie file a load would find there (in a data folder, every file a load
    /// reads is watched); the reference folder and the TI file given.
    func watchedFiles() throws -> [URL] {
        var watched = try dataOptions.data.isEmpty ? [DemoYear.cachedDirectory()] : dataOptions.data.map { URL(fileURLWithPath: $0) }
        for url in watched where (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true {
            let folder = url.deletingLastPathComponent()
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            // The names `TerritoryOptions.resolvedFile` looks for.
            let territories = names.filter { name in
                let lower = name.lowercased()
                return lower.hasSuffix(".csv") && lower.contains("territoires") && lower.contains("industrie")
            }
            for name in ReferenceTables.publishedFileNames + territories.sorted() {
                let beside = folder.appendingPathComponent(name)
                if !watched.contains(beside) { watched.append(beside) }
            }
        }
        if let dir = dataOptions.referenceDir { watched.append(URL(fileURLWithPath: dir)) }
        if let ti = territoryOptions.tiFile { watched.append(URL(fileURLWithPath: ti)) }
        return watched
    }

    func run() async throws {
        // Said in plain words (Foundation's file errors too), exit status 1.
        let server = try reportingErrors { () throws -> FicheServer in
            let (dataOptions, figureOptions, territoryOptions) = (self.dataOptions, self.figureOptions, self.territoryOptions)
            // Reads as `fiche render` does (same defaults, same notes on standard error).
            let load: @Sendable () throws -> LoadedData = {
                let dataset = try dataOptions.loadDataset(fingerprinted: true)
                let aggregates = try figureOptions.aggregate(dataset)
                return LoadedData(aggregates: aggregates, territories: try territoryOptions.load(for: dataset),
                                  territoriesFile: territoryOptions.resolvedFile(for: dataset))
            }
            let watched = try watchedFiles()
            return try FicheServer(ServeConfiguration(
                host: host, port: port, watchedFiles: watched,
                ficheOptions: FicheOptions(fontDirectory: fontDir.map { URL(fileURLWithPath: $0) }),
                renderWorkers: jobs, toolVersion: ToolInfo.version,
                maxConnections: maxConnections, load: load))
        }
        do {
            try await server.run { address in
                // The line tests and scripts wait for; flushed at once.
                let line = Data("listening on http://\(address)/\n".utf8)
                line.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            }
        } catch {
            // Said in plain words (Foundation's file errors too), exit status 1.
            try reportingErrors { throw error }
        }
    }
}
