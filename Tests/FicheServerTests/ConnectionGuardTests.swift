import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import FicheServer

/// The connection guard on an embedded channel (virtual time): what a connection may take to
/// send its request, and what a new connection does once the cap is reached.
@Suite struct ConnectionGuardTests {
    static let limits = ConnectionLimits(maxConnections: 2, requestTimeout: .seconds(10), keepAliveTimeout: .seconds(30))

    /// A connection as the server builds it: HTTP/1 decoder and encoder, then the guard.
    static func connection(_ registry: ConnectionRegistry) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(HTTPResponseEncoder())
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
        try channel.pipeline.syncOperations.addHandler(ConnectionGuardHandler(registry: registry))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return channel
    }

    static func send(_ text: String, to channel: EmbeddedChannel) throws {
        try channel.writeInbound(channel.allocator.buffer(string: text))
    }

    /// What the router would write: a 200 with a body.
    static func respond(on channel: EmbeddedChannel) throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Length", value: "2")
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
        try channel.writeOutbound(HTTPServerResponsePart.body(.byteBuffer(channel.allocator.buffer(string: "ok"))))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
    }

    /// Everything the server wrote, as text.
    static func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    @Test func aConnectionThatSendsNothingIsClosedAfterTheRequestTimeout() throws {
        let channel = try Self.connection(ConnectionRegistry(limits: Self.limits))
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive, "closed 10 s after opening without a request")
    }

    @Test func aHeaderSentAByteAtATimeIsCutAtTheDeadline() throws {
        let channel = try Self.connection(ConnectionRegistry(limits: Self.limits))
        try Self.send("GET /departements/95 HTTP/1.1\r\n", to: channel)
        for _ in 0..<9 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
            guard channel.isActive else { break }
            try Self.send("X", to: channel)
        }
        #expect(channel.isActive, "still within its 10 s")
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive, "a byte every second does not extend the deadline")
        #expect(try channel.readInbound(as: HTTPServerRequestPart.self) == nil, "no request reached the router")
    }

    @Test func aSlowAnswerIsNotCutAndTheNextRequestHasTheKeepAliveTimeout() throws {
        let channel = try Self.connection(ConnectionRegistry(limits: Self.limits))
        try Self.send("GET /regions/11.zip HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        // Rendering a région: minutes of response time, not request time.
        channel.embeddedEventLoop.advanceTime(by: .seconds(600))
        #expect(channel.isActive)
        try Self.respond(on: channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(channel.isActive, "kept alive 30 s for the next request")
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    @Test func aClientThatReadsNothingOfItsAnswerIsCutButASlowReaderIsNot() throws {
        let channel = try Self.connection(ConnectionRegistry(limits: Self.limits))
        try Self.send("GET /regions/11.zip HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        // The zip is being written; the client reads a little now and then: never cut.
        for _ in 0..<5 {
            channel.isWritable = false
            channel.pipeline.fireChannelWritabilityChanged()
            channel.embeddedEventLoop.advanceTime(by: .seconds(50))
            channel.isWritable = true
            channel.pipeline.fireChannelWritabilityChanged()
        }
        #expect(channel.isActive, "a slow reader keeps its connection")
        // Then it reads nothing more.
        channel.isWritable = false
        channel.pipeline.fireChannelWritabilityChanged()
        channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive, "cut after 60 s without reading")
    }

    @Test func aNewConnectionPastTheCapClosesTheOneIdleTheLongest() throws {
        let registry = ConnectionRegistry(limits: Self.limits)
        let oldest = try Self.connection(registry)
        let busy = try Self.connection(registry)
        try Self.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n", to: busy)
        let newcomer = try Self.connection(registry)
        #expect(!oldest.isActive, "the idle one made room")
        #expect(busy.isActive, "a connection with a request in progress is never closed for a newcomer")
        #expect(newcomer.isActive)
        try Self.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n", to: newcomer)
        if case .head? = try newcomer.readInbound(as: HTTPServerRequestPart.self) {} else {
            Issue.record("the newcomer's request reaches the router")
        }
        #expect(registry.counts.served == 2 && registry.counts.evicted == 1)
    }

    @Test func whenEveryConnectionIsBusyANewOneGetsA503AndIsClosed() throws {
        let registry = ConnectionRegistry(limits: Self.limits)
        let busy = try (0..<2).map { _ in try Self.connection(registry) }
        for channel in busy { try Self.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n", to: channel) }
        let refused = try Self.connection(registry)
        try Self.send("GET /departements/95 HTTP/1.1\r\nHost: x\r\n\r\n", to: refused)
        #expect(try refused.readInbound(as: HTTPServerRequestPart.self) == nil, "the router never sees it")
        let answer = try Self.written(refused)
        #expect(answer.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"), "\(answer)")
        #expect(answer.lowercased().contains("retry-after: 10\r\n") && answer.lowercased().contains("connection: close\r\n"))
        #expect(answer.contains("Serveur saturé"))
        #expect(!refused.isActive, "closed once answered")
        let stillServed = busy.allSatisfy { $0.isActive }
        #expect(stillServed)
        #expect(registry.counts.refusalsPending == 0 && registry.counts.refused == 1)
    }

    @Test func theConnectionClosedForANewcomerIsTheOneIdleTheLongestAfterManyRequests() throws {
        let registry = ConnectionRegistry(limits: ConnectionLimits(maxConnections: 3))
        func connected() throws -> EmbeddedChannel {
            let channel = EmbeddedChannel()
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
            return channel
        }
        let channels = try (0..<3).map { _ in try connected() }
        var numbers: [Int] = []
        for channel in channels {
            guard case let .served(number) = registry.admit(channel) else { Issue.record("admitted"); return }
            numbers.append(number)
        }
        // Thousands of requests on the first two: the third has been idle the longest.
        for _ in 0..<5000 {
            for number in numbers.prefix(2) {
                registry.becameBusy(number)
                registry.becameIdle(number)
            }
        }
        #expect(registry.admit(try connected()) != .refused)
        #expect(!channels[2].isActive && channels[0].isActive && channels[1].isActive)
        // Then the first of the two, which went idle before the second.
        _ = registry.admit(try connected())
        #expect(!channels[0].isActive && channels[1].isActive)
    }

    @Test func theDefaultCapKeepsAReserveBelowTheOpenFileLimit() {
        for limit in [1024, 4096, 20_000, 1 << 20] {
            let cap = ConnectionLimits.maximumConnections(descriptorLimit: limit)
            let limits = ConnectionLimits(maxConnections: cap)
            #expect(cap + limits.refusals + ConnectionLimits.reservedDescriptors(limit: limit) <= limit, "\(limit)")
            #expect(cap >= limit / 2, "\(limit)")
        }
    }

    /// A connection with the HTTP/1.0 handler after the guard, as the server builds it.
    static func http10Connection() throws -> EmbeddedChannel {
        let channel = try connection(ConnectionRegistry(limits: limits))
        try channel.pipeline.syncOperations.addHandler(HTTP10ConnectionHandler())
        return channel
    }

    @Test func anHTTP10RequestIsAnsweredAsHTTP10AndTheConnectionClosed() throws {
        let channel = try Self.http10Connection()
        try Self.send("GET / HTTP/1.0\r\nHost: x\r\n\r\n", to: channel)
        // What reaches the router says Connection: close, so Hummingbird stops after the answer.
        let head = try #require(try channel.readInbound(as: HTTPServerRequestPart.self))
        guard case let .head(request) = head else { Issue.record("no head"); return }
        #expect(request.headers["Connection"] == ["close"])
        try Self.respond(on: channel)
        let text = try Self.written(channel)
        #expect(text.hasPrefix("HTTP/1.0 200 OK\r\n") && text.contains("Connection: close\r\n"), "\(text)")
        #expect(!channel.isActive, "closed after the answer")
    }

    @Test func anHTTP10KeepAliveRequestIsKeptAliveForAnAnswerOfKnownLength() throws {
        let channel = try Self.http10Connection()
        try Self.send("GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n", to: channel)
        try Self.respond(on: channel)
        let text = try Self.written(channel)
        #expect(text.hasPrefix("HTTP/1.0 200 OK\r\n") && text.contains("Connection: keep-alive\r\n"), "\(text)")
        #expect(channel.isActive)
    }

    @Test func anHTTP11RequestIsLeftAsItIs() throws {
        let channel = try Self.http10Connection()
        try Self.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n", to: channel)
        try Self.respond(on: channel)
        let text = try Self.written(channel)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n") && !text.contains("Connection:"), "\(text)")
        #expect(channel.isActive)
    }
}
