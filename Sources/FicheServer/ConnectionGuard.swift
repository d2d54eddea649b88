import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 connection with `ConnectionGuardHandler` in its pipeline, right after the
/// request decoder, where it sees whole request heads and ends, then `HTTP10ConnectionHandler`. (Hummingbird's own `idleTimeout`
/// has one duration for the first request and the next ones, and every body part restarts it.)
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel
    let registry: ConnectionRegistry

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let registry = self.registry
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            let guardHandler = ConnectionGuardHandler(registry: registry)
            try operations.addHandler(guardHandler, position: .after(decoder))
            try operations.addHandler(HTTP10ConnectionHandler(), position: .after(guardHandler))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// One connection's deadlines and its place among the server's connections.
///
/// - Waiting for a request (from the opening, or from the end of the last response), the whole
///   request — head and body — must arrive before a deadline (`requestTimeout` for the first,
///   `keepAliveTimeout` for the next ones), however slowly its bytes come: the connection is
///   closed then. Once a request is read, no deadline runs while the server works: a slow render
///   or a long région zip is response time, not request time. But a client that reads nothing of
///   an answer for `stalledReaderTimeout` (the socket stays unwritable) is cut.
/// - Admitted by the `ConnectionRegistry` when it opens; refused ones answer their first request
///   with a short 503 (`Retry-After`, `Connection: close`) without it reaching the router.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let registry: ConnectionRegistry
    private var admission: ConnectionRegistry.Admission?
    /// Requests whose head was read and whose response has not ended.
    private var requestsInProgress = 0
    private var deadline: Scheduled<Void>?
    /// Runs while the answer cannot be written because the client reads nothing.
    private var stalledReader: Scheduled<Void>?
    private var refusalSent = false

    init(registry: ConnectionRegistry) {
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        leave()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        leave()
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard admission == nil else { return }
        let admission = registry.admit(context.channel)
        self.admission = admission
        if admission == .closedAtOnce {
            context.close(promise: nil)
            return
        }
        startDeadline(context, registry.limits.requestTimeout)
    }

    private func leave() {
        deadline?.cancel()
        deadline = nil
        stalledReader?.cancel()
        stalledReader = nil
        switch admission {
        case let .served(number)?: registry.closed(number)
        case .refused?: registry.refusalEnded()
        case .closedAtOnce?, nil: break
        }
        admission = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard case let .served(number)? = admission else {
            // Refused: the first head gets the 503; nothing reaches the router.
            if admission == .refused, case .head = part, !refusalSent { refuse(context) }
            return
        }
        switch part {
        case .head:
            requestsInProgress += 1
            if requestsInProgress == 1 { registry.becameBusy(number) }
        case .body:
            break
        case .end:
            // Read in full: from now on it is the server's turn (an early answer, e.g. a 405
            // sent before the body was read, has already started the next wait: it goes on).
            if requestsInProgress > 0 { stopDeadline() }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), case let .served(number)? = admission, requestsInProgress > 0 {
            requestsInProgress -= 1
            if requestsInProgress == 0 {
                registry.becameIdle(number)
                startDeadline(context, registry.limits.keepAliveTimeout)
            }
        }
        context.write(data, promise: promise)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stalledReader?.cancel()
            stalledReader = nil
        } else if stalledReader == nil, case .served? = admission {
            stalledReader = closing(context, after: registry.limits.stalledReaderTimeout) { self.stalledReader = nil }
        }
        context.fireChannelWritabilityChanged()
    }

    private func startDeadline(_ context: ChannelHandlerContext, _ duration: Duration) {
        stopDeadline()
        deadline = closing(context, after: duration) { self.deadline = nil }
    }

    /// Closes the connection after `duration`, unless the task returned is cancelled first.
    private func closing(_ context: ChannelHandlerContext, after duration: Duration, _ fired: @escaping () -> Void) -> Scheduled<Void> {
        let loop = context.eventLoop.assumeIsolated()
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        return loop.scheduleTask(in: .nanoseconds(nanoseconds)) {
            fired()
            context.close(promise: nil)
        }
    }

    private func stopDeadline() {
        deadline?.cancel()
        deadline = nil
    }

    /// The 503 of a connection over the cap, then the end of the connection.
    private func refuse(_ context: ChannelHandlerContext) {
        refusalSent = true
        stopDeadline()
        let body = context.channel.allocator.buffer(string: Self.refusalPage)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
        for field in SecurityHeadersMiddleware.fields { headers.add(name: field.name.rawName, value: field.value) }
        headers.add(name: "Retry-After", value: "10")
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .serviceUnavailable, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    static let refusalPage = """
        <!DOCTYPE html>
        <html lang="fr"><head><meta charset="utf-8"><title>Serveur saturé – Territoires d’industrie</title></head>
        <body><h1>Serveur saturé</h1><p>Trop de connexions sont ouvertes en ce moment. Réessayez dans quelques secondes.</p></body></html>

        """
}
