import Fiche
import Foundation
import Synchronization

/// Threads that each own a `FicheRenderer` (cairo and pango objects never cross threads, as in
/// `fiche bulk`), fed from one queue. Rendering is CPU work of tens of milliseconds: it runs
/// here, not on the Swift concurrency threads that answer the cached requests.
final class RenderPool: Sendable {
    typealias Job = @Sendable (FicheRenderer) -> Void
    private let jobs = Mutex<[Job]>([])
    private let waiting = DispatchSemaphore(value: 0)
    /// Checked once at start-up, so that a missing font or template stops the server at once.
    let inputFiles: [URL]

    init(workers: Int, options: FicheOptions, log: ServerLog) throws {
        inputFiles = try FicheRenderer(options: options).inputFiles
        for index in 0..<max(1, workers) {
            let thread = Thread { [self] in work(index: index, options: options, log: log) }
            thread.name = "fiche-render-\(index)"
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    /// One worker thread: its own renderer, then jobs until the process ends.
    private func work(index: Int, options: FicheOptions, log: ServerLog) {
        let renderer: FicheRenderer
        do {
            renderer = try FicheRenderer(options: options)
        } catch {
            log.note("render worker \(index) cannot start: \(error)")
            return
        }
        while true {
            waiting.wait()
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            job(renderer)
        }
    }

    /// Runs `body` with a renderer on one of the pool's threads.
    func run<T: Sendable>(_ body: @escaping @Sendable (FicheRenderer) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            jobs.withLock { $0.append { renderer in continuation.resume(with: Result { try body(renderer) }) } }
            waiting.signal()
        }
    }
}

/// What a request for a cached value does.
private enum SingleFlightStep<Value> { case hit(Value), wait, compute }

/// Values computed once per key, however many requests ask for them at once: the first request
/// starts the work, the others wait for its result. Failures are not kept.
final class SingleFlightCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private enum Slot {
        case ready(Value)
        case pending([CheckedContinuation<Value, any Error>])
    }
    private let slots = Mutex<[Key: Slot]>([:])

    /// The value for `key`, computing it with `make` if no one has.
    func value(_ key: Key, make: @escaping @Sendable () async throws -> Value) async throws -> Value {
        return try await withCheckedThrowingContinuation { continuation in
            let step: SingleFlightStep<Value> = slots.withLock { slots in
                switch slots[key] {
                case let .ready(value)?: return .hit(value)
                case var .pending(waiters)?:
                    waiters.append(continuation)
                    slots[key] = .pending(waiters)
                    return .wait
                case nil:
                    slots[key] = .pending([continuation])
                    return .compute
                }
            }
            switch step {
            case let .hit(value): continuation.resume(returning: value)
            case .wait: break
            case .compute:
                Task {
                    let result: Result<Value, any Error>
                    do { result = .success(try await make()) } catch { result = .failure(error) }
                    let waiters: [CheckedContinuation<Value, any Error>] = slots.withLock { slots in
                        guard case let .pending(waiters)? = slots[key] else { return [] }
                        if case let .success(value) = result { slots[key] = .ready(value) } else { slots[key] = nil }
                        return waiters
                    }
                    for waiter in waiters { waiter.resume(with: result) }
                }
            }
        }
    }

    /// The value for `key` if it is ready.
    func cached(_ key: Key) -> Value? {
        slots.withLock { if case let .ready(value)? = $0[key] { return value } else { return nil } }
    }

    /// Forgets the ready values `isStale` picks (e.g. those of older data).
    func removeReady(where isStale: (Key) -> Bool) {
        slots.withLock { slots in
            for (key, slot) in slots where isStale(key) {
                if case .ready = slot { slots[key] = nil }
            }
        }
    }
}
