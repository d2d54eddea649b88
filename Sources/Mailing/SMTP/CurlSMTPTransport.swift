// SMTP delivery through libcurl: STARTTLS or implicit TLS, AUTH, one reused connection, and the
// server's replies read from curl's protocol transcript so that each outcome is classified.

import CCurl
import Foundation

/// How an SMTP server is reached.
package struct SMTPConfiguration: Sendable {
    /// Whether TLS is required, attempted or not used.
    package enum Security: Sendable, Equatable {
        /// `smtps://` (implicit TLS) or `smtp://` with STARTTLS required.
        case required
        /// STARTTLS if the server offers it, plain text otherwise (loopback or `--allow-plaintext`).
        case opportunistic
    }

    /// `smtp://host:port` or `smtps://host:port`.
    var url: String
    var security: Security
    var username: String?
    var password: String?
    /// A CA bundle to verify the server's certificate with (system store by default).
    var caFile: String?
    /// Name announced in EHLO (curl's default when nil).
    var heloName: String?
    var connectTimeout: TimeInterval
    /// Longest wait for one server reply.
    var responseTimeout: TimeInterval
    /// Longest time for one whole message.
    var transferTimeout: TimeInterval

    package init(
        url: String, security: Security = .required, username: String? = nil, password: String? = nil, caFile: String? = nil,
        heloName: String? = nil, connectTimeout: TimeInterval = 20, responseTimeout: TimeInterval = 60, transferTimeout: TimeInterval = 300
    ) {
        self.url = url
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.transferTimeout = transferTimeout
    }
}

/// Why an SMTP URL or security policy was refused.
enum SMTPConfigurationError: Error, CustomStringConvertible, Equatable {
    case invalidURL(String)
    case plaintextNotAllowed(host: String)
    /// libcurl could not be loaded (not installed, or not the expected version).
    case libcurlUnavailable(String)

    package var description: String {
        switch self {
        case let .invalidURL(url):
            let shown = SMTPConfiguration.redactingCredentials(url)
            let hint = shown == url ? "" : "; give the user and password with FICHE_SMTP_USER / FICHE_SMTP_PASSWORD or --credentials FILE, never in the URL"
            return "invalid SMTP URL \(shown.debugDescription): expected smtp://host[:port] or smtps://host[:port]" + hint
        case let .plaintextNotAllowed(host):
            return "\(host) is not a loopback address: STARTTLS is required (use smtps://, or --allow-plaintext to accept an unencrypted connection)"
        case let .libcurlUnavailable(reason):
            return "cannot send mail: libcurl could not be used (\(reason)); install Debian's libcurl4 (libcurl4t64 from Debian 13)"
        }
    }
}

extension SMTPConfiguration {
    /// Checks `url` and derives the TLS policy: implicit TLS for `smtps://`; for `smtp://`
    /// STARTTLS required unless the host is loopback or `allowPlaintext` is set.
    package static func security(for url: String, allowPlaintext: Bool) throws -> Security {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "smtp" || scheme == "smtps", let host = components.host, !host.isEmpty,
              components.user == nil, components.password == nil
        else { throw SMTPConfigurationError.invalidURL(url) }
        if scheme == "smtps" { return .required }
        if isLoopback(host) || allowPlaintext { return .opportunistic }
        return .required
    }

    /// `url` with any `user:password@` part replaced by `***@`, so that no message repeats a
    /// credential typed into a URL.
    static func redactingCredentials(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else {
            guard let at = url.lastIndex(of: "@") else { return url }
            return "***" + url[at...]
        }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + "***" + String(rest[at...])
    }

    /// Whether `host` names this machine's loopback interface.
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h == "localhost" || h == "::1" || h.hasSuffix(".localhost") { return true }
        let parts = h.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// Delivers messages over SMTP with libcurl, reusing one easy handle (and so one connection)
/// for every message. Not thread-safe: one transport per sending loop.
package final class CurlSMTPTransport: MailTransport {
    let configuration: SMTPConfiguration
    private let handle: UnsafeMutableRawPointer
    /// libcurl's functions, loaded by the first transport (see Sources/CCurl/shim.h).
    private let curl: UnsafePointer<ccurl_functions>
    /// The last transfer's protocol transcript (commands and replies, never message data).
    private(set) var transcript: [String] = []
    /// Called with each transcript line when set (for `--verbose`).
    package var onTranscriptLine: ((String) -> Void)?

    /// Prepares a handle for `configuration`; nothing is connected until the first delivery.
    package init(configuration: SMTPConfiguration) throws {
        guard let curl = ccurl_load() else { throw SMTPConfigurationError.libcurlUnavailable(String(cString: ccurl_load_failure())) }
        guard let handle = ccurl_easy_init(curl) else { throw SMTPConfigurationError.libcurlUnavailable("curl_easy_init failed") }
        self.curl = curl
        self.handle = handle
        self.configuration = configuration
        ccurl_setopt_string(curl, handle, CURLOPT_URL, configuration.url)
        ccurl_setopt_long(curl, handle, CURLOPT_UPLOAD, 1)
        ccurl_setopt_long(curl, handle, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(curl, handle, CURLOPT_USE_SSL, Int(configuration.security == .required ? CURLUSESSL_ALL.rawValue : CURLUSESSL_TRY.rawValue))
        ccurl_setopt_long(curl, handle, CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000))
        ccurl_setopt_long(curl, handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, max(1, Int(configuration.responseTimeout.rounded(.up))))
        ccurl_setopt_long(curl, handle, CURLOPT_TIMEOUT_MS, Int(configuration.transferTimeout * 1000))
        ccurl_setopt_mail_rcpt_allowfails(curl, handle, 1)
        if let user = configuration.username { ccurl_setopt_string(curl, handle, CURLOPT_USERNAME, user) }
        if let password = configuration.password { ccurl_setopt_string(curl, handle, CURLOPT_PASSWORD, password) }
        if let ca = configuration.caFile { ccurl_setopt_string(curl, handle, CURLOPT_CAINFO, ca) }
        if let helo = configuration.heloName {
            // libcurl sends the URL's path as the EHLO name: smtp://host:port/name.
            var url = configuration.url
            if !url.hasSuffix("/") { url += "/" }
            ccurl_setopt_string(curl, handle, CURLOPT_URL, url + helo)
        }
        // The transcript: VERBOSE routes protocol lines to the debug callback (not to stderr).
        ccurl_setopt_long(curl, handle, CURLOPT_VERBOSE, 1)
        ccurl_setopt_debug_function(curl, handle, curlDebugCallback)
        ccurl_setopt_read_function(curl, handle, curlReadCallback)
    }

    deinit {
        ccurl_easy_cleanup(curl, handle)
    }

    package func deliver(from sender: EmailAddress, to recipients: [EmailAddress], message: Data) -> DeliveryResult {
        let state = TransferState(body: message)
        let unmanaged = Unmanaged.passRetained(state)
        defer { unmanaged.release() }
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for r in recipients { list = ccurl_slist_append(curl, list, "<\(r.value)>") }
        defer { ccurl_slist_free_all(curl, list) }

        ccurl_setopt_string(curl, handle, CURLOPT_MAIL_FROM, "<\(sender.value)>")
        ccurl_setopt_slist(curl, handle, CURLOPT_MAIL_RCPT, list)
        ccurl_setopt_pointer(curl, handle, CURLOPT_READDATA, unmanaged.toOpaque())
        ccurl_setopt_pointer(curl, handle, CURLOPT_DEBUGDATA, unmanaged.toOpaque())
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            ccurl_setopt_pointer(curl, handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            state.onLine = onTranscriptLine
            let result = ccurl_easy_perform(curl, handle)
            ccurl_setopt_pointer(curl, handle, CURLOPT_ERRORBUFFER, nil)
            return result
        }
        ccurl_setopt_slist(curl, handle, CURLOPT_MAIL_RCPT, nil)
        ccurl_setopt_pointer(curl, handle, CURLOPT_READDATA, nil)
        ccurl_setopt_pointer(curl, handle, CURLOPT_DEBUGDATA, nil)
        transcript = state.transcript
        let curlMessage: String = {
            let fromBuffer = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return fromBuffer.isEmpty ? String(cString: ccurl_easy_strerror(curl, code)) : fromBuffer
        }()
        return classify(code: code, curlMessage: curlMessage, state: state, recipients: recipients)
    }

    private func classify(code: CURLcode, curlMessage: String, state: TransferState, recipients: [EmailAddress]) -> DeliveryResult {
        let last = state.lastReply
        var rejected: [String: RecipientReply] = [:]
        for (address, reply) in state.rcptReplies where reply.code >= 400 { rejected[address] = reply }

        if code == CURLE_OK {
            let final = state.finalReply ?? last ?? RecipientReply(code: 250, text: "250")
            return DeliveryResult(outcome: .accepted, code: final.code, reply: final.text, rejected: rejected)
        }
        // Every recipient refused: the outcome is theirs (all permanent → permanent).
        if !recipients.isEmpty, rejected.count == recipients.count {
            let allPermanent = rejected.values.allSatisfy { $0.code >= 500 }
            let first = rejected[recipients[0].normalized] ?? rejected.values.first!
            return DeliveryResult(outcome: allPermanent ? .permanentFailure : .temporaryFailure, code: first.code, reply: first.text, rejected: rejected)
        }
        switch code {
        case CURLE_LOGIN_DENIED, CURLE_USE_SSL_FAILED, CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL,
             CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_AUTH_ERROR,
             CURLE_COULDNT_RESOLVE_HOST:
            return DeliveryResult(outcome: .fatal, code: last?.code ?? 0, reply: last.map { "\($0.text) (\(curlMessage))" } ?? curlMessage, rejected: rejected)
        default:
            break
        }
        // A reply after the end of the data that is not 250, or a refusal earlier on.
        if let reply = state.finalReply ?? last, reply.code >= 400 {
            let outcome: DeliveryResult.Outcome = reply.code >= 500 ? .permanentFailure : .temporaryFailure
            return DeliveryResult(outcome: outcome, code: reply.code, reply: reply.text, rejected: rejected)
        }
        // No refusal: the connection failed. Before the whole message went out, nothing was
        // delivered; after it, the server may have accepted it without our hearing so.
        if state.dataCommandAccepted && state.finalReply == nil {
            if code == CURLE_SEND_ERROR || !state.uploadFinished {
                let reply = "connection lost while the message was being sent, before its end: not delivered, to be retried (\(curlMessage))"
                return DeliveryResult(outcome: .temporaryFailure, code: 0, reply: reply, rejected: rejected)
            }
            // A reset (not a close) once all was sent: the server's socket still held unread bytes
            // of ours, the end of data at least, so it never read the whole message. (A server that
            // read it all and then died closes with nothing unread: a plain end of connection.)
            if curlMessage.contains(String(cString: strerror(ECONNRESET))) {
                let reply = "the server reset the connection before reading the end of the message: not delivered, to be retried (\(curlMessage))"
                return DeliveryResult(outcome: .temporaryFailure, code: 0, reply: reply, rejected: rejected)
            }
            return DeliveryResult(outcome: .uncertain, code: 0, reply: "connection lost after the message was transmitted: \(curlMessage)", rejected: rejected)
        }
        return DeliveryResult(outcome: .temporaryFailure, code: 0, reply: curlMessage, rejected: rejected)
    }
}

/// What one transfer reads from and learns about the protocol.
final class TransferState {
    let body: Data
    var offset = 0
    var uploadFinished = false
    var transcript: [String] = []
    var onLine: ((String) -> Void)?
    /// The last command sent (first line), e.g. "RCPT TO:<a@b>".
    var lastCommand = ""
    var rcptReplies: [String: RecipientReply] = [:]
    var lastReply: RecipientReply?
    var dataCommandAccepted = false
    var finalReply: RecipientReply?
    private var pendingReply: [String] = []
    private var inAuthentication = false
    private var inBuffer = ""

    init(body: Data) { self.body = body }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let remaining = body.count - offset
        if remaining <= 0 {
            uploadFinished = true
            return 0
        }
        let n = min(remaining, capacity)
        body.withUnsafeBytes { raw in
            let base = raw.baseAddress!.advanced(by: offset)
            UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: n)
        }
        offset += n
        return n
    }

    func commandSent(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            let command = String(line)
            lastCommand = command
            // Never log credentials: AUTH's argument, nor the lines answering its 334 challenges.
            let logged: String
            if command.uppercased().hasPrefix("AUTH") {
                inAuthentication = true
                logged = String(command.prefix { $0 != " " }) + " " + (command.split(separator: " ").dropFirst().first.map(String.init) ?? "") + " ****"
            } else if inAuthentication {
                logged = "****"
            } else {
                logged = command
            }
            transcript.append("> " + logged)
            onLine?("> " + logged)
        }
    }

    func replyReceived(_ text: String) {
        inBuffer += text
        while let newline = inBuffer.firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) {
            let line = String(inBuffer[..<newline]).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            inBuffer = String(inBuffer[inBuffer.index(after: newline)...])
            handleReplyLine(line)
        }
    }

    private func handleReplyLine(_ line: String) {
        transcript.append("< " + line)
        onLine?("< " + line)
        let chars = Array(line)
        guard chars.count >= 3, let code = Int(String(chars[0..<3])) else { return }
        pendingReply.append(line)
        if chars.count > 3 && chars[3] == "-" { return }  // a multi-line reply goes on
        let reply = RecipientReply(code: code, text: pendingReply.joined(separator: " "))
        pendingReply = []
        if code != 334 { inAuthentication = false }
        lastReply = reply
        let command = lastCommand.uppercased()
        if command.hasPrefix("RCPT TO:") {
            var address = String(lastCommand.dropFirst("RCPT TO:".count))
            if let close = address.firstIndex(of: ">") { address = String(address[..<close]) }
            address = address.trimmingCharacters(in: CharacterSet(charactersIn: "< ")).lowercased()
            rcptReplies[address] = reply
        } else if command == "DATA" {
            if dataCommandAccepted {
                finalReply = reply
            } else if code == 354 {
                dataCommandAccepted = true
            }
        }
    }
}

private func curlReadCallback(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    return state.read(into: buffer, capacity: size * count)
}

private func curlDebugCallback(_ handle: UnsafeMutableRawPointer?, _ type: curl_infotype, _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ userdata: UnsafeMutableRawPointer?) -> Int32 {
    guard let data, let userdata else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    switch type {
    case CURLINFO_HEADER_OUT:
        let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
        state.commandSent(text)
    case CURLINFO_HEADER_IN:
        let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
        state.replyReceived(text)
    default:
        break
    }
    return 0
}
