import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An Alertmanager stand-in on 127.0.0.1 for tests: records every request
/// (path, headers, decoded alerts) and answers with a settable status.
/// While ``hold()`` is in force, answers wait until ``release()``.
final class AlertmanagerStub: Sendable {
    /// One request as received.
    struct Request: Sendable {
        var method: HTTPMethod
        var path: String
        var headers: HTTPHeaders
        var body: [UInt8]

        /// The posted alerts, decoded loosely as JSON objects.
        var alerts: [[String: Any]] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [[String: Any]] ?? []
        }

        /// The `alertname` of every posted alert, in order.
        var alertNames: [String] {
            alerts.map { (($0["labels"] as? [String: String]) ?? [:])["alertname"] ?? "" }
        }

        /// The labels of every posted alert, in order.
        var labels: [[String: String]] {
            alerts.map { ($0["labels"] as? [String: String]) ?? [:] }
        }
    }

    private struct State {
        var status: HTTPResponseStatus = .ok
        var requests: [Request] = []
        var holding = false
        var held: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())
    private let channel: Mutex<(any Channel)?> = Mutex(nil)
    private let portValue = Atomic<Int>(0)

    /// The port listened on.
    var port: Int { portValue.load(ordering: .relaxed) }
    /// `127.0.0.1:<port>`, the `__address__` of this stub.
    var address: String { "127.0.0.1:\(port)" }

    /// Starts a stub on an ephemeral port.
    static func start() async throws -> AlertmanagerStub {
        let stub = AlertmanagerStub()
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(stub: stub))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        stub.portValue.store(bound.localAddress?.port ?? 0, ordering: .relaxed)
        stub.channel.withLock { $0 = bound }
        return stub
    }

    /// Stops listening.
    func close() async {
        release()
        let current = channel.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await current?.close()
    }

    /// Answers later requests with `status`.
    func respond(_ status: HTTPResponseStatus) { state.withLock { $0.status = status } }

    /// Delays answers until ``release()``.
    func hold() { state.withLock { $0.holding = true } }

    /// Sends the delayed answers and stops delaying.
    func release() {
        let held = state.withLock { state in
            state.holding = false
            defer { state.held = [] }
            return state.held
        }
        for answer in held { answer() }
    }

    /// Requests whose answers are being delayed.
    var heldCount: Int { state.withLock { $0.held.count } }

    /// Every request so far, in arrival order.
    var requests: [Request] { state.withLock { $0.requests } }

    /// The names of all alerts received, in arrival order.
    var alertNames: [String] { requests.flatMap(\.alertNames) }

    /// Records `request` and calls `answer` with the status to answer, at
    /// once or, while held, on ``release()``.
    fileprivate func receive(_ request: Request, answer: @escaping @Sendable (HTTPResponseStatus) -> Void) {
        let immediate: HTTPResponseStatus? = state.withLock { state in
            state.requests.append(request)
            let status = state.status
            guard state.holding else { return status }
            state.held.append { answer(status) }
            return nil
        }
        if let immediate { answer(immediate) }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let stub: AlertmanagerStub
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(stub: AlertmanagerStub) { self.stub = stub }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let head else { return }
                self.head = nil
                let request = Request(method: head.method, path: head.uri, headers: head.headers, body: body)
                let version = head.version
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                let eventLoop = context.eventLoop
                stub.receive(request) { status in
                    eventLoop.execute {
                        let (handler, context) = bound.value
                        handler.answer(context: context, version: version, status: status)
                    }
                }
            }
        }

        private func answer(context: ChannelHandlerContext, version: HTTPVersion, status: HTTPResponseStatus) {
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "0")
            // No keep-alive: a pooled connection to a closed stub must never
            // reach a later stub that was given the same port.
            headers.add(name: "Connection", value: "close")
            let responseHead = HTTPResponseHead(version: version, status: status, headers: headers)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
        }
    }
}
