// What a campaign needs from a mail transport, and what it learns from one delivery.

import Foundation

/// The server's answer about one recipient.
struct RecipientReply: Sendable, Equatable {
    var code: Int
    var text: String
}

/// The outcome of handing one message to the server.
package struct DeliveryResult: Sendable, Equatable {
    enum Outcome: Sendable, Equatable {
        /// The server took responsibility for the message (250 after the data) — for every
        /// recipient not listed in ``DeliveryResult/rejected``.
        case accepted
        /// A 4xx reply or a connection problem before the message was transmitted: try again later.
        case temporaryFailure
        /// A 5xx reply: do not try again.
        case permanentFailure
        /// The connection was lost (closed, timed out, not reset) after the whole message was
        /// transmitted, end of data included, and before the server's final reply: it may or may
        /// not have been accepted.
        case uncertain
        /// The transport cannot work at all (authentication refused, TLS unavailable, bad URL):
        /// stop the campaign rather than fail every message.
        case fatal
    }

    var outcome: Outcome
    /// The reply code that decided the outcome (0 when there was none).
    var code: Int
    /// The server's reply, or the transport's error.
    var reply: String
    /// Recipients refused individually (`RCPT TO` answered 4xx/5xx) while others were accepted,
    /// by lower-case address.
    var rejected: [String: RecipientReply]

    init(outcome: Outcome, code: Int, reply: String, rejected: [String: RecipientReply] = [:]) {
        self.outcome = outcome
        self.code = code
        self.reply = reply
        self.rejected = rejected
    }
}

/// Something that delivers a message to an SMTP envelope.
package protocol MailTransport: AnyObject {
    /// Hands `message` (complete RFC 5322 bytes) to the server for `recipients`.
    func deliver(from sender: EmailAddress, to recipients: [EmailAddress], message: Data) -> DeliveryResult
}
