import ArgusHTTP
import ArgusTesting
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

@testable import Exporters

/// A push gateway served in-process on 127.0.0.1 with an ephemeral port.
struct RunningPushgateway {
    let url: String
    let server: PushgatewayServer
}

/// Runs a push gateway for the duration of `body`, then shuts it down
/// gracefully (which writes the persistence file, when there is one).
func withPushgateway(
    _ configure: (inout PushgatewayOptions) -> Void = { _ in },
    _ body: (RunningPushgateway) async throws -> Void
) async throws {
    var options = PushgatewayOptions()
    options.listenAddress = ListenAddress(host: "127.0.0.1", port: 0)
    configure(&options)
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "pushgateway-test")
    logger.logLevel = .critical
    let server = PushgatewayServer(
        options: options,
        status: PushgatewayStatus(buildInformation: ["version": "test"], flags: ["web.telemetry-path": "/metrics"]),
        logger: logger,
        onListening: { portContinuation.yield($0.port) })
    let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { portContinuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await tasks.waitForAll()
            throw PeerError(message: "the push gateway stopped before listening")
        }
        do {
            try await body(RunningPushgateway(url: "http://127.0.0.1:\(port)", server: server))
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

/// One HTTP exchange's outcome.
struct HTTPAnswer {
    var status: Int
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// Sends one request with async-http-client (which keeps percent escapes in
/// the path as given) and returns whatever the server answers.
func http(
    _ method: String, _ url: String, body: [UInt8]? = nil, headers: [(String, String)] = []
) async throws -> HTTPAnswer {
    var request = HTTPClientRequest(url: url)
    request.method = .init(rawValue: method)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .disallow
    let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    do {
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        try await client.shutdown()
        return HTTPAnswer(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: String(buffer: bytes))
    } catch {
        try? await client.shutdown()
        throw error
    }
}

func http(_ method: String, _ url: String, text: String, headers: [(String, String)] = []) async throws -> HTTPAnswer {
    try await http(method, url, body: Array(text.utf8), headers: headers)
}

/// Runs a blocking peer program on a thread of its own, so that it never
/// ties up a thread of the concurrency pool the in-process server needs.
func runOffPool(_ executable: String, _ arguments: [String], stdin: Data = Data()) async throws -> Peer.Result {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do {
                continuation.resume(returning: try Peer.run(executable, arguments, stdin: stdin))
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.start()
    }
}

/// The lines of an exposition that belong to pushed metrics (the gateway's
/// own `go_`, `process_` and `pushgateway_` families dropped), with the
/// values of non-zero push timestamps replaced by `<time>`.
func pushedExposition(_ text: String) -> String {
    var lines: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let words = line.split(separator: " ", maxSplits: 3)
        let name: Substring
        if line.hasPrefix("# "), words.count >= 3 {
            name = words[2]
        } else {
            name = line.prefix { $0 != "{" && $0 != " " }
        }
        if name.hasPrefix("go_") || name.hasPrefix("process_") || name.hasPrefix("pushgateway_") { continue }
        if !line.hasPrefix("#"), name == "push_time_seconds" || name == "push_failure_time_seconds",
            let space = line.lastIndex(of: " "), line[line.index(after: space)...] != "0"
        {
            lines.append(line[..<space] + " <time>")
            continue
        }
        lines.append(String(line))
    }
    return lines.joined(separator: "\n")
}
