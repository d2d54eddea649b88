import Foundation
import Synchronization

/// An SMTP server on 127.0.0.1 that accepts one message's envelope and `DATA`, reads only the
/// first `readBytes` bytes of the message, waits until the client has sent all of it (end of
/// data included, unread in the socket), then resets the connection (`SO_LINGER` 0): what a
/// server that crashes or gives up mid-message does. Such a message was never delivered.
final class ResettingSMTPServer: Sendable {
    let port: Int
    private let listener: Int32

    init(readBytes: Int) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Bool in
                bind(listener, raw, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, raw, &length) == 0
            }
        }
        guard bound else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { Self.serveOne(listener: listener, readBytes: readBytes) }
    }

    deinit { close(listener) }

    var url: String { "smtp://127.0.0.1:\(port)" }

    private static func serveOne(listener: Int32, readBytes: Int) {
        let client = accept(listener, nil, nil)
        guard client >= 0 else { return }
        func say(_ line: String) { _ = line.withCString { send(client, $0, strlen($0), 0) } }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var pending = ""
        say("220 resetting.test ESMTP\r\n")
        commands: while true {
            let n = recv(client, &buffer, readBytes > 0 ? 1 : buffer.count, 0)  // one byte at a time: never past DATA
            guard n > 0 else { close(client); return }
            pending += String(decoding: buffer[0..<n], as: UTF8.self)
            guard pending.hasSuffix("\r\n") else { continue }
            let command = pending.uppercased()
            pending = ""
            if command.hasPrefix("EHLO") { say("250-resetting.test\r\n250 SIZE 10000000\r\n") }
            else if command.hasPrefix("DATA") { say("354 go ahead\r\n"); break commands }
            else { say("250 OK\r\n") }
        }
        var read = 0
        while read < readBytes {
            let n = recv(client, &buffer, min(buffer.count, readBytes - read), 0)
            guard n > 0 else { close(client); return }
            read += n
        }
        // Wait (10 s at most) until the end of data is in the socket, unread.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let n = recv(client, &buffer, buffer.count, Int32(MSG_PEEK | MSG_DONTWAIT))
            if n >= 5, buffer[(n - 5)..<n] == [13, 10, 46, 13, 10] { break }
            usleep(10_000)
        }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(client)
    }
}
