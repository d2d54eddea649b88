@testable import LoopbackHTTP
import Foundation
import Synchronization
import Testing

/// A TCP connection to the server that sends what the test says, byte by byte if need be.
final class RawConnection {
    let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard socket >= 0, result == 0 else {
            close(socket)
            throw LoopbackHTTPClient.ClientError.connect(String(cString: strerror(errno)))
        }
    }

    deinit { close(socket) }

    /// Sends `text`; false if the server has closed the connection.
    func send(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == text.utf8.count
    }

    /// Whether the server has closed the connection (end of stream or reset), waiting up to `seconds`.
    func isClosed(within seconds: Double) -> Bool {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(seconds * 1000)) > 0 else { return false }
        var byte: UInt8 = 0
        return recv(socket, &byte, 1, Int32(MSG_DONTWAIT)) <= 0
    }
}

/// `fiche serve` against connections held open and floods, each test with a server of its own.
@Suite struct ServeLimitsTests {
    /// A new client's request, with a generous deadline (a server that cannot answer fails the
    /// test instead of hanging it).
    static func newClient(_ server: ServedTool, _ path: String = "/") throws -> LoopbackHTTPClient.Response {
        try LoopbackHTTPClient(port: server.port, timeout: .seconds(60)).get(path)
    }

    /// The 20 000 idle connections, scaled down: more idle connections than the server's
    /// open-file limit. They used to take every descriptor, and new clients waited for as long as
    /// they were held.
    @Test func idleConnectionsPastTheOpenFileLimitDoNotStopANewClient() throws {
        let server = try ServedTool.start(openFileLimit: 400)
        defer { _ = server.stop() }
        let idle = try (0..<500).map { _ in try RawConnection(port: server.port) }
        let response = try Self.newClient(server)
        #expect(response.status == 200)
        #expect(try Self.newClient(server, "/departements/95").status == 200)
        #expect(idle.contains { $0.isClosed(within: 1) }, "idle connections were closed to make room")
    }

    @Test func idleConnectionsAboveMaxConnectionsDoNotStopANewClient() throws {
        let server = try ServedTool.start(["--max-connections", "100"])
        defer { _ = server.stop() }
        #expect(server.logText().contains("at most 100 connections"))
        let idle = try (0..<200).map { _ in try RawConnection(port: server.port) }
        #expect(try Self.newClient(server).status == 200)
        // The cap holds: the connections idle the longest were closed for the newer ones.
        let closed = idle.filter { $0.isClosed(within: 0.05) }.count
        #expect(closed >= 100, "\(closed) of 200 idle connections closed")
    }

    @Test func aConnectionThatSendsNothingIsClosedByTheServer() throws {
        let server = try ServedTool.start()
        defer { _ = server.stop() }
        let silent = try RawConnection(port: server.port)
        #expect(!silent.isClosed(within: 2), "a client gets a few seconds to send its request")
        #expect(silent.isClosed(within: 40), "closed after the request timeout (10 s)")
    }

    @Test func aHeaderSentAByteEverySecondIsCut() throws {
        let server = try ServedTool.start()
        defer { _ = server.stop() }
        let slow = try RawConnection(port: server.port)
        #expect(slow.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"))
        let start = ContinuousClock.now
        var cut = false
        while ContinuousClock.now - start < .seconds(40) {
            if slow.isClosed(within: 1) || !slow.send("X") {
                cut = true
                break
            }
        }
        #expect(cut, "a header that never ends is cut by the request deadline, however steadily its bytes come")
        #expect(try Self.newClient(server).status == 200)
    }

    @Test(arguments: [["--max-connections", "0"], ["--max-connections", "100000000"]])
    func anImpossibleMaxConnectionsIsAUsageError(arguments: [String]) throws {
        let result = try FicheTool.run(["serve", "--port", "0"] + arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--max-connections"), "\(result.stderr)")
    }

    /// The server's resident memory, in MB (VmRSS of /proc/PID/status).
    static func residentMegabytes(_ server: ServedTool) -> Int? {
        guard let pid = server.process.withLock({ $0?.processIdentifier }),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        return kilobytes / 1024
    }

    /// The page flood, scaled down: 600 requests for one département page from 150
    /// clients at once, while another client asks for a fiche not rendered yet and the home page.
    @Test func aFloodOfOnePageLeavesOtherClientsServedAndMemoryBounded() throws {
        let server = try ServedTool.start()
        defer { _ = server.stop() }
        #expect(try Self.newClient(server).status == 200)
        let before = try #require(Self.residentMegabytes(server))

        let outcomes = Mutex<[String: Int]>([:])
        let done = DispatchGroup()
        for _ in 0..<150 {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                let client = LoopbackHTTPClient(port: server.port, timeout: .seconds(120))
                for _ in 0..<4 {
                    let outcome = (try? client.get("/departements/95")).map { "\($0.status)" } ?? "no answer"
                    outcomes.withLock { $0[outcome, default: 0] += 1 }
                }
            }
            thread.start()
        }
        let pdf = try Self.newClient(server, "/fiches/13.pdf")
        let home = try Self.newClient(server)
        done.wait()
        #expect(pdf.status == 200 && pdf.body.starts(with: Data("%PDF".utf8)), "another client's fiche is rendered during the flood")
        #expect(home.status == 200)
        let seen = outcomes.withLock { $0 }
        #expect(seen.keys.allSatisfy { $0 == "200" || $0 == "503" }, "every flood request answered with the page or a 503: \(seen)")
        #expect(seen.values.reduce(0, +) == 600)
        let after = try #require(Self.residentMegabytes(server))
        #expect(after < before + 250, "resident memory \(before) MB before the flood, \(after) MB after")
        #expect(try Self.newClient(server, "/departements/95").status == 200)
    }
}
