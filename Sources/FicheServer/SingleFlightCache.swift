import Synchronization

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
