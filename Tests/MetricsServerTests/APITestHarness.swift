import ArgusCore
import ArgusHTTP
import ArgusTesting
import Exposition
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Rules
import Scrape
import Storage
import TSDB

@testable import MetricsServer

/// A metrics server's router over a fresh TSDB, driven in-process.
struct APITestHarness {
    let db: DB
    let server: MetricsServer
    let directory: URL
    var targets: any TargetsProvider = NoTargets()
    var rules: RuleManager? = nil

    /// A harness whose TSDB holds `up` and `http_requests_total` for two
    /// targets, one sample every 15 s from 0 to 300 s.
    static func seeded(options: MetricsServerOptions = Self.defaultOptions) async throws -> APITestHarness {
        let harness = try await make(options: options)
        let appender = harness.db.appender()
        for step in 0...20 {
            let t = Int64(step) * 15_000
            for instance in ["a", "b"] {
                try appender.append(
                    ["__name__": "up", "job": "api", "instance": instance], timestamp: t, value: 1)
                try appender.append(
                    ["__name__": "http_requests_total", "job": "api", "instance": instance, "code": "200"],
                    timestamp: t, value: Double(step * 10))
            }
        }
        try appender.commit()
        return harness
    }

    static var defaultOptions: MetricsServerOptions {
        var options = MetricsServerOptions()
        options.enableRemoteWriteReceiver = true
        options.enableLifecycle = true
        options.enableAdminAPI = true
        return options
    }

    static func make(options: MetricsServerOptions = Self.defaultOptions, config: ConfigSource? = nil) async throws
        -> APITestHarness
    {
        let directory = try Fixtures.temporaryDirectory("argus-api")
        var options = options
        options.storagePath = directory.path
        let status = ServerStatus(
            buildInfo: .init(version: "test"), flags: [("query.timeout", "2m")], workingDirectory: "/",
            storageRetention: "15d")
        let server = MetricsServer(
            options: options, config: config ?? .defaultConfig(listenPort: 9090), status: status,
            logger: Logger(label: "test"), requestShutdown: {})
        let db = try server.openStorage()
        _ = await server.reloadConfig()
        status.isReady = true
        return APITestHarness(db: db, server: server, directory: directory)
    }

    /// Runs `body` with a client of the server's router.
    func withClient<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let app = Application(router: server.makeRouter(db: db, storage: db, targets: targets, rules: rules))
        return try await app.test(.router) { client in try await body(client) }
    }

    /// GETs `uri` and returns the status and body text.
    func get(_ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await withClient { client in
            try await client.execute(uri: uri, method: .get) { response in
                (response.status, String(buffer: response.body))
            }
        }
    }

    /// POSTs `body` to `uri` with `contentType`.
    func post(_ uri: String, body: [UInt8], contentType: String) async throws -> (HTTPResponse.Status, String) {
        try await withClient { client in
            try await client.execute(
                uri: uri, method: .post, headers: [.contentType: contentType], body: ByteBuffer(bytes: body)
            ) { response in
                (response.status, String(buffer: response.body))
            }
        }
    }
}

/// A scrape manager with no jobs.
struct NoTargets: TargetsProvider {
    func targets() async -> TargetsSnapshot {
        TargetsSnapshot(activeTargets: [], droppedTargets: [], droppedTargetCounts: [:])
    }
    func targetMetadata() async -> [TargetMetadata] { [] }
}
