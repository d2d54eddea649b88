import Foundation
import Synchronization

/// Heavy work of one kind (building pages, rendering fiches, answering searches), a few at a
/// time, with a bounded queue: beyond it a request is refused at once (`WorkLane.Busy`, a 503
/// with `Retry-After`) instead of waiting behind a flood. Each kind has its own lane, so that a
/// flood of one route fills its own queue and the other routes keep answering.
final class WorkLane: Sendable {
    /// The lane's queue is full: the request is refused (a 503 with `Retry-After`).
    struct Busy: Error, CustomStringConvertible {
        let lane: String
        var description: String { "too many \(lane) requests at once" }
    }

    let name: String
    let running: Int
    let waiting: Int
    private let state = Mutex(State())

    private struct State {
        var running = 0
        var queue: [CheckedContinuation<Void, any Error>] = []
        var refused = 0
    }

    init(_ name: String, running: Int, waiting: Int) {
        self.name = name
        self.running = max(1, running)
        self.waiting = max(0, waiting)
    }

    /// Runs `body` once the lane has room (waiting in the queue), or throws `Busy` at once if
    /// the queue is full.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        try await enter()
        defer { leave() }
        return try await body()
    }

    private enum Entry { case now, queued, refused }

    private func enter() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let entry: Entry = state.withLock { state in
                if state.running < running {
                    state.running += 1
                    return .now
                }
                guard state.queue.count < waiting else {
                    state.refused += 1
                    return .refused
                }
                state.queue.append(continuation)
                return .queued
            }
            switch entry {
            case .now: continuation.resume()
            case .queued: break
            case .refused: continuation.resume(throwing: Busy(lane: name))
            }
        }
    }

    /// Hands the place to the first one waiting (it keeps the running count), or frees it.
    private func leave() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            if state.queue.isEmpty {
                state.running -= 1
                return nil
            }
            return state.queue.removeFirst()
        }
        next?.resume()
    }

    /// Requests refused since the start.
    var refusedCount: Int { state.withLock { $0.refused } }
}

/// The server's lanes, one per kind of heavy work.
struct WorkLanes: Sendable {
    /// Département pages being built (report, charts, template).
    let pages: WorkLane
    /// Fiches rendered for a `/fiches/…pdf` request (région zips render outside any lane).
    let fiches: WorkLane
    /// Searches from the home page, made for each request.
    let searches: WorkLane
    /// JSON answers, made for each request.
    let api: WorkLane

    init(renderWorkers: Int) {
        pages = WorkLane("page", running: renderWorkers, waiting: 8 * renderWorkers)
        fiches = WorkLane("fiche", running: renderWorkers, waiting: 16 * renderWorkers)
        searches = WorkLane("search", running: 2, waiting: 32)
        api = WorkLane("JSON", running: 2, waiting: 32)
    }
}

/// Runs `body` on a Dispatch thread, not on the Swift concurrency threads that answer every
/// request (CPU work of tens of milliseconds there would hold up the cached answers).
func offThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
