import ArgusConfig
import ArgusCore
import ArgusTesting
import AsyncHTTPClient
import MetricsTestKit
import NIOHTTP1
import RemoteStorage
import Storage
import Testing

@Suite struct RemoteWriteStorageTests {
    @Test func forwardsCommittedSamplesOnlyAfterTheLocalCommit() async throws {
        let receiver = try await LoopbackReceiver.start()
        defer { Task { await receiver.close() } }
        let metrics = TestMetrics()
        let storage = RemoteWriteStorage(
            directory: QueueFixture.temporaryDirectory(), userAgent: "a",
            metricsFactory: metrics, logger: QueueFixture.logger)
        try await storage.apply([QueueFixture.config(receiver.url)], externalLabels: ["replica": "1"])
        let local = MemoryStorage()
        let appendable = RemoteWriteAppendable(local, storage: storage)

        let discarded = appendable.appender()
        try discarded.append(["__name__": "gone"], timestamp: 1, value: 1)
        discarded.rollback()

        let appender = appendable.appender()
        try appender.append(["__name__": "up"], timestamp: 2000, value: 1)
        try appender.append(["__name__": "up"], timestamp: 3000, value: 0)
        try appender.commit()

        #expect(await eventually { receiver.accepted.count >= 2 })
        await storage.shutdown()
        #expect(local.seriesCount == 1)
        #expect(
            receiver.accepted == [
                AppendedSample(labels: ["__name__": "up", "replica": "1"], timestamp: 2000, value: 1),
                AppendedSample(labels: ["__name__": "up", "replica": "1"], timestamp: 3000, value: 0),
            ])
        #expect(try metrics.expectGauge("prometheus_remote_storage_highest_timestamp_in_seconds").lastValue == 3)
    }

    @Test func keepsUnchangedQueuesOnReload() async throws {
        let storage = RemoteWriteStorage(
            directory: QueueFixture.temporaryDirectory(), metricsFactory: TestMetrics(),
            logger: QueueFixture.logger)
        let first = try QueueFixture.config("http://127.0.0.1:1/a") { $0.name = "a" }
        let second = try QueueFixture.config("http://127.0.0.1:1/b")
        try await storage.apply([first, second], externalLabels: Labels())
        let before = storage.queues
        #expect(before.map(\.name).first == "a")

        var changed = second
        changed.queueConfig.maxSamplesPerSend = 7
        try await storage.apply([first, changed], externalLabels: Labels())
        let after = storage.queues
        #expect(after.count == 2)
        #expect(after[0] === before[0])
        #expect(after[1] !== before[1])
        #expect(after[1].directory == before[1].directory)

        try await storage.apply([], externalLabels: Labels())
        #expect(storage.queues.isEmpty)

        var unsupported = first
        unsupported.httpClientConfig.proxyFromEnvironment = true
        await #expect(throws: RemoteStorageError.self) {
            try await storage.apply([unsupported], externalLabels: Labels())
        }
        // A tls_config that cannot be loaded is refused naming the endpoint and the setting.
        var unreadable = first
        unreadable.httpClientConfig.tlsConfig.caFile = "missing-ca.pem"
        let caError = await #expect(throws: RemoteStorageError.self) {
            try await storage.apply([unreadable], externalLabels: Labels())
        }
        #expect(caError?.message.hasPrefix("remote_write http://127.0.0.1:1/a: tls_config: ") == true)
        var named = first
        named.httpClientConfig.tlsConfig.serverName = "::1"
        let nameError = await #expect(throws: RemoteStorageError.self) {
            try await storage.apply([named], externalLabels: Labels())
        }
        #expect(
            nameError?.message
                == "remote_write http://127.0.0.1:1/a: tls_config: server_name ::1: an IP address is not supported yet by Argus"
        )
        #expect(storage.queues.isEmpty)
        await storage.shutdown()
    }
}

@Suite struct RemoteWriteProxySettingsTests {
    @Test func unsupportedProxySettingsAreRefusedNamingThem() async throws {
        let storage = RemoteWriteStorage(
            directory: QueueFixture.temporaryDirectory(), metricsFactory: TestMetrics(),
            logger: QueueFixture.logger)
        var fromEnvironment = HTTPClientConfig()
        fromEnvironment.proxyFromEnvironment = true
        var noProxy = HTTPClientConfig()
        noProxy.noProxy = "localhost"
        var https = HTTPClientConfig()
        https.proxyURL = try ConfigURL(parsing: "https://proxy:3128")
        var socks = HTTPClientConfig()
        socks.proxyURL = try ConfigURL(parsing: "socks5://u:p@proxy")
        for (http, message) in [
            (fromEnvironment, "proxy_from_environment is not supported yet"),
            (noProxy, "no_proxy is not supported yet"),
            (https, "proxy_url https://proxy:3128: scheme https is not supported yet"),
            (socks, "SOCKS5 credentials are not supported yet"),
        ] {
            var proxy = try QueueFixture.config("http://127.0.0.1:1/write")
            proxy.httpClientConfig = http
            let error = await #expect(throws: RemoteStorageError.self) {
                try await storage.apply([proxy], externalLabels: Labels())
            }
            let text = error?.message ?? ""
            #expect(error?.kind == .unsupportedConfig)
            #expect(text.hasPrefix("remote_write http://127.0.0.1:1/write: ") && text.contains(message), "\(text)")
        }
        #expect(storage.queues.isEmpty)
        await storage.shutdown()
    }
}
