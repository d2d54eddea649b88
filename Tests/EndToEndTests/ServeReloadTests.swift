import Foundation
import Synchronization
@testable import TestScratch
import Testing

/// Data changing under a running `fiche serve` the way people change it: rewritten in place,
/// truncated, copied slowly; and its clean stop.
@Suite struct ServeReloadTests {
    /// Polls `condition` until it holds or `seconds` pass (generous: machines are noisy).
    static func eventually(within seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return try condition()
    }

    /// The sum of the départements' exports served (`/api/departements.json`).
    static func servedExports(_ server: ServedTool) throws -> Int64? {
        let json = try JSONSerialization.jsonObject(with: try server.get("/api/departements.json").body) as? [String: Any]
        let rows = json?["departements"] as? [[String: Any]] ?? []
        return rows.isEmpty ? nil : rows.reduce(0) { $0 + ((($1["exports_eur"] as? NSNumber)?.int64Value) ?? 0) }
    }

    /// The small year with every amount times `factor`, repeated `copies` times (a bigger file
    /// takes longer to read, so that rewrites fall during reads).
    static func version(_ original: String, factor: Int, copies: Int = 1) -> Data {
        let lines = original.split(separator: "\n").map { line -> String in
            var fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            fields[8] = String(Int(fields[8])! * factor)
            return fields.joined(separator: ";")
        }.joined(separator: "\n") + "\n"
        return Data(String(repeating: lines, count: copies).utf8)
    }

    /// Rewrites `url` in place (same file, as `cp new old` does), in pieces.
    static func rewriteInPlace(_ url: URL, with data: Data, pieces: Int = 1, pause: Double = 0) throws {
        let handle = try FileHandle(forUpdating: url)
        try handle.truncate(atOffset: 0)
        let size = (data.count + pieces - 1) / pieces
        for start in stride(from: 0, to: data.count, by: size) {
            try handle.write(contentsOf: data[start..<min(start + size, data.count)])
            if pause > 0 { Thread.sleep(forTimeInterval: pause) }
        }
        try handle.close()
    }

    @Test func newDataIsServedAndABadFileNeverReplacesGoodData() throws {
        let data = FicheTool.temporaryDirectory()
        let file = try SmallTradeData.write(into: data)
        let server = try ServedTool.start(["--data", data.path])
        let before = try #require(try Self.servedExports(server))
        let loadedBefore = try server.get("/").body

        // New figures: every amount doubled (same lines, same quarters).
        let doubled = Self.version(try String(contentsOf: file, encoding: .utf8), factor: 2)
        try doubled.write(to: file, options: .atomic)
        #expect(try Self.eventually { try Self.servedExports(server) == before * 2 })
        #expect(try server.get("/").body != loadedBefore, "the page says when the data was loaded")

        // A half-copied file: cut in the middle of a line. The doubled figures stay.
        try doubled.prefix(doubled.count / 2).write(to: file, options: .atomic)
        #expect(Self.eventually { server.logText().contains("still serving the data loaded at") }, "\(server.logText())")
        #expect(try Self.servedExports(server) == before * 2)
        #expect(try server.get("/fiches/95.pdf").status == 200)

        // Clean stop on SIGTERM.
        #expect(server.stop() == 0)
        #expect(server.logText().contains("stopped"))
    }

    /// The SIGBUS and stale figures: in-place copies, truncations mid-read and failed
    /// loads, with requests running. The server stays up, always serves one whole version, and
    /// ends serving the last one written.
    @Test func inPlaceCopiesAndTruncationsWhileRequestsRunEndWithTheLastVersionServed() throws {
        let data = FicheTool.temporaryDirectory()
        let file = try SmallTradeData.write(into: data)
        let original = try String(contentsOf: file, encoding: .utf8)
        let versions = [Self.version(original, factor: 1, copies: 60), Self.version(original, factor: 3, copies: 60)]
        try versions[0].write(to: file)
        let server = try ServedTool.start(["--data", data.path])
        let totalA = try #require(try Self.servedExports(server))
        let seen = Mutex<Set<Int64>>([]), failures = Mutex(0), stop = Mutex(false)
        let requests = Thread {
            while !stop.withLock({ $0 }) {
                if let total = try? Self.servedExports(server) { seen.withLock { _ = $0.insert(total) } } else { failures.withLock { $0 += 1 } }
            }
        }
        requests.start()
        for round in 0..<12 {
            let next = versions[(round + 1) % 2]
            switch round % 3 {
            case 0: try Self.rewriteInPlace(file, with: next, pieces: 8, pause: 0.02)
            case 1:  // truncated while (perhaps) being read, then completed
                try Self.rewriteInPlace(file, with: next.prefix(next.count / 3))
                Thread.sleep(forTimeInterval: 0.3)
                try Self.rewriteInPlace(file, with: next)
            default:  // cut inside the last field, left so long enough to be scanned, then completed
                try Self.rewriteInPlace(file, with: next.dropLast(3))
                Thread.sleep(forTimeInterval: 1.5)
                try Self.rewriteInPlace(file, with: next)
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        // Twelve rounds end on version A again; B last, to see it served.
        try Self.rewriteInPlace(file, with: versions[1])
        let totalB = totalA * 3
        #expect(try Self.eventually { try Self.servedExports(server) == totalB }, "\(server.logText().suffix(3000))")
        stop.withLock { $0 = true }
        while requests.isExecuting { Thread.sleep(forTimeInterval: 0.05) }
        #expect(server.process.withLock { $0?.isRunning } == true, "the server is alive")
        #expect(seen.withLock { $0.subtracting([totalA, totalB]) }.isEmpty, "only whole versions served")
        #expect(failures.withLock { $0 } == 0)
        #expect(server.stop() == 0)
    }

    @Test func aStalledCopyIsNeverServedAndTheCompletedOneIs() throws {
        let data = FicheTool.temporaryDirectory()
        let file = try SmallTradeData.write(into: data)
        let server = try ServedTool.start(["--data", data.path])
        let before = try #require(try Self.servedExports(server))
        let next = Self.version(try String(contentsOf: file, encoding: .utf8), factor: 5)
        // Half the new file written at a line end, the writer holding it open (a stalled `cp`).
        let half = next.prefix(through: next[..<(next.count / 2)].lastIndex(of: 0x0A)!)
        let writer = try FileHandle(forUpdating: file)
        try writer.truncate(atOffset: 0)
        try writer.write(contentsOf: half)
        #expect(Self.eventually { server.logText().contains("is open for writing (still being copied?)") }, "\(server.logText())")
        Thread.sleep(forTimeInterval: 2)
        #expect(try Self.servedExports(server) == before)
        try writer.write(contentsOf: next[half.endIndex...])
        try writer.close()
        #expect(try Self.eventually(within: 20) { try Self.servedExports(server) == before * 5 }, "\(server.logText())")
        #expect(server.stop() == 0)
    }

    @Test func aReferenceTableBesideADataFileIsWatched() throws {
        let data = FicheTool.temporaryDirectory()
        let file = try SmallTradeData.write(into: data)
        let douane = FicheTool.repositoryRoot.appendingPathComponent("assets/reference/douane")
        for name in ["Libelle_A129.txt", "Libelle_CPF4_rev2.1.txt", "Libelle_PAYS.txt", "Departement_region.txt"] {
            try FileManager.default.copyItem(at: douane.appendingPathComponent(name), to: data.appendingPathComponent(name))
        }
        let server = try ServedTool.start(["--data", file.path])
        func region(of code: String) throws -> String? {
            let json = try JSONSerialization.jsonObject(with: try server.get("/api/departements.json").body) as? [String: Any]
            return (json?["departements"] as? [[String: Any]])?.first { $0["code"] as? String == code }?["region"] as? String
        }
        let before = try #require(try region(of: "95")), marseille = try #require(try region(of: "13"))
        #expect(before != marseille)
        // Val-d'Oise moved to Bouches-du-Rhône's customs region (21) in the table beside the data file.
        let table = data.appendingPathComponent("Departement_region.txt")
        let edited = try String(contentsOf: table, encoding: .utf8).replacingOccurrences(of: "95;Val-d'Oise;03;", with: "95;Val-d'Oise;21;")
        try Self.rewriteInPlace(table, with: Data(edited.utf8))
        #expect(try Self.eventually { try region(of: "95") == marseille }, "\(server.logText())")
        #expect(server.stop() == 0)
    }
}
