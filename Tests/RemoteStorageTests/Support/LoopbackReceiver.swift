import ArgusCore
import Exposition
import NIOCore
import NIOHTTP1
import NIOPosix
import RemoteStorage
import Synchronization

/// A remote-write receiver on 127.0.0.1 for tests: decodes every request body
/// with `RemoteWrite.decodeBody`, answers from a script of responses (then
/// the default one) and remembers what was received and accepted. With
/// ``serve(_:)`` it answers every request from a closure instead (a
/// remote-read endpoint).
final class LoopbackReceiver: Sendable {
    struct Response: Sendable {
        var status: HTTPResponseStatus = .noContent
        var headers: [(String, String)] = []
        var body: [UInt8] = []
    }

    struct Received: Sendable {
        var headers: HTTPHeaders
        var request: Prompb.WriteRequest
        var status: HTTPResponseStatus
    }

    private final class Exchange: Sendable {
        let state = Mutex<(script: [Response], fallback: Response, received: [Received])>(([], Response(), []))
        let server = Mutex<(@Sendable (HTTPRequestHead, [UInt8]) -> Response)?>(nil)

        func answer(_ head: HTTPRequestHead, _ body: [UInt8]) -> Response {
            if let server = server.withLock({ $0 }) { return server(head, body) }
            return state.withLock { state in
                let response = state.script.isEmpty ? state.fallback : state.script.removeFirst()
                let request = (try? RemoteWrite.decodeBody(body)) ?? Prompb.WriteRequest()
                state.received.append(Received(headers: head.headers, request: request, status: response.status))
                return response
            }
        }
    }

    private let exchange = Exchange()
    private let channel: Mutex<(any Channel)?> = Mutex(nil)
    private let portValue: Atomic<Int>

    /// The port listened on (or to listen on).
    var port: Int { portValue.load(ordering: .relaxed) }

    var url: String { "http://127.0.0.1:\(port)/api/v1/write" }

    private init(port: Int) { portValue = Atomic(port) }

    /// Starts a receiver on `port` (an ephemeral one when 0).
    static func start(port: Int = 0) async throws -> LoopbackReceiver {
        let receiver = LoopbackReceiver(port: port)
        try await receiver.listen()
        return receiver
    }

    /// A receiver that is not listening yet, on a port free now.
    static func stopped() async throws -> LoopbackReceiver {
        let probe = try await start()
        await probe.close()
        return LoopbackReceiver(port: probe.port)
    }

    /// Starts listening on this receiver's port.
    func listen() async throws {
        let exchange = self.exchange
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(exchange: exchange))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        portValue.store(bound.localAddress?.port ?? port, ordering: .relaxed)
        channel.withLock { $0 = bound }
    }

    func close() async {
        let current = channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await current?.close()
    }

    /// Answers the next requests with `responses`, in order.
    /// Answers every request from now on with `answer`.
    func serve(_ answer: @escaping @Sendable (HTTPRequestHead, [UInt8]) -> Response) {
        exchange.server.withLock { $0 = answer }
    }

    func script(_ responses: [Response]) { exchange.state.withLock { $0.script += responses } }

    /// Answers requests beyond the script with `response`.
    func respond(_ response: Response) { exchange.state.withLock { $0.fallback = response } }

    var received: [Received] { exchange.state.withLock { $0.received } }

    /// Samples of accepted (2xx) requests, in arrival order.
    var accepted: [AppendedSample] {
        received.filter { $0.status.code / 100 == 2 }.flatMap { Self.samples(of: $0.request) }
    }

    static func samples(of request: Prompb.WriteRequest) -> [AppendedSample] {
        request.timeseries.flatMap { series in
            let labels = Labels(series.labels.map { Label($0.name, $0.value) })
            return series.samples.map { AppendedSample(labels: labels, timestamp: $0.timestamp, value: $0.value) }
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let exchange: Exchange
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(exchange: Exchange) { self.exchange = exchange }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let head else { return }
                let response = exchange.answer(head, body)
                var headers = HTTPHeaders()
                for (name, value) in response.headers { headers.add(name: name, value: value) }
                headers.add(name: "Content-Length", value: String(response.body.count))
                let responseHead = HTTPResponseHead(version: head.version, status: response.status, headers: headers)
                context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                if !response.body.isEmpty {
                    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
                }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                self.head = nil
            }
        }
    }
}
