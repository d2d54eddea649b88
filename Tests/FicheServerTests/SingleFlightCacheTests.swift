import Synchronization
import Testing
@testable import FicheServer

struct SingleFlightCacheTests {
    /// Counts the computations a test starts.
    final class Counter: Sendable {
        let count = Mutex(0)
        func next() -> Int { count.withLock { $0 += 1; return $0 } }
        var value: Int { count.withLock { $0 } }
    }

    struct Failure: Error {}

    @Test func concurrentRequestsForOneKeyComputeItOnce() async throws {
        let cache = SingleFlightCache<String, Int>()
        let computations = Counter()
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.value("95") {
                        await Task.yield()
                        return computations.next() * 100
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: 100, count: 20))
        #expect(computations.value == 1)
        #expect(cache.cached("95") == 100)
    }

    @Test func aFailureIsNotKeptAndTheNextRequestComputesAgain() async throws {
        let cache = SingleFlightCache<String, Int>()
        await #expect(throws: Failure.self) { try await cache.value("95") { throw Failure() } }
        #expect(cache.cached("95") == nil)
        #expect(try await cache.value("95") { 7 } == 7)
        #expect(cache.cached("95") == 7)
    }

    @Test func removeReadyForgetsOnlyTheKeysItPicks() async throws {
        let cache = SingleFlightCache<Int, String>()
        for generation in 1...3 { _ = try await cache.value(generation) { "generation \(generation)" } }
        cache.removeReady { $0 < 3 }
        #expect(cache.cached(1) == nil && cache.cached(2) == nil)
        #expect(cache.cached(3) == "generation 3")
    }
}
