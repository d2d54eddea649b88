import NIOCore
import NIOHTTP1

/// HTTP/1.0 clients answered as HTTP/1.0 expects (RFC 9112, 9.3): the connection is closed
/// after the answer unless the client asked `Connection: keep-alive`, and kept alive then only
/// for an answer of known length. Hummingbird reads requests as HTTP types, which lose the
/// version: it kept every connection open, and an HTTP/1.0 client (`ab`) waited for ever.
///
/// Sits right after the request decoder: a request head of HTTP/1.0 that is not keep-alive
/// reaches Hummingbird with `Connection: close` (so it stops after the answer); the answer
/// goes out as HTTP/1.0 (never chunked) with the matching `Connection` header, and the
/// connection is closed after it whenever it was not kept alive.
final class HTTP10ConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// For each request read and not yet answered, in order: nil (HTTP/1.1), or whether the
    /// HTTP/1.0 client asked to keep the connection alive.
    private var pending: [Bool?] = []
    /// Whether the answer being written closes the connection when it ends.
    private var closesAfterAnswer = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case var .head(head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        guard head.version.major == 1, head.version.minor == 0 else {
            pending.append(nil)
            return context.fireChannelRead(data)
        }
        let keepAlive = head.isKeepAlive
        pending.append(keepAlive)
        if !keepAlive { head.headers.replaceOrAdd(name: "Connection", value: "close") }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case var .head(response):
            let request = pending.isEmpty ? nil : pending.removeFirst()
            guard let keepAliveAsked = request else {
                closesAfterAnswer = false
                return context.write(data, promise: promise)
            }
            // Kept alive only when asked and when the client can tell where the answer ends.
            let keepsAlive = keepAliveAsked && response.headers.contains(name: "Content-Length")
            response.version = .http1_0
            response.headers.remove(name: "Transfer-Encoding")
            response.headers.replaceOrAdd(name: "Connection", value: keepsAlive ? "keep-alive" : "close")
            closesAfterAnswer = !keepsAlive
            context.write(wrapOutboundOut(.head(response)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closesAfterAnswer else { return context.write(data, promise: promise) }
            closesAfterAnswer = false
            let written = promise ?? context.eventLoop.makePromise()
            let channel = context.channel
            context.writeAndFlush(data, promise: written)
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
