@testable import Fiche
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization
import Testing
@testable import FicheServer

/// A flood of one route: pages built once per data snapshot and shared, heavy work in bounded
/// lanes, a French 503 beyond them.
@Suite struct FloodTests {
    /// A gate the tests open when they choose.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
        func wait() async {
            await withCheckedContinuation { continuation in
                let open = state.withLock { state in
                    if !state.open { state.waiters.append(continuation) }
                    return state.open
                }
                if open { continuation.resume() }
            }
        }
        func open() {
            let waiters = state.withLock { state in
                state.open = true
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume() }
        }
        var waiting: Int { state.withLock { $0.waiters.count } }
    }

    /// Polls `condition` for up to 30 s.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<3000 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func aFullLaneRefusesAtOnceAndLetsTheQueuedOnesThrough() async throws {
        let lane = WorkLane("test", running: 1, waiting: 1)
        let gate = Gate()
        let finished = ByteCount()
        let first = Task { try await lane.run { await gate.wait(); finished.add(1) } }
        #expect(try await Self.eventually { gate.waiting == 1 })
        let queued = Task { try await lane.run { finished.add(1) } }
        try await Task.sleep(for: .milliseconds(100))
        await #expect(throws: WorkLane.Busy.self) { try await lane.run {} }
        #expect(lane.refusedCount == 1)
        gate.open()
        try await first.value
        try await queued.value
        #expect(finished.total == 2)
        try await lane.run {}
    }

    @Test func aDepartementPageIsBuiltOncePerSnapshotAndItsBytesShared() async throws {
        let server = try ServerFixture.server()
        let snapshot = server.store.snapshot
        try await ServerFixture.withClient { client in
            let first = try await client.execute(uri: "/departements/13", method: .get)
            #expect(first.status == .ok)
            let cached = try #require(server.departementPages.cached(FicheServer.CacheKey(generation: snapshot.generation, code: "13")))
            let second = try await client.execute(uri: "/departements/13", method: .get)
            #expect(second.body == first.body && cached == first.body)
            // The same storage, not a copy per request.
            let shared = cached.withUnsafeReadableBytes { page in
                server.departementPages.cached(FicheServer.CacheKey(generation: snapshot.generation, code: "13"))?
                    .withUnsafeReadableBytes { $0.baseAddress == page.baseAddress } ?? false
            }
            #expect(shared)
        }
    }

    @Test func aFloodOfOneDepartementPageIsAnsweredFromOneBuild() async throws {
        try await ServerFixture.withClient { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<200 {
                    group.addTask { try await client.execute(uri: "/departements/75", method: .get).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .ok }, "one build, shared: no request refused")
        }
    }

    @Test func aFullPageLaneGivesAFrench503WithRetryAfterWhileOtherRoutesAnswer() async throws {
        // A server of its own: its page lane is filled by the test.
        let server = try FicheServer(try ServerFixture.made.get().configuration)
        let client = InProcessClient(router: server.makeRouter())
        let gate = Gate()
        let lane = server.lanes.pages
        var holders: [Task<Void, any Error>] = []
        for _ in 0..<(lane.running + lane.waiting) {
            holders.append(Task { try await lane.run { await gate.wait() } })
        }
        #expect(try await Self.eventually { gate.waiting == lane.running })
        try await Task.sleep(for: .milliseconds(100))

        let refused = try await client.execute(uri: "/departements/95", method: .get)
        #expect(refused.status == .serviceUnavailable)
        #expect(refused.headers[.retryAfter] == "5")
        #expect(refused.headers[.contentType] == "text/html; charset=utf-8")
        #expect(String(buffer: refused.body).contains("<h1>Serveur occupé</h1>"))
        #expect(try await client.execute(uri: "/", method: .get).status == .ok, "the home page does not wait for pages")
        #expect(try await client.execute(uri: "/api/departements/95.json", method: .get).status == .ok)

        gate.open()
        for holder in holders { try await holder.value }
        #expect(try await client.execute(uri: "/departements/95", method: .get).status == .ok, "served once the lane has room")
    }
}
