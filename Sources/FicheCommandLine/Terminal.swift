import ArgumentParser
import Canvas
import Dispatch
import Foundation
import Synchronization
import TradeData

/// Output to standard output that fails loudly: a write error (a full disk, `> /dev/full`,
/// a closed pipe) is an error with exit status 1, never a crash nor a silent exit 0.
package enum StandardOutput {
    /// Why standard output could not be written.
    struct WriteError: Error, CustomStringConvertible {
        let reason: String
        package var description: String { "cannot write to standard output: \(reason)" }
    }

    /// Writes `data` to standard output.
    package static func write(_ data: Data) throws {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch {
            throw WriteError(reason: posixReason(error))
        }
    }

    /// Writes `text` and a line feed to standard output.
    package static func printLine(_ text: String) throws {
        try write(Data((text + "\n").utf8))
    }

    private static func posixReason(_ error: Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}

/// The path options a command takes, refused when given empty (`--output ""` would
/// otherwise mean the current folder, or fail with a raw system error).
package func checkPathOptions(_ options: [(name: String, value: String?)]) throws {
    for (name, value) in options where value?.isEmpty == true {
        throw ValidationError("\(name): the path is empty; give a file or folder name")
    }
}

/// Runs a drawing body, turning Canvas errors (fonts, cairo) into a clean message and exit status 1.
package func reportingCanvasErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as CanvasError {
        printNote("error: \(error)")
        throw ExitCode(1)
    }
}

/// Facts about this build of the tool.
package enum ToolInfo {
    package static let version = "0.1.0"
}

/// Ctrl-C (and any other signal given) delivered as a call on a background queue instead of
/// the default immediate exit, so that a command can stop cleanly: finish what is in hand,
/// write what must be written. The handler gets how many such signals have arrived so far.
package final class InterruptSignals: Sendable {
    private let count = Mutex(0)
    /// Kept so that the signal sources live as long as this object.
    private let sources = Mutex<[any DispatchSourceSignal]>([])

    /// Starts listening for `signals` (SIGINT by default); `handler` runs once per signal.
    package init(_ signals: [Int32] = [SIGINT], handler: @escaping @Sendable (_ received: Int) -> Void) {
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
    package var received: Bool { count.withLock { $0 > 0 } }

    /// Stops listening (the signals are then ignored until the process exits).
    package func stop() { sources.withLock { list in list.forEach { $0.cancel() } } }
}
