import Foundation
import LoopbackHTTP
import Synchronization

/// Requests per second and latencies of one kind of answer, `clients` keep-alive connections
/// at once: `fiche serve` and a static file server (Python's) asked for the same bytes side by
/// side, so the figures compare on one machine in one run.
enum ServeLoad {
    struct Figures {
        var requests = 0
        var failures = 0
        var seconds = 0.0
        var latencies: [Double] = []
        var bytes = 0

        /// "fiche serve, cached PDF: 3 200 req/s, p50 1.2 ms, p99 4.0 ms, 181 KB each".
        func line(_ name: String) -> String {
            let sorted = latencies.sorted()
            func pct(_ p: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] * 1000
            }
            return String(format: "%@ %6.0f req/s, p50 %5.2f ms, p99 %6.2f ms, %4.0f KB each, %d failed",
                          name.padding(toLength: 44, withPad: " ", startingAt: 0), Double(requests) / max(seconds, 1e-9),
                          pct(0.5), pct(0.99), Double(bytes) / Double(max(requests, 1)) / 1000, failures)
        }
    }

    /// `requests` GETs of `paths` (round robin) on `port`, `clients` connections at once.
    static func run(port: Int, paths: [String], headers: [String: String] = [:], clients: Int, requests: Int) -> Figures {
        let next = Mutex(0)
        let figures = Mutex(Figures())
        let group = DispatchGroup()
        let start = ContinuousClock.now
        for _ in 0..<clients {
            group.enter()
            Thread {
                defer { group.leave() }
                let client = LoopbackHTTPClient(port: port)
                while true {
                    let n: Int? = next.withLock { n in
                        guard n < requests else { return nil }
                        defer { n += 1 }
                        return n
                    }
                    guard let n else { break }
                    let t0 = ContinuousClock.now
                    let response = try? client.get(paths[n % paths.count], headers: headers)
                    let elapsed = (ContinuousClock.now - t0) / .seconds(1)
                    figures.withLock { f in
                        f.requests += 1
                        f.latencies.append(elapsed)
                        if let response, response.status == 200 { f.bytes += response.body.count } else { f.failures += 1 }
                    }
                }
            }.start()
        }
        group.wait()
        var done = figures.withLock { $0 }
        done.seconds = (ContinuousClock.now - start) / .seconds(1)
        return done
    }

    /// Python's `http.server` serving `directory` on a free loopback port, until `stop`.
    static func staticServer(directory: URL) throws -> (port: Int, process: Process) {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        close(probe)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        // HTTP/1.1, so that its connections are kept alive like the other server's.
        process.arguments = ["-c", """
            import functools, http.server, sys
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])
            handler.func.protocol_version = "HTTP/1.1"
            handler.func.log_message = lambda *a: None
            http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
            """, String(port), directory.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if (try? LoopbackHTTPClient(port: port).get("/")) != nil { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return (port, process)
    }
}
