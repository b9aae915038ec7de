import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP server on 127.0.0.1 (port chosen by the kernel) that serves whatever the test
/// says, including faults: error statuses, garbage, huge bodies, redirects, never answering, and
/// answering the head at once but the body one byte at a time.
final class KeyServer: Sendable {
    struct Reply: Sendable {
        var status: HTTPResponseStatus = .ok
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        /// Never answer (the client's deadline must end the request).
        var hang = false
        /// Answer after this many milliseconds.
        var delayMilliseconds: Int64 = 0
        /// When positive: send the head at once, then the body one byte per this many
        /// milliseconds (until the body ends or the client goes away).
        var dripMilliseconds: Int64 = 0

        static func json(_ text: String, headers: [(String, String)] = []) -> Reply {
            Reply(status: .ok, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
        }
    }

    struct Recorded: Sendable {
        let path: String
        let ifNoneMatch: String?
        var method: HTTPMethod = .GET
        var headers: HTTPHeaders = [:]
        var body: [UInt8] = []

        /// The body as `application/x-www-form-urlencoded` fields (percent-decoded, `+` as space).
        var form: [String: String] {
            var fields: [String: String] = [:]
            for pair in String(decoding: self.body, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func decode(_ text: Substring) -> String { text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
                fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
            }
            return fields
        }
    }

    private let channel: any Channel
    let port: Int
    private let responder: Mutex<@Sendable (String, String?) -> Reply>
    private let recorded = Mutex<[Recorded]>([])
    private let dripped = Mutex(0)

    private init(channel: any Channel, port: Int, responder: @escaping @Sendable (String, String?) -> Reply) {
        self.channel = channel
        self.port = port
        self.responder = Mutex(responder)
    }

    /// Starts a server answering every request with `reply(path)`.
    static func start(_ reply: @escaping @Sendable (String) -> Reply = { _ in Reply(status: .notFound) }) async throws -> KeyServer {
        let box = Mutex<KeyServer?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(server: { box.withLock { $0 } }))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let server = KeyServer(channel: channel, port: channel.localAddress!.port!, responder: { path, _ in reply(path) })
        box.withLock { $0 = server }
        return server
    }

    /// The base URL, `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(self.port)" }

    /// Replaces the answer for every later request.
    func respond(_ reply: @escaping @Sendable (String) -> Reply) {
        self.responder.withLock { $0 = { path, _ in reply(path) } }
    }

    /// Replaces the answer, with access to `If-None-Match`.
    func respondConditionally(_ reply: @escaping @Sendable (String, String?) -> Reply) {
        self.responder.withLock { $0 = reply }
    }

    var requests: [Recorded] { self.recorded.withLock { $0 } }

    func requestCount(path: String) -> Int { self.requests.filter { $0.path == path }.count }

    /// How many body bytes were sent one at a time (see ``Reply/dripMilliseconds``).
    var bytesDripped: Int { self.dripped.withLock { $0 } }

    func close() async throws {
        try await self.channel.close()
    }

    fileprivate func reply(_ request: Recorded) -> Reply {
        let path = request.path
        let ifNoneMatch = request.ifNoneMatch
        self.recorded.withLock { $0.append(request) }
        return self.responder.withLock { $0 }(path, ifNoneMatch)
    }

    fileprivate func countDrippedByte() {
        self.dripped.withLock { $0 += 1 }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let server: () -> KeyServer?
        private var path = "/"
        private var ifNoneMatch: String?
        private var method: HTTPMethod = .GET
        private var headers: HTTPHeaders = [:]
        private var body: [UInt8] = []

        init(server: @escaping () -> KeyServer?) {
            self.server = server
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch self.unwrapInboundIn(data) {
            case .head(let head):
                self.path = head.uri
                self.ifNoneMatch = head.headers.first(name: "If-None-Match")
                self.method = head.method
                self.headers = head.headers
                self.body = []
            case .body(let buffer):
                self.body += buffer.readableBytesView
            case .end:
                guard let server = self.server() else { return }
                let reply = server.reply(
                    Recorded(path: self.path, ifNoneMatch: self.ifNoneMatch, method: self.method, headers: self.headers, body: self.body)
                )
                if reply.hang { return }
                if reply.delayMilliseconds > 0 {
                    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                    context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(reply.delayMilliseconds)) {
                        let (handler, context) = loopBound.value
                        handler.write(reply, context: context)
                    }
                    return
                }
                self.write(reply, context: context)
            }
        }

        /// Sends byte `index` of the body, then schedules the next one; ends the response after
        /// the last byte, and stops when the client has gone.
        private func drip(_ reply: Reply, index: Int, context: ChannelHandlerContext) {
            guard context.channel.isActive else { return }
            guard index < reply.body.count else {
                context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            var buffer = context.channel.allocator.buffer(capacity: 1)
            buffer.writeInteger(reply.body[index])
            context.writeAndFlush(self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            self.server()?.countDrippedByte()
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(reply.dripMilliseconds)) {
                let (handler, context) = loopBound.value
                handler.drip(reply, index: index + 1, context: context)
            }
        }

        private func write(_ reply: Reply, context: ChannelHandlerContext) {
            var headers = HTTPHeaders(reply.headers)
            headers.replaceOrAdd(name: "Content-Length", value: "\(reply.body.count)")
            context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: reply.status, headers: headers))), promise: nil)
            if reply.dripMilliseconds > 0 {
                context.flush()
                self.drip(reply, index: 0, context: context)
                return
            }
            var buffer = context.channel.allocator.buffer(capacity: reply.body.count)
            buffer.writeBytes(reply.body)
            context.write(self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
