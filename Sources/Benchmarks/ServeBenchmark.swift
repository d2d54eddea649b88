import Checksums
import Foundation
import Synchronization

/// The load test of `fiche serve` on loopback: concurrent clients fetch every fiche twice, a
/// first time (each fiche rendered on demand) then a second time (from the server's cache).
/// Every response is checked: status 200, the whole body, a PDF, its ETag the SHA-256 of
/// its bytes, the same bytes both times.
package enum ServeBenchmark {
    package struct Pass {
        package var latencies: [Double] = []
        package var seconds = 0.0
        package var bytes = 0
        package var failures: [String] = []
    }

    package struct Result {
        package var cold = Pass()
        package var cached = Pass()
        package var fiches = 0
        package var clients = 0

        package var summary: String {
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

    /// Fetches `/fiches/CODE.pdf` for every code, `clients` at a time, twice.
    package static func run(port: Int, codes: [String], clients: Int) -> Result {
        var result = Result()
        result.fiches = codes.count
        result.clients = clients
        let firstHashes = Mutex<[String: String]>([:])
        func pass(expecting: [String: String]?) -> Pass {
            let next = Mutex(0)
            let outcome = Mutex(Pass())
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: clients) { _ in
                let client = LoopbackHTTPClient(port: port)
                while true {
                    let index: Int? = next.withLock { n in
                        guard n < codes.count else { return nil }
                        defer { n += 1 }
                        return n
                    }
                    guard let index else { break }
                    let code = codes[index]
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    let failure: String?
                    var bytes = 0
                    do {
                        let response = try client.get("/fiches/\(code).pdf")
                        bytes = response.body.count
                        let hash = SHA256.hex(of: response.body)
                        if response.status != 200 {
                            failure = "\(code): status \(response.status)"
                        } else if !response.body.starts(with: Data("%PDF-".utf8)) || !String(decoding: response.body.suffix(8), as: UTF8.self).contains("%%EOF") {
                            failure = "\(code): not a complete PDF"
                        } else if response.headers["etag"] != "\"\(hash.prefix(40))\"" {
                            failure = "\(code): ETag \(response.headers["etag"] ?? "none") is not the body's SHA-256"
                        } else if let expecting, expecting[code] != hash {
                            failure = "\(code): cached bytes differ from the first response"
                        } else {
                            failure = nil
                            if expecting == nil { firstHashes.withLock { $0[code] = hash } }
                        }
                    } catch {
                        failure = "\(code): \(error)"
                    }
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                    outcome.withLock { pass in
                        pass.latencies.append(seconds)
                        pass.bytes += bytes
                        if let failure { pass.failures.append(failure) }
                    }
                }
            }
            var done = outcome.withLock { $0 }
            done.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return done
        }
        result.cold = pass(expecting: nil)
        result.cached = pass(expecting: firstHashes.withLock { $0 })
        return result
    }
}
