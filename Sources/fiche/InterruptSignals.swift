import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (and any other signal given) delivered as a call on a background queue instead of
/// the default immediate exit, so that a command can stop cleanly: finish what is in hand,
/// write what must be written. The handler gets how many such signals have arrived so far.
final class InterruptSignals: Sendable {
    private let count = Mutex(0)
    /// Kept so that the signal sources live as long as this object.
    private let sources = Mutex<[any DispatchSourceSignal]>([])

    /// Starts listening for `signals` (SIGINT by default); `handler` runs once per signal.
    init(_ signals: [Int32] = [SIGINT], handler: @escaping @Sendable (_ received: Int) -> Void) {
        sources.withLock { list in
            for signalNumber in signals {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { [weak self] in
                    guard let received = self?.count.withLock({ n -> Int in n += 1; return n }) else { return }
                    handler(received)
                }
                source.resume()
                list.append(source)
            }
        }
    }

    /// Whether any of the signals has arrived.
    var received: Bool { count.withLock { $0 > 0 } }

    /// Stops listening (the signals are then ignored until the process exits).
    func stop() { sources.withLock { list in list.forEach { $0.cancel() } } }
}
