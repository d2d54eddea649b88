import Dispatch
import Synchronization

/// Runs `body` for `0..<count` on every core and returns the results in index order.
/// The results are gathered under a `Mutex`, so the compiler checks what crosses threads.
func concurrentMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let results = Mutex<[T?]>(Array(repeating: nil, count: count))
    DispatchQueue.concurrentPerform(iterations: count) { index in
        let value = body(index)
        results.withLock { $0[index] = value }
    }
    return results.withLock { slots in
        // concurrentPerform returns once every iteration has run: every slot is filled.
        slots.map { $0! }
    }
}
