import ArgumentParser
import FicheCommandLine
import LoopbackHTTP
import Foundation

/// `fiche-bench serve`: the load test of `fiche serve` on loopback.
struct ServeBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Load test of `fiche serve`: concurrent clients fetch every fiche twice (rendered, then cached).",
        discussion: """
        Starts `fiche serve --port 0` (this same executable) on loopback, fetches every \
        département's fiche with N concurrent clients, a first time (rendered on demand) and a \
        second time (from the server's cache), checks every response (status, whole PDF, ETag = \
        SHA-256 of the bytes, same bytes both times) and prints p50/p99 latencies and the \
        server's peak memory. Use the release build.
        """)

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: "Concurrent clients.")
    var clients = 8

    @Option(name: .shortAndLong, help: "The server's render workers (default: one per core).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Requests per kind of answer in the side-by-side comparison.")
    var requests = 2_000

    /// The cached PDF, a département's page and the home page from `fiche serve`, then the same
    /// bytes from Python's static file server, `clients` connections at once.
    func compareWithStaticServer(port: Int, codes: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fiche-bench-static-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let client = LoopbackHTTPClient(port: port)
        let pages = ["/departements/95": "departement-95.html", "/": "index.html"]
        for (path, file) in pages { try client.get(path).body.write(to: folder.appendingPathComponent(file)) }
        for code in codes.prefix(20) { try client.get("/fiches/\(code).pdf").body.write(to: folder.appendingPathComponent("\(code).pdf")) }
        let pdfs = codes.prefix(20).map { "/fiches/\($0).pdf" }
        let (staticPort, python) = try ServeLoad.staticServer(directory: folder)
        defer { python.terminate(); python.waitUntilExit() }
        let browser = ["Accept-Encoding": "gzip, deflate, br"]
        print("side by side, \(clients) keep-alive connections, \(requests) requests each:")
        for (name, paths, headers) in [("fiche serve, cached PDF", pdfs, [:]), ("fiche serve, département page (br)", ["/departements/95"], browser),
                                       ("fiche serve, département page (plain)", ["/departements/95"], [:]), ("fiche serve, home page (br)", ["/"], browser)] {
            print(ServeLoad.run(port: port, paths: paths, headers: headers, clients: clients, requests: requests).line(name))
        }
        for (name, paths) in [("python http.server, same PDFs", codes.prefix(20).map { "/\($0).pdf" }),
                              ("python http.server, same page", ["/departement-95.html"]), ("python http.server, same home", ["/index.html"])] {
            print(ServeLoad.run(port: staticPort, paths: paths, clients: clients, requests: requests).line(name))
        }
    }

    func run() throws {
        try reportingErrors {
            let server = Process()
            server.executableURL = URL(fileURLWithPath: try FicheExecutable.path())
            var arguments = ["serve", "--port", "0", "--jobs", String(jobs)]
            for path in dataOptions.data { arguments += ["--data", path] }
            if let dir = dataOptions.referenceDir { arguments += ["--reference-dir", dir] }
            server.arguments = arguments
            let out = Pipe()
            server.standardOutput = out
            server.standardError = FileHandle.nullDevice
            let started = ContinuousClock.now
            try server.run()
            defer {
                if server.isRunning { server.terminate() }
                server.waitUntilExit()
            }
            // "listening on http://127.0.0.1:PORT/"
            var line = Data()
            while !line.contains(0x0A) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { throw ValidationError("the server stopped before listening") }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let portText = text.split(separator: ":").last?.split(separator: "/").first, let port = Int(portText) else {
                throw ValidationError("unexpected first line from the server: \(text)")
            }
            printNote(String(format: "server ready in %.1f s on port %d (%d render workers)", (ContinuousClock.now - started) / .seconds(1), port, jobs))
            let list = try LoopbackHTTPClient(port: port).get("/api/departements.json")
            struct List: Decodable { struct Row: Decodable { let code: String }; let departements: [Row] }
            let codes = try JSONDecoder().decode(List.self, from: list.body).departements.map(\.code)
            let result = ServeBenchmark.run(port: port, codes: codes, clients: clients)
            print(result.summary)
            try compareWithStaticServer(port: port, codes: codes)
            let status = (try? String(contentsOfFile: "/proc/\(server.processIdentifier)/status", encoding: .utf8)) ?? ""
            let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }?
                .split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) } ?? 0
            print(String(format: "server peak memory (VmHWM): %.0f MB", peak / 1024))
            if !(result.cold.failures.isEmpty && result.cached.failures.isEmpty) { throw ExitCode(1) }
        }
    }
}
