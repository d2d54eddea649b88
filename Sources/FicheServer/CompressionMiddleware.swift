import CBrotli
import CDeflate
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Every text answer (pages, JSON, CSV, style sheet, script, SVG) gets a validator and is sent
/// compressed when the browser accepts it:
/// - an `ETag` (the route's own, or one computed from the bytes) and a 304 when the browser
///   sends it back in `If-None-Match`: a revisit downloads nothing;
/// - brotli or gzip by `Accept-Encoding` (`Vary: Accept-Encoding` said), compressed once per
///   distinct body and kept (`CompressedBodies`), so a cached page is never compressed twice.
/// PDFs and zips (already compressed, and streamed) pass through untouched.
struct CompressionMiddleware: RouterMiddleware {
    typealias Context = FicheRequestContext
    let bodies: CompressedBodies

    /// Bodies smaller than this are sent as they are: compression would save less than a packet.
    static let smallest = 1_024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard request.method == .get || request.method == .head, response.status == .ok,
              response.headers[.contentEncoding] == nil,
              let type = response.headers[.contentType], Self.isText(type),
              let length = response.body.contentLength, length <= 16 << 20 else { return response }
        let body = try await Self.collect(response.body)
        let etag = response.headers[.eTag] ?? Self.etag(of: body)
        response.headers[.eTag] = etag
        response.headers[.vary] = "Accept-Encoding"
        if Self.matches(request.headers[.ifNoneMatch], etag) {
            response.headers[.contentLength] = nil
            return Response(status: .notModified, headers: response.headers)
        }
        guard body.readableBytes >= Self.smallest, let encoding = Self.preferredEncoding(request.headers[.acceptEncoding]) else {
            response.body = .init(byteBuffer: body)
            return response
        }
        let (compressed, used) = bodies.compressed(body, etag: etag, encoding: encoding)
        response.headers[.contentEncoding] = used.rawValue
        response.headers[.contentLength] = String(compressed.readableBytes)
        response.body = .init(byteBuffer: compressed)
        return response
    }

    /// Text worth compressing; PDFs and zips are compressed already.
    static func isText(_ contentType: String) -> Bool {
        let type = contentType.lowercased()
        return type.hasPrefix("text/") || type.hasPrefix("application/json") || type.hasPrefix("image/svg+xml")
            || type.hasPrefix("application/javascript")
    }

    /// Whether `If-None-Match` names `etag` (or `*`).
    static func matches(_ ifNoneMatch: String?, _ etag: String) -> Bool {
        guard let ifNoneMatch else { return false }
        return ifNoneMatch.split(separator: ",").contains {
            let tag = $0.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag || tag == "W/" + etag
        }
    }

    /// A strong validator from the bytes: their length and two checksums (CRC-32, Adler-32)
    /// computed by libdeflate at several GB/s.
    static func etag(of body: ByteBuffer) -> String {
        body.withUnsafeReadableBytes { raw -> String in
            let crc = libdeflate_crc32(0, raw.baseAddress, raw.count)
            let adler = libdeflate_adler32(1, raw.baseAddress, raw.count)
            return "\"" + String(raw.count, radix: 36) + "-" + String(crc, radix: 16) + String(adler, radix: 16) + "\""
        }
    }

    /// The encodings the server can send, best first.
    enum Encoding: String, Sendable { case brotli = "br", gzip }

    /// The best encoding the client accepts (`q=0` refuses one), or nil for the bytes as they are.
    static func preferredEncoding(_ acceptEncoding: String?) -> Encoding? {
        guard let acceptEncoding else { return nil }
        var accepted: Set<String> = []
        for item in acceptEncoding.lowercased().split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = parts.first, !name.isEmpty else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if q > 0 { accepted.insert(name) }
        }
        if accepted.contains("br") { return .brotli }
        if accepted.contains("gzip") || accepted.contains("*") { return .gzip }
        return nil
    }

    /// The whole body of a response whose length is known (a page, a JSON: a few hundred KB).
    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let sink = BodySink()
        try await body.write(sink)
        return sink.buffer.withLock { $0 }
    }

    /// Collects what a response body writes.
    final class BodySink: ResponseBodyWriter, Sendable {
        let buffer = Mutex(ByteBuffer())
        func write(_ part: ByteBuffer) async throws { buffer.withLock { _ = $0.writeImmutableBuffer(part) } }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}

/// Compressed bodies, by validator and encoding, so that a page served a thousand times is
/// compressed once. Bounded: past `capacity` bytes it starts afresh (a data reload makes every
/// page new anyway).
final class CompressedBodies: Sendable {
    private let store = Mutex<(bytes: Int, bodies: [String: ByteBuffer])>((0, [:]))
    let capacity: Int

    init(capacity: Int = 64 << 20) { self.capacity = capacity }

    /// `body` compressed with `encoding` (gzip if brotli fails), from the store when it was
    /// compressed before.
    func compressed(_ body: ByteBuffer, etag: String, encoding wanted: CompressionMiddleware.Encoding)
        -> (ByteBuffer, CompressionMiddleware.Encoding) {
        var encoding = wanted
        if let hit = store.withLock({ $0.bodies[encoding.rawValue + etag] }) { return (hit, encoding) }
        let made = body.withUnsafeReadableBytes { raw -> ByteBuffer in
            if encoding == .brotli, let bytes = Self.brotli(raw) { return ByteBuffer(bytes: bytes) }
            encoding = .gzip
            return ByteBuffer(bytes: Self.gzip(raw))
        }
        let key = encoding.rawValue + etag
        store.withLock { state in
            if state.bytes + made.readableBytes > capacity { state = (0, [:]) }
            state.bodies[key] = made
            state.bytes += made.readableBytes
        }
        return (made, encoding)
    }

    /// gzip by libdeflate at level 6 (zlib's default level, faster).
    static func gzip(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        guard let compressor = libdeflate_alloc_compressor(6) else { return [] }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_gzip_compress_bound(compressor, input.count)
        var out = [UInt8](repeating: 0, count: bound)
        let written = out.withUnsafeMutableBytes { libdeflate_gzip_compress(compressor, input.baseAddress, input.count, $0.baseAddress, bound) }
        out.removeSubrange(written...)
        return out
    }

    /// Brotli at quality 5: most of the gain of the top qualities, at gzip's speed.
    static func brotli(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        var size = BrotliEncoderMaxCompressedSize(input.count)
        var out = [UInt8](repeating: 0, count: size)
        let ok = out.withUnsafeMutableBufferPointer { buffer in
            BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, input.count,
                                  input.baseAddress?.assumingMemoryBound(to: UInt8.self), &size, buffer.baseAddress)
        }
        // Brotli fails only when out of memory; the answer then goes as gzip.
        guard ok == BROTLI_TRUE else { return nil }
        out.removeSubrange(size...)
        return out
    }
}
