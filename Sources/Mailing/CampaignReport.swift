// What a campaign run did: one line per message, counts, and the summary printed at the end.

import Foundation

/// What happened to one message in a run.
package struct MessageReport: Sendable {
    package enum Result: String, Sendable {
        case sent, alreadySent = "already sent", deferred, failed, failedBefore = "failed earlier"
        case needsDecision = "needs a decision", skipped, written
    }
    var departement: String
    var recipients: [String]
    var result: Result
    var attempts: Int
    var code: Int?
    var reply: String?
}

/// The end-of-run report.
package struct CampaignReport: Sendable {
    var campaign: String
    var messages: [MessageReport] = []
    /// Set when the run stopped early (fatal transport error, or interrupted).
    var stoppedBecause: String?
    package var duration: TimeInterval = 0

    /// Number of messages (recipients) with `result`.
    package func count(_ result: MessageReport.Result) -> Int {
        messages.filter { $0.result == result }.reduce(0) { $0 + $1.recipients.count }
    }

    /// Whether everything planned is now sent.
    package var isComplete: Bool {
        stoppedBecause == nil && messages.allSatisfy { $0.result == .sent || $0.result == .alreadySent || $0.result == .written }
    }

    /// A human summary, one line per problem, then the counts.
    package var summary: String {
        var lines: [String] = []
        for m in messages where ![.sent, .alreadySent, .written].contains(m.result) {
            let reply = m.reply.map { ": \($0)" } ?? ""
            lines.append("  \(m.departement) \(m.recipients.joined(separator: ", ")) — \(m.result.rawValue)\(reply)")
        }
        var counts: [String] = []
        for r in [MessageReport.Result.sent, .alreadySent, .written, .deferred, .failed, .failedBefore, .needsDecision, .skipped] {
            let n = count(r)
            if n > 0 { counts.append("\(n) \(r.rawValue)") }
        }
        lines.append("campaign \(campaign): " + (counts.isEmpty ? "nothing to do" : counts.joined(separator: ", ")))
        if let stoppedBecause { lines.append("stopped: \(stoppedBecause)") }
        return lines.joined(separator: "\n")
    }
}
