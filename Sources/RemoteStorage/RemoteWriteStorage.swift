import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import CoreMetrics
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// All remote-write queues of a metrics server (upstream's `remote.WriteStorage`).
///
/// The server calls ``apply(_:externalLabels:)`` with `remote_write` of
/// `prometheus.yml` at start and on every reload, and ``append(batch:)`` after
/// each successful local commit (or appends through a
/// ``RemoteWriteAppendable``, which does that). Run it as a `Service`: on
/// graceful shutdown every queue flushes for up to
/// ``RemoteWriteOptions/flushDeadline`` and leaves the rest on disk. Put it
/// before the scrape manager and remote-write receiver in the `ServiceGroup`
/// so it stops after them and gets their last samples.
///
/// Each queue buffers under `<directory>/<queue>/`, where `<queue>` is the
/// config's `name` (characters other than letters, digits, `-`, `_` and `.`
/// replaced by `_`) or `url-<hash of the URL>`; the directory therefore
/// survives edits of the other fields.
public final class RemoteWriteStorage: Service, Sendable {
    /// Upstream's `User-Agent` is `Prometheus/<version>`.
    public static let defaultUserAgent = "Argus/0.1"

    private struct Queue: Sendable {
        var config: RemoteWriteConfig
        var externalLabels: Labels
        var manager: QueueManager
    }

    private struct State {
        var queues: [Queue] = []
        var shutDown = false
    }

    /// The directory holding one subdirectory per queue.
    public let directory: String
    let options: RemoteWriteOptions
    let userAgent: String
    /// HTTP/1.1 without redirects, one client per distinct `tls_config`.
    let clients: HTTPClients
    let metricsFactory: any MetricsFactory
    let logger: Logger
    let highestTimestamp: Gauge
    private let highestTimestampValue = Atomic<Int64>(.min)
    private let state = Mutex(State())

    /// The directory under `storage.tsdb.path` where queues buffer, as upstream keeps its WAL there.
    public static func directory(forTSDBPath path: String) -> String { path + "/remote-write" }

    /// - Parameters:
    ///   - directory: Where the queues' buffers live (see ``directory(forTSDBPath:)``).
    ///   - metricsFactory: Where the `prometheus_remote_storage_*` metrics are created.
    public init(
        directory: String,
        options: RemoteWriteOptions = RemoteWriteOptions(),
        userAgent: String = RemoteWriteStorage.defaultUserAgent,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        logger: Logger
    ) {
        self.directory = directory
        self.options = options
        self.userAgent = userAgent
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.httpVersion = .http1Only
        clients = HTTPClients(configuration: configuration)
        self.metricsFactory = metricsFactory
        self.logger = logger
        highestTimestamp = Gauge(
            label: "prometheus_remote_storage_highest_timestamp_in_seconds", dimensions: [], factory: metricsFactory)
    }

    /// The running queues, in configuration order.
    public var queues: [QueueManager] { state.withLock { $0.queues.map(\.manager) } }

    /// Makes the running queues match `configs`: queues whose config and
    /// external labels are unchanged keep running; the others are stopped
    /// (flushed, their rest kept on disk) and new ones started, resuming any
    /// buffer left in their directory. Calls must not overlap.
    ///
    /// - Throws: ``RemoteStorageError`` for a config this sender does not
    ///   support (nothing is changed then) or a buffer that cannot be opened
    ///   (the queues opened so far keep running).
    public func apply(_ configs: [RemoteWriteConfig], externalLabels: Labels, directory: String = "")
        async throws(RemoteStorageError)
    {
        var clients: [RemoteWriteClient] = []
        for config in configs {
            let http = try self.clients.client(
                for: config.httpClientConfig, section: "remote_write", url: config.url, directory: directory)
            clients.append(
                try RemoteWriteClient(config: config, httpClient: http, userAgent: userAgent, directory: directory))
        }
        let (kept, removed): ([Queue?], [Queue]) = state.withLock { state in
            var old = state.queues
            var kept: [Queue?] = []
            for config in configs {
                if let index = old.firstIndex(where: { $0.config == config && $0.externalLabels == externalLabels }) {
                    kept.append(old.remove(at: index))
                } else {
                    kept.append(nil)
                }
            }
            if state.shutDown { return ([], []) }
            state.queues = kept.compactMap { $0 }
            return (kept, old)
        }
        for queue in removed { await queue.manager.stop() }
        var result: [Queue] = []
        var usedDirectories: Set<String> = []
        var firstError: RemoteStorageError?
        for (index, config) in configs.enumerated() {
            var key = Self.queueDirectoryName(config)
            var suffix = 2
            while usedDirectories.contains(key) {
                key = Self.queueDirectoryName(config) + "-\(suffix)"
                suffix += 1
            }
            usedDirectories.insert(key)
            if index < kept.count, let queue = kept[index] {
                result.append(queue)
                continue
            }
            do {
                let manager = try QueueManager(
                    config: config, externalLabels: externalLabels, name: Self.remoteName(config),
                    directory: directory + "/" + key, client: clients[index], options: options,
                    metricsFactory: metricsFactory, logger: logger)
                result.append(Queue(config: config, externalLabels: externalLabels, manager: manager))
                manager.start()
            } catch {
                logger.error(
                    "Could not open remote-write queue", metadata: ["url": "\(config.url)", "error": "\(error)"])
                if firstError == nil { firstError = error }
            }
        }
        let stale: [Queue] = state.withLock { state in
            if state.shutDown { return result }
            state.queues = result
            return []
        }
        for queue in stale { await queue.manager.stop() }
        if let firstError { throw firstError }
    }

    /// Hands samples committed locally to every queue. Returns once they are
    /// in each queue's on-disk buffer; never waits for a remote end.
    public func append(batch: [AppendedSample]) {
        guard !batch.isEmpty else { return }
        let newest = batch.reduce(Int64.min) { max($0, $1.timestamp) }
        var current = highestTimestampValue.load(ordering: .relaxed)
        while newest > current {
            let (exchanged, actual) = highestTimestampValue.compareExchange(
                expected: current, desired: newest, ordering: .relaxed)
            current = exchanged ? newest : actual
        }
        highestTimestamp.record(Double(current) / 1000)
        for queue in queues { queue.append(batch) }
    }

    /// Runs until graceful shutdown (or cancellation), then ``shutdown()``.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Stops every queue (each flushing for up to the flush deadline) and the
    /// HTTP client if the storage created it. Later appends are ignored.
    public func shutdown() async {
        let queues: [Queue] = state.withLock { state in
            defer {
                state.queues = []
                state.shutDown = true
            }
            return state.shutDown ? [] : state.queues
        }
        await withTaskGroup(of: Void.self) { group in
            for queue in queues {
                group.addTask { await queue.manager.stop() }
            }
        }
        await clients.shutdown()
    }

    /// `remote_name`: the config's name, or the first six hex digits of its URL's hash.
    static func remoteName(_ config: RemoteWriteConfig) -> String {
        config.name.isEmpty ? String(urlHash(config).prefix(6)) : config.name
    }

    /// The queue's subdirectory name.
    static func queueDirectoryName(_ config: RemoteWriteConfig) -> String {
        guard !config.name.isEmpty else { return "url-" + urlHash(config) }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let name = String(config.name.map { allowed.contains($0) ? $0 : "_" })
        return name == "." || name == ".." ? "_" + name : name
    }

    private static func urlHash(_ config: RemoteWriteConfig) -> String {
        let hex = String(XXHash64.hash(Array(config.url.string.utf8)), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
