import Foundation
import NIOCore
import Synchronization

/// How many connections `fiche serve` holds and how long it waits for their requests.
struct ConnectionLimits: Sendable {
    /// Connections served at once. A new one beyond it closes the connection idle the longest
    /// (no request in progress); when every one is busy, the new one is answered with a 503.
    var maxConnections: Int
    /// From the connection's opening to the end of its first request (head and body): a client
    /// that sends nothing, or its header a byte at a time, is cut after it.
    var requestTimeout: Duration
    /// From the end of a response to the end of the next request on the same connection.
    var keepAliveTimeout: Duration
    /// How long an answer may wait on a client that reads none of it (its socket buffers full):
    /// a client that asks for a région zip and never reads must not hold a connection for ever.
    var stalledReaderTimeout: Duration

    init(maxConnections: Int, requestTimeout: Duration = .seconds(10), keepAliveTimeout: Duration = .seconds(30),
         stalledReaderTimeout: Duration = .seconds(60)) {
        self.maxConnections = maxConnections
        self.requestTimeout = requestTimeout
        self.keepAliveTimeout = keepAliveTimeout
        self.stalledReaderTimeout = stalledReaderTimeout
    }

    /// Connections refused with a 503 at once, beyond `maxConnections` (each answered then closed);
    /// beyond these, a new connection is closed at once.
    var refusals: Int { min(256, max(8, maxConnections / 16)) }

    /// File descriptors kept for everything but connections: data files, fonts, templates,
    /// folders being watched, the renderers' files, the event loops.
    static func reservedDescriptors(limit: Int) -> Int { max(256, limit / 20) }

    /// The most connections `limit` open files allow, with their refusals and the reserve.
    static func maximumConnections(descriptorLimit limit: Int) -> Int {
        let available = limit - reservedDescriptors(limit: limit)
        // `refusals` is at most a sixteenth of the connections (+8): keep room for both.
        return max(1, (available - 8) * 16 / 17)
    }

    /// The open-file limit, raised first to its hard limit (Linux's default soft limit, 1 024,
    /// would let a thousand idle connections stop the server).
    static func raisedDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) != 0 {
                // An unlimited hard limit is refused: the kernel's own ceiling is then the most.
                raised.rlim_cur = 1 << 20
                _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised)
            }
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }
}

/// The connections the server holds, which of them wait for a request (idle), and in what order
/// they became idle: the one idle the longest is closed first when a new client comes and the
/// cap is reached. Shared by the connections' handlers, which run on several event loops.
final class ConnectionRegistry: Sendable {
    /// What a new connection may do.
    enum Admission: Equatable {
        /// Served; its number, for `becameBusy`, `becameIdle` and `closed`.
        case served(Int)
        /// Answered with a 503 to its first request, then closed.
        case refused
        /// Closed at once (too many refusals pending already).
        case closedAtOnce
    }

    let limits: ConnectionLimits
    private let state = Mutex(State())

    fileprivate struct State {
        var nextNumber = 0
        /// The served connections: their channel and, when idle, when they became so.
        var served: [Int: (channel: any Channel, idleSince: Int?)] = [:]
        /// (connection, idleSince) in the order they became idle; entries whose connection has
        /// been busy or closed since are stale, skipped when met.
        var idleOrder: [(number: Int, since: Int)] = []
        var idleOrderStart = 0
        var clock = 0
        var refusalsPending = 0
        var evicted = 0
        var refused = 0
    }

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    /// Takes in a new connection: served if there is room or an idle connection to close for it.
    func admit(_ channel: any Channel) -> Admission {
        let (admission, evicted): (Admission, (any Channel)?) = state.withLock { state in
            var evicted: (any Channel)?
            if state.served.count >= limits.maxConnections {
                guard let oldest = state.takeOldestIdle() else {
                    guard state.refusalsPending < limits.refusals else { return (.closedAtOnce, nil) }
                    state.refusalsPending += 1
                    state.refused += 1
                    return (.refused, nil)
                }
                evicted = oldest
                state.evicted += 1
            }
            let number = state.nextNumber
            state.nextNumber += 1
            state.served[number] = (channel, nil)
            state.markIdle(number)
            return (.served(number), evicted)
        }
        evicted?.close(promise: nil)
        return admission
    }

    /// The connection has a request in progress: not closed for a newcomer.
    func becameBusy(_ number: Int) {
        state.withLock { state in state.served[number]?.idleSince = nil }
    }

    /// The connection waits for its next request.
    func becameIdle(_ number: Int) {
        state.withLock { state in
            guard state.served[number] != nil else { return }
            state.markIdle(number)
        }
    }

    /// A served connection closed.
    func closed(_ number: Int) {
        _ = state.withLock { state in state.served.removeValue(forKey: number) }
    }

    /// A refused connection closed.
    func refusalEnded() {
        state.withLock { state in state.refusalsPending -= 1 }
    }

    /// Connections being served, refused ones waiting for their request, and the totals of
    /// connections closed for a newcomer and refused since the start.
    var counts: (served: Int, refusalsPending: Int, evicted: Int, refused: Int) {
        state.withLock { ($0.served.count, $0.refusalsPending, $0.evicted, $0.refused) }
    }
}

extension ConnectionRegistry.State {
    mutating func markIdle(_ number: Int) {
        clock += 1
        served[number]?.idleSince = clock
        idleOrder.append((number, clock))
        // Stale entries pile up behind a long-idle connection: rebuild from the served ones.
        if idleOrder.count - idleOrderStart > 4 * served.count + 1024 {
            idleOrder = served.compactMap { entry in entry.value.idleSince.map { (entry.key, $0) } }.sorted { $0.since < $1.since }
            idleOrderStart = 0
        } else if idleOrderStart > 1024 && idleOrderStart * 2 > idleOrder.count {
            idleOrder.removeFirst(idleOrderStart)
            idleOrderStart = 0
        }
    }

    /// Removes and returns the connection idle the longest, if any is idle.
    mutating func takeOldestIdle() -> (any Channel)? {
        while idleOrderStart < idleOrder.count {
            let candidate = idleOrder[idleOrderStart]
            idleOrderStart += 1
            if let entry = served[candidate.number], entry.idleSince == candidate.since {
                served[candidate.number] = nil
                return entry.channel
            }
        }
        return nil
    }
}
