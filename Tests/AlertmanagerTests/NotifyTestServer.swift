import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// An HTTP receiver on 127.0.0.1 for notifier tests: it records every POST
/// and answers from a script of (status, body) responses, then 200.
final class NotifyTestServer: Sendable {
    struct Request: Sendable {
        var path: String
        /// Header values by lower-cased name.
        var headers: [String: String]
        var body: String
        /// When the request arrived.
        var received: ContinuousClock.Instant
    }

    private let state: Mutex<(script: [(Int, String)], requests: [Request])>

    private init(script: [(Int, String)]) { state = Mutex((script, [])) }

    var requests: [Request] { state.withLock { $0.requests } }

    /// Runs `body` with the port of a server answering `script` in order.
    static func run(
        script: [(Int, String)] = [], _ body: @Sendable (_ port: Int, _ server: NotifyTestServer) async throws -> Void
    ) async throws {
        let server = NotifyTestServer(script: script)
        let router = Router()
        router.post("**") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 22)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let (status, text) = server.state.withLock { state in
                state.requests.append(
                    Request(
                        path: request.uri.path, headers: headers, body: String(buffer: bytes), received: .now))
                return state.script.isEmpty ? (200, "ok") : state.script.removeFirst()
            }
            return Response(
                status: .init(code: status), body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            guard let port = client.port else { throw CocoaError(.featureUnsupported) }
            try await body(port, server)
        }
    }
}
