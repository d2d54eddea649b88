import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import Synchronization
@testable import FicheServer

/// Requests handed straight to the server's router, without a socket, as Hummingbird's own
/// router test client does; written here so that the tests do not build HummingbirdTesting's
/// dependencies (an HTTP client, TLS, HTTP/2) for a job this small.
struct InProcessClient: Sendable {
    /// What the router answered, its body written out in full.
    struct Response: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer
    }

    let responder: RouterResponder<FicheRequestContext>
    let logger = Logger(label: "fiche-serve-tests")

    init(router: Router<FicheRequestContext>) {
        responder = router.buildResponder()
    }

    /// Sends one request (no body) and returns the whole response.
    @discardableResult
    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:]) async throws -> Response {
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
            body: RequestBody(buffer: ByteBuffer()))
        let context = FicheRequestContext(source: ApplicationRequestContextSource(channel: NIOAsyncTestingChannel(), logger: logger))
        let response = try await responder.respond(to: request, context: context)
        let sink = BodySink()
        try await response.body.write(BodyCollector(sink: sink))
        return Response(status: response.status, headers: response.headers, body: sink.bytes)
    }

    /// Runs `body` with this client (the shape of Hummingbird's `app.test(.router)`).
    func run<Value>(_ body: (InProcessClient) async throws -> Value) async throws -> Value {
        try await body(self)
    }

    /// Sends one request and hands the response to `check`.
    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:],
                 _ check: (Response) async throws -> Void) async throws {
        try await check(execute(uri: uri, method: method, headers: headers))
    }

    /// Where a response body is written.
    final class BodySink: Sendable {
        private let buffer = Mutex(ByteBuffer())
        func append(_ part: ByteBuffer) { buffer.withLock { stored in var part = part; stored.writeBuffer(&part) } }
        var bytes: ByteBuffer { buffer.withLock { $0 } }
    }

    struct BodyCollector: ResponseBodyWriter {
        let sink: BodySink
        mutating func write(_ buffer: ByteBuffer) async throws { sink.append(buffer) }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
