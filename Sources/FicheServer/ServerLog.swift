import Foundation
import Synchronization

/// The server's log: one line per request and a line per event, on standard error, with the
/// time in UTC. Lines are written whole (one `write` each), so concurrent requests never mix.
struct ServerLog: Sendable {
    init() {}

    /// Writes `message` with a timestamp (control characters from requests shown escaped).
    func note(_ message: String) {
        let safe = message.unicodeScalars.map { scalar -> String in
            scalar.value < 0x20 || scalar.value == 0x7F ? String(format: "\\x%02X", scalar.value) : String(scalar)
        }.joined()
        let line = Data("\(Self.timestamp(Date())) \(safe)\n".utf8)
        line.withUnsafeBytes { raw in _ = write(STDERR_FILENO, raw.baseAddress, raw.count) }
    }

    /// "2026-12-02T01:50:00Z".
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
