import Checksums
import Foundation
import LoopbackHTTP
import Synchronization

/// The load test of `fiche serve` on loopback: concurrent clients fetch every fiche twice, a
/// first time (each fiche rendered on demand) then a second time (from the server's cache).
/// Every response is checked: status 200, the whole body, a PDF, its ETag the SHA-256 of
/// its bytes, the same bytes both times.
enum ServeBenchmark {
    struct Pass {
        var latencies: [Double] = []
        var seconds = 0.0
        var bytes = 0
        var failures: [String] = []
    }

    struct Result {
        var cold = Pass()
        var cached = Pass()
        var fiches = 0
        var clients = 0

        var summary: String {
            func line(_ name: String, _ pass: Pass) -> String {
                let sorted = pass.latencies.sorted()
                func pct(_ p: Double) -> Double {
                    sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] * 1000
                }
                return String(format: "%@: %d responses, %d failed, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.1f s in all, %.0f MB",
                              name, pass.latencies.count, pass.failures.count, pct(0.5), pct(0.99), (sorted.last ?? 0) * 1000,
                              pass.seconds, Double(pass.bytes) / 1e6)
            }
            var lines = ["\(fiches) fiches, \(clients) concurrent clients, each fiche fetched twice",
                         line("cold (rendered on demand)", cold), line("cached                   ", cached)]
            for failure in (cold.failures + cached.failures).prefix(10) { lines.append("  failure: \(failure)") }
            return lines.joined(separator: "\n")
        }
    }

    /// What the client threads of one pass share.
    private final class PassState: Sendable {
        let next = Mutex(0)
        let outcome = Mutex(Pass())
        /// The responses, checked once the pass is over (so that checking does not take CPU
        /// time from the server while it is being measured).
        let responses = Mutex<[(code: String, response: LoopbackHTTPClient.Response)]>([])
    }

    /// Fetches `/fiches/CODE.pdf` for every code, `clients` at a time, twice.
    static func run(port: Int, codes: [String], clients: Int) -> Result {
        var result = Result()
        result.fiches = codes.count
        result.clients = clients
        let cold = pass(port: port, codes: codes, clients: clients, expecting: nil)
        result.cold = cold.pass
        result.cached = pass(port: port, codes: codes, clients: clients, expecting: cold.hashes).pass
        return result
    }

    /// One pass over every code; with `expecting`, each body must have the hash given.
    private static func pass(port: Int, codes: [String], clients: Int,
                             expecting: [String: String]?) -> (pass: Pass, hashes: [String: String]) {
        let state = PassState()
        let start = ContinuousClock.now
        // One thread per client (not concurrentPerform, which runs only as many at once as
        // there are cores): `clients` requests really are in flight together.
        let group = DispatchGroup()
        for _ in 0..<clients {
            group.enter()
            Thread {
                defer { group.leave() }
                fetch(port: port, codes: codes, state: state, expecting: expecting)
            }.start()
        }
        group.wait()
        var done = state.outcome.withLock { $0 }
        done.seconds = (ContinuousClock.now - start) / .seconds(1)
        var hashes: [String: String] = [:]
        for (code, response) in state.responses.withLock({ $0 }) {
            let hash = SHA256.hex(of: response.body)
            if response.status != 200 {
                done.failures.append("\(code): status \(response.status)")
            } else if !response.body.starts(with: Data("%PDF-".utf8)) || !String(decoding: response.body.suffix(8), as: UTF8.self).contains("%%EOF") {
                done.failures.append("\(code): not a complete PDF")
            } else if response.headers["content-length"] != String(response.body.count) {
                done.failures.append("\(code): body of \(response.body.count) bytes, Content-Length \(response.headers["content-length"] ?? "none")")
            } else if response.headers["etag"] != "\"\(hash.prefix(40))\"" {
                done.failures.append("\(code): ETag \(response.headers["etag"] ?? "none") is not the body's SHA-256")
            } else if let expecting, expecting[code] != hash {
                done.failures.append("\(code): cached bytes differ from the first response")
            }
            hashes[code] = hash
        }
        let missing = Set(codes).subtracting(hashes.keys)
        if !missing.isEmpty { done.failures.append("no response for \(missing.sorted().joined(separator: ", "))") }
        return (done, hashes)
    }

    /// One client: takes the next code until there are none, checks and times each response.
    private static func fetch(port: Int, codes: [String], state: PassState, expecting: [String: String]?) {
        let client = LoopbackHTTPClient(port: port)
        while true {
            let index: Int? = state.next.withLock { n in
                guard n < codes.count else { return nil }
                defer { n += 1 }
                return n
            }
            guard let index else { break }
            let code = codes[index]
            let t0 = ContinuousClock.now
            do {
                let response = try client.get("/fiches/\(code).pdf")
                let t1 = ContinuousClock.now
                state.outcome.withLock { pass in
                    pass.latencies.append((t1 - t0) / .seconds(1))
                    pass.bytes += response.body.count
                }
                state.responses.withLock { $0.append((code, response)) }
            } catch {
                state.outcome.withLock { $0.failures.append("\(code): \(error)") }
            }
        }
    }
}
