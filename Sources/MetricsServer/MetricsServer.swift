import ArgusConfig
import ArgusCore
import ArgusHTTP
import AsyncHTTPClient
import Discovery
import Foundation
import Hummingbird
import Logging
import Metrics
import Notifier
import PromQL
import Prometheus
import RemoteStorage
import Rules
import Scrape
import ServiceLifecycle
import Storage
import Synchronization
import TSDB
import UnixSignals

/// `argus metrics`: the Prometheus server. Opens the TSDB under
/// `--storage.tsdb.path`, serves the HTTP API, and runs the head's
/// housekeeping (block cutting, compaction, retention) until shut down.
public final class MetricsServer: Service, Sendable {
    public let options: MetricsServerOptions
    public let status: ServerStatus
    let configSource: ConfigSource
    let currentConfig = Mutex<PrometheusConfig?>(nil)
    let reloadGate = SerialGate()
    let configMetrics: ConfigMetrics
    /// The components that take each new configuration, in order.
    let subscribers = Mutex<[@Sendable (PrometheusConfig) async throws -> Void]>([])
    let logger: Logger
    let selfMetrics: SelfMetrics
    /// Called with the bound address once the server listens.
    let onListening: @Sendable (ListenAddress) async -> Void
    /// Asks the process to shut down (`/-/quit`).
    let requestShutdown: @Sendable () async -> Void
    /// `global.query_log_file`, switched on every configuration.
    let queryLog = QueryLog()

    public init(
        options: MetricsServerOptions,
        config: ConfigSource,
        status: ServerStatus,
        logger: Logger,
        selfMetrics: SelfMetrics = SelfMetrics(),
        onListening: @escaping @Sendable (ListenAddress) async -> Void = { _ in },
        requestShutdown: @escaping @Sendable () async -> Void
    ) {
        self.options = options
        self.configSource = config
        self.configMetrics = ConfigMetrics(factory: selfMetrics.factory)
        self.status = status
        self.logger = logger
        self.selfMetrics = selfMetrics
        self.onListening = onListening
        self.requestShutdown = requestShutdown
        subscribe { [queryLog, logger, configSource] config in
            let file = config.global.queryLogFile
            let path = file.isEmpty || file.hasPrefix("/") ? file : configSource.directory + "/" + file
            let previous = queryLog.path
            try queryLog.use(path: path)
            if path != previous { logger.info("Query log set", metadata: ["file": "\(path)"]) }
        }
    }

    var configSubscribers: [@Sendable (PrometheusConfig) async throws -> Void] { subscribers.withLock { $0 } }

    /// Adds a component that takes every new configuration.
    func subscribe(_ apply: @escaping @Sendable (PrometheusConfig) async throws -> Void) {
        subscribers.withLock { $0.append(apply) }
    }

    public func run() async throws {
        options.features.log(to: logger)
        let db = try openStorage()
        let clients = HTTPClients(configuration: HTTPScraper.clientConfiguration())
        let userAgent = "Argus/\(status.buildInfo.version)"
        let path = options.storagePath.hasSuffix("/") ? String(options.storagePath.dropLast()) : options.storagePath
        let remote = RemoteWriteStorage(
            directory: RemoteWriteStorage.directory(forTSDBPath: path), userAgent: userAgent,
            metricsFactory: selfMetrics.factory, logger: logger)
        // Everything appended locally is also queued for every remote_write.
        let storage = RemoteWriteAppendable(db, storage: remote)
        let remoteRead = RemoteReadStorage(userAgent: userAgent, metricsFactory: selfMetrics.factory) {
            db.blockMetas.map(\.minTime).min() ?? Int64(Date().timeIntervalSince1970 * 1000)
        }
        let scrapeManager = ScrapeManager(
            storage: storage, httpClient: clients.shared, userAgent: userAgent, logger: logger,
            metricsFactory: selfMetrics.factory)
        let discovery = DiscoveryManager(
            name: "scrape", logger: logger, metricsFactory: selfMetrics.factory)
        let directory = configSource.directory
        let notifier = AlertNotifier(
            options: NotifierOptions(
                queueCapacity: options.notificationQueueCapacity,
                drainOnShutdown: options.drainNotificationQueueOnShutdown, userAgent: userAgent,
                stopsOnGracefulShutdown: false),
            clientProvider: { http in try clients.client(for: http, directory: directory) },
            logger: logger, metricsFactory: selfMetrics.factory)
        let ruleManager = makeRuleManager(db: db, storage: storage) { alerts in
            notifier.send(alerts.map(Alert.init))
        }
        // Rule files are loaded first: they are the likeliest part of a reload to fail, and a
        // failure must leave every component on the old configuration.
        subscribe { [options] config in
            ruleManager.defaultQueryOffset = config.global.ruleQueryOffset.milliseconds
            try ruleManager.update(
                files: config.resolvedRuleFiles(relativeTo: directory),
                interval: config.global.evaluationInterval.milliseconds,
                externalLabels: config.global.externalLabels,
                externalURL: options.ruleExternalURL(hostname: ProcessInfo.processInfo.hostName))
        }
        subscribe { config in try await notifier.applyConfig(config, directory: directory) }
        subscribe { [logger, selfMetrics] config in
            try remoteRead.apply(
                config.remoteRead, externalLabels: config.global.externalLabels,
                evaluationInterval: config.global.evaluationInterval.milliseconds, directory: directory)
            try await remote.apply(
                config.remoteWrite, externalLabels: config.global.externalLabels, directory: directory)
            let pools = try ScrapeSettings.poolOptions(config, directory: directory) { http in
                HTTPScraper(client: try clients.client(for: http, directory: directory), userAgent: userAgent)
            }
            let providers = try ScrapeSettings.providers(
                config, directory: directory, clients: clients, userAgent: userAgent, logger: logger,
                metricsFactory: selfMetrics.factory)
            await scrapeManager.applyOptions(pools)
            await discovery.apply(providers)
        }
        if let error = await reloadConfig() {
            await remote.shutdown()
            await remoteRead.shutdown()
            try? db.close()
            await clients.shutdown()
            throw error
        }
        let router = makeRouter(
            db: db, storage: storage, targets: scrapeManager, rules: ruleManager, notifier: notifier,
            remoteRead: remoteRead)
        let address = options.listenAddress
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { [logger, onListening, status] channel in
                let port = channel.localAddress?.port ?? address.port
                logger.info(
                    "Server is ready to receive web requests.", metadata: ["address": "\(address.host):\(port)"])
                status.isReady = true
                await onListening(ListenAddress(host: address.host, port: port))
            },
            logger: logger
        )
        var failure: (any Error)?
        do {
            try await runComponents(
                app: app, db: db, scrapeManager: scrapeManager, discovery: discovery, ruleManager: ruleManager,
                notifier: notifier)
        } catch {
            logger.error("Stopping after a failure", metadata: ["err": "\(error)"])
            failure = error
        }
        // Scraping and the HTTP server have stopped: nothing appends any more,
        // so the remote-write queues can flush what is left.
        await remote.shutdown()
        await remoteRead.shutdown()
        await clients.shutdown()
        logger.info("Closing storage", metadata: ["path": "\(options.storagePath)"])
        try db.close()
        if let failure { throw failure }
        logger.info("See you next time!")
    }

    /// Runs the HTTP server and the background loops until shutdown; the
    /// first failure stops them all.
    private func runComponents(
        app: some ApplicationProtocol, db: DB, scrapeManager: ScrapeManager, discovery: DiscoveryManager,
        ruleManager: RuleManager, notifier: AlertNotifier
    ) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                try await app.run()
            }
            group.addTask { [self] in
                await cancelWhenGracefulShutdown { await self.housekeeping(db) }
            }
            group.addTask {
                try await scrapeManager.run()
            }
            group.addTask {
                // The rules stop first, so the alerts of their last evaluation are still queued;
                // then the notifier drains its queue and stops.
                try await withThrowingDiscardingTaskGroup { inner in
                    inner.addTask { try await notifier.run() }
                    defer { notifier.stop() }
                    try await ruleManager.run()
                }
            }
            group.addTask {
                await cancelWhenGracefulShutdown {
                    await withDiscardingTaskGroup { inner in
                        inner.addTask { await discovery.run() }
                        for await sets in discovery.updates {
                            await scrapeManager.updateTargets(sets)
                        }
                    }
                }
            }
            group.addTask { [self] in
                await cancelWhenGracefulShutdown {
                    for await _ in await UnixSignalsSequence(trapping: .sighup) {
                        await self.reloadConfig()
                    }
                }
            }
        }
    }

    /// The rule manager: rules query the TSDB and write through the same storage as scrapes
    /// (so their output is also remote-written).
    func makeRuleManager(
        db: DB, storage: any Appendable, notify: @escaping @Sendable ([OutgoingAlert]) -> Void = { _ in }
    ) -> RuleManager {
        let context = RuleEvaluationContext(
            query: Engine(options: options.engineOptions).ruleQueryFunction(db),
            onQuery: { [queryLog] record in queryLog.log(record) })
        var ruleOptions = RuleGroupOptions(
            appendable: storage, queryable: db, context: context, notify: notify, logger: logger,
            metrics: RuleMetrics(factory: selfMetrics.factory))
        ruleOptions.resendDelay = options.resendDelay.milliseconds
        ruleOptions.outageTolerance = options.forOutageTolerance.milliseconds
        ruleOptions.forGracePeriod = options.forGracePeriod.milliseconds
        ruleOptions.parserOptions = options.parserOptions
        return RuleManager(options: ruleOptions)
    }

    /// Opens the data directory, logging the log replay's progress.
    func openStorage() throws -> DB {
        var dbOptions = DB.Options()
        dbOptions.retention = options.effectiveRetention?.milliseconds
        dbOptions.retentionSize = options.retentionSize
        dbOptions.blockRange = options.minBlockDuration.milliseconds
        dbOptions.maxBlockRange = options.maxBlockDuration?.milliseconds
        logger.info("Starting TSDB ...", metadata: ["path": "\(options.storagePath)"])
        let started = ContinuousClock.now
        let status = self.status
        let logger = self.logger
        let path = options.storagePath.hasSuffix("/") ? String(options.storagePath.dropLast()) : options.storagePath
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let (db, replay) = try DB.open(directory: path, options: dbOptions) { segment, of in
            status.walReplay = (0, of, segment)
            logger.info("WAL segment loaded", metadata: ["segment": "\(segment)", "maxSegment": "\(of)"])
        }
        logger.info(
            "TSDB started",
            metadata: [
                "blocks": "\(db.blockMetas.count)", "series": "\(db.head.seriesCount)",
                "replay": "\(replay)", "duration": "\(ContinuousClock.now - started)",
            ])
        selfMetrics.onExposition { TSDBMetrics.exposition(db.metrics) }
        return db
    }

    /// Every minute: cut a block from the head when it spans enough time,
    /// compact blocks, apply retention. Failures are logged and retried on
    /// the next round; nothing is lost because the head keeps its samples
    /// until a block is written.
    func housekeeping(_ db: DB) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(60))
            } catch {
                return
            }
            do {
                if let meta = try db.persistHead() {
                    logger.info(
                        "Head block persisted",
                        metadata: ["ulid": "\(meta.ulid)", "mint": "\(meta.minTime)", "maxt": "\(meta.maxTime)"])
                }
                while let meta = try db.compact() {
                    logger.info(
                        "Compacted blocks",
                        metadata: ["ulid": "\(meta.ulid)", "mint": "\(meta.minTime)", "maxt": "\(meta.maxTime)"])
                }
                for removed in try db.applyRetention() {
                    logger.info("Deleted block beyond retention", metadata: ["ulid": "\(removed.ulid)"])
                }
            } catch {
                logger.error("Storage housekeeping failed", metadata: ["err": "\(error)"])
            }
        }
    }
}
