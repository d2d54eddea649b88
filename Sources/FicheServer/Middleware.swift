import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A request's context: Hummingbird's own, and the data snapshot the request is answered from.
struct FicheRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by `SnapshotMiddleware` before any route or error page looks at the data: one
    /// request works on one snapshot from start to end, even when the data is reloaded meanwhile.
    var snapshot: DataSnapshot?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        snapshot = nil
    }

    /// The snapshot of this request.
    func data() throws -> DataSnapshot {
        guard let snapshot else { throw FicheServerError.noSnapshot }
        return snapshot
    }
}

/// What goes wrong inside the server (answered with the French 500 page).
enum FicheServerError: Error, CustomStringConvertible {
    /// A route ran without `SnapshotMiddleware` before it.
    case noSnapshot
    /// A fiche, page or JSON could not be made; `what` names it in the log.
    case failed(what: String, underlying: any Error)

    var description: String {
        switch self {
        case .noSnapshot: return "no data snapshot for the request"
        case let .failed(what, underlying): return "\(what): \(underlying)"
        }
    }
}

/// One log line per request: "GET /fiches/95.pdf 200 181741 0.3 ms". A streamed body (a
/// région zip) is logged once its last byte is written, with the bytes sent, or when it stops.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = FicheRequestContext
    let log: ServerLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let requestLine = "\(request.method) \(request.uri.string)"
        var response = try await next(request, context)
        // A HEAD answer's body is never written (Hummingbird's HEAD endpoints drop it).
        guard response.body.contentLength == nil, request.method != .head else {
            let length = response.headers[.contentLength] ?? "-"
            log.note("\(requestLine) \(response.status.code) \(length) \(Self.milliseconds(since: start)) ms")
            return response
        }
        let body = response.body
        let (log, status) = (self.log, response.status.code)
        response.body = ResponseBody { writer in
            let sent = ByteCount()
            do {
                try await body.write(writer.map { buffer in
                    sent.add(buffer.readableBytes)
                    return buffer
                })
                log.note("\(requestLine) \(status) \(sent.total) \(Self.milliseconds(since: start)) ms (streamed)")
            } catch {
                log.note("\(requestLine) \(status) interrupted after \(Self.milliseconds(since: start)) ms: \(error)")
                throw error
            }
        }
        return response
    }

    /// Milliseconds since `start`, one decimal.
    static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = start.duration(to: .now)
        return String(format: "%.1f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
}

/// The bytes a streamed body has written so far.
final class ByteCount: Sendable {
    private let count = Mutex(0)
    func add(_ bytes: Int) { count.withLock { $0 += bytes } }
    var total: Int { count.withLock { $0 } }
}

/// The headers every answer carries, right after its Content-Type: a Content-Security-Policy
/// allowing the server's own resources only (no inline script or style), no sniffing, no
/// referrer, no framing.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = FicheRequestContext

    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    static let fields: HTTPFields = {
        var fields = HTTPFields()
        fields[.contentSecurityPolicy] = contentSecurityPolicy
        fields[.xContentTypeOptions] = "nosniff"
        fields[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        fields[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return fields
    }()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        var headers = HTTPFields()
        headers[.contentType] = response.headers[.contentType]
        headers.append(contentsOf: Self.fields)
        headers.append(contentsOf: response.headers.filter { $0.name != .contentType })
        response.headers = headers
        return response
    }
}

/// Gives the request the data snapshot to answer from (the one being served: no file is looked at).
struct SnapshotMiddleware: RouterMiddleware {
    typealias Context = FicheRequestContext
    let store: DataStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.snapshot = store.current()
        return try await next(request, context)
    }
}

/// Every refusal and failure as a French HTML page: 404 (no such page), 405 (with its Allow
/// header), 503 (a lane of heavy work is full: try again in a few seconds), 500 (logged, with
/// what failed).
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = FicheRequestContext
    let pages: WebPages
    let log: ServerLog

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            let snapshot = try context.data()
            var response: Response
            if error.status == .notFound {
                response = .html(pages.notFound(snapshot), status: .notFound)
            } else {
                response = .html(pages.notFound(snapshot, heading: "Méthode non autorisée",
                                                message: "Ce service ne fait que répondre aux consultations (GET)."),
                                 status: .methodNotAllowed)
            }
            response.headers.append(contentsOf: error.headers)
            return response
        } catch is WorkLane.Busy {
            var response = Response.html(pages.notFound(try context.data(), heading: "Serveur occupé",
                                                        message: "Trop de demandes arrivent en même temps. Réessayez dans quelques secondes."),
                                         status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        } catch {
            log.note("error: \(error)")
            return .html(pages.notFound(try context.data(), heading: "Erreur du serveur",
                                        message: "La fiche n’a pas pu être produite. L’erreur est consignée dans le journal du serveur."),
                         status: .internalServerError)
        }
    }
}

/// Refuses, before any route looks at them, the methods this server does not answer (405) and
/// the paths no page has: nothing it serves needs an encoded character, a dot segment, an
/// empty segment or a trailing slash (%2F, %2E%2E, .., //, \, /page/), so such paths are 404s.
struct RequestGuardMiddleware: RouterMiddleware {
    typealias Context = FicheRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            throw HTTPError(.methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        let path = request.uri.path
        guard !path.contains("%"), !path.contains(".."), !path.contains("//"), !path.contains("\\"),
              path == "/" || !path.hasSuffix("/") else {
            throw HTTPError(.notFound)
        }
        return try await next(request, context)
    }
}

extension Response {
    /// An HTML page, revalidated on every visit (the data may have been reloaded).
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        html(ByteBuffer(string: text), status: status)
    }

    /// A page already built (shared by every response that sends it: no copy).
    static func html(_ page: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(status: status, headers: headers, body: .init(byteBuffer: page))
    }
}
