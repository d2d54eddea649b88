import Foundation

/// A minimal blocking HTTP/1.1 client for the loopback server of `fiche serve`: one keep-alive
/// connection, GET only, `Content-Length` and chunked bodies. For the load test and the
/// end-to-end tests, which must measure the server and not a client library.
package final class LoopbackHTTPClient {
    package struct Response {
        package let status: Int
        /// Header names in lower case.
        package let headers: [String: String]
        package let body: Data
    }

    enum ClientError: Error, CustomStringConvertible {
        case connect(String), closed, timedOut, malformed(String)
        var description: String {
            switch self {
            case let .connect(reason): return "cannot connect: \(reason)"
            case .closed: return "connection closed by the server"
            case .timedOut: return "no answer in time"
            case let .malformed(what): return "malformed response: \(what)"
            }
        }
    }

    let port: UInt16
    /// How long a send or a receive may wait (nil: for ever).
    let timeout: Duration?
    private var socket: Int32 = -1
    private var buffer = [UInt8]()
    private var position = 0
    /// Where `recv` writes, allocated once.
    private let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)

    package init(port: Int, timeout: Duration? = nil) {
        self.port = UInt16(port)
        self.timeout = timeout
    }

    deinit {
        if socket >= 0 { close(socket) }
        chunk.deallocate()
    }

    private func connectIfNeeded() throws {
        guard socket < 0 else { return }
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError.connect(String(cString: strerror(errno))) }
        // Bounds the connection too (a listen queue that is full).
        if let timeout {
            var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ClientError.connect(reason)
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        socket = fd
        buffer.removeAll(keepingCapacity: true)
        position = 0
    }

    /// Sends `GET path` (with `headers`) and reads the whole response.
    package func get(_ path: String, headers: [String: String] = [:], method: String = "GET") throws -> Response {
        do {
            return try attempt(path, headers: headers, method: method)
        } catch ClientError.closed {
            // The server closed an idle keep-alive connection: once more on a new one.
            reset()
            return try attempt(path, headers: headers, method: method)
        }
    }

    private func reset() {
        if socket >= 0 { close(socket) }
        socket = -1
    }

    private func attempt(_ path: String, headers: [String: String], method: String) throws -> Response {
        try connectIfNeeded()
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw ClientError.timedOut }
            if n <= 0 { throw ClientError.closed }
            sent += n
        }
        let statusLine = try line()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw ClientError.malformed("status line \(statusLine.debugDescription)")
        }
        var fields: [String: String] = [:]
        while true {
            let header = try line()
            if header.isEmpty { break }
            guard let colon = header.firstIndex(of: ":") else { throw ClientError.malformed("header \(header.debugDescription)") }
            fields[header[..<colon].lowercased()] = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data()
        if method == "HEAD" || status == 304 || status == 204 {
            // No body.
        } else if fields["transfer-encoding"]?.lowercased() == "chunked" {
            while true {
                let sizeLine = try line()
                guard let size = Int(sizeLine.split(separator: ";")[0].trimmingCharacters(in: .whitespaces), radix: 16) else {
                    throw ClientError.malformed("chunk size \(sizeLine.debugDescription)")
                }
                if size == 0 {
                    while try !line().isEmpty {}
                    break
                }
                body.append(contentsOf: try take(size))
                _ = try line()
            }
        } else if let length = fields["content-length"].flatMap({ Int($0) }) {
            body.append(contentsOf: try take(length))
        } else {
            throw ClientError.malformed("no length")
        }
        if fields["connection"]?.lowercased() == "close" { reset() }
        return Response(status: status, headers: fields, body: body)
    }

    private func fill() throws {
        if position > 0 && position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
        }
        let n = recv(socket, chunk.baseAddress, chunk.count, 0)
        if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
            reset()
            throw ClientError.timedOut
        }
        if n <= 0 {
            reset()
            throw ClientError.closed
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
    }

    private func line() throws -> String {
        while true {
            if let end = buffer[position...].firstIndex(of: 0x0A) {
                var lineEnd = end
                if lineEnd > position && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let text = String(decoding: buffer[position..<lineEnd], as: UTF8.self)
                position = end + 1
                return text
            }
            try fill()
        }
    }

    private func take(_ count: Int) throws -> ArraySlice<UInt8> {
        while buffer.count - position < count { try fill() }
        defer { position += count }
        return buffer[position..<(position + count)]
    }
}
