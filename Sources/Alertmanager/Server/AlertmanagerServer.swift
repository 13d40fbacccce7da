import ArgusCore
import ArgusHTTP
import AsyncHTTPClient
import Foundation
import GoTemplate
import Hummingbird
import Logging
import OutboundHTTP
import Prometheus
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `argus alertmanager`: receives alerts over API v2, groups, inhibits,
/// silences and delivers them as Alertmanager 0.25 does, keeping silences
/// and the notification log under `--storage.path`.
public final class AlertmanagerServer: Service, Sendable {
    public let options: AlertmanagerOptions
    let logger: Logger
    let selfMetrics: SelfMetrics
    let versionInfo: AlertmanagerAPI.VersionInfo
    let onListening: @Sendable (ListenAddress) async -> Void

    public let marker = AlertMarker()
    public let store: AlertStore
    private let components = Mutex<Components?>(nil)
    private let running = Mutex<RunningConfiguration?>(nil)
    private let runningTask = Mutex<Task<Void, Never>?>(nil)
    private let reloadGate = SerialGate()
    private let reloadMetrics: ReloadMetrics

    /// What lives as long as the server: loaded in ``run()``.
    struct Components: Sendable {
        var silences: Silences
        var notificationLog: NotificationLog
        var httpClient: HTTPClient
        var serverNameClients: ServerNameClients<NotificationClients.TLSKey>
        var pipelineMetrics: PipelineMetrics
        var api: AlertmanagerAPI
    }

    public init(
        options: AlertmanagerOptions, logger: Logger, selfMetrics: SelfMetrics = SelfMetrics(),
        versionInfo: AlertmanagerAPI.VersionInfo = AlertmanagerAPI.VersionInfo(),
        onListening: @escaping @Sendable (ListenAddress) async -> Void = { _ in }
    ) {
        self.options = options
        self.logger = logger
        self.selfMetrics = selfMetrics
        self.versionInfo = versionInfo
        self.onListening = onListening
        self.store = AlertStore(marker: marker)
        self.reloadMetrics = ReloadMetrics(registry: selfMetrics.registry)
    }

    /// The configuration in force.
    public var configuration: RunningConfiguration? { running.withLock { $0 } }

    /// The silences, once ``run()`` has loaded them.
    public var silences: Silences? { components.withLock { $0?.silences } }

    /// The external URL used in notifications and links.
    public var externalURL: String {
        if !options.externalURL.isEmpty { return options.externalURL }
        let host = ProcessInfo.processInfo.hostName
        return "http://\(host):\(options.listenAddress.port)\(options.resolvedRoutePrefix)"
    }

    public func run() async throws {
        let storage = options.storagePath.hasSuffix("/") ? String(options.storagePath.dropLast()) : options.storagePath
        try FileManager.default.createDirectory(atPath: storage, withIntermediateDirectories: true)
        let silences = Silences(retention: options.dataRetention)
        restore(silences, name: "silences", path: storage + "/silences")
        let notificationLog = NotificationLog(retention: options.dataRetention)
        restore(notificationLog, name: "notification log", path: storage + "/nflog")
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let serverNameClients = ServerNameClients<NotificationClients.TLSKey>()
        let registry = selfMetrics.registry
        let api = AlertmanagerAPI(
            store: store, marker: marker, silences: silences, versionInfo: versionInfo, registry: registry
        ) { [weak self] in self?.configuration }
        components.withLock {
            $0 = Components(
                silences: silences, notificationLog: notificationLog, httpClient: httpClient,
                serverNameClients: serverNameClients, pipelineMetrics: PipelineMetrics(registry: registry), api: api)
        }
        registerGauges()
        let maintenance = SilenceMaintenance(
            targets: [
                MaintenanceTarget(name: "silences", store: silences, snapshotPath: storage + "/silences"),
                MaintenanceTarget(name: "nflog", store: notificationLog, snapshotPath: storage + "/nflog"),
            ], interval: options.maintenanceInterval, logger: logger)

        var failure: (any Error)?
        if let error = await reload() {
            failure = AlertmanagerStartError(message: error)
        } else {
            let address = options.listenAddress
            let app = Application(
                responder: AlertmanagerResponder(server: self, api: api, prefix: options.resolvedRoutePrefix),
                configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
                onServerRunning: { [self] channel in
                    let port = channel.localAddress?.port ?? address.port
                    logger.info("Listening", metadata: ["address": "\(address.host):\(port)"])
                    await onListening(ListenAddress(host: address.host, port: port))
                },
                logger: logger)
            do {
                try await withGracefulShutdownHandler {
                    try await withThrowingDiscardingTaskGroup { group in
                        group.addTask { try await app.run() }
                        group.addTask { [self] in
                            await cancelWhenGracefulShutdown { await self.collectGarbage() }
                        }
                        group.addTask { [self] in
                            await cancelWhenGracefulShutdown {
                                for await _ in await UnixSignalsSequence(trapping: .sighup) { await self.reload() }
                            }
                        }
                        group.addTask { try await maintenance.run() }
                    }
                } onGracefulShutdown: { [logger] in
                    logger.info("Shutting down gracefully")
                }
            } catch {
                logger.error("HTTP server stopped", metadata: ["err": "\(error)"])
                failure = error
            }
        }
        let task = runningTask.withLock { task in
            defer { task = nil }
            return task
        }
        task?.cancel()
        await task?.value
        store.close()
        // The dispatcher may have logged notifications after the
        // maintenance loop's last snapshot.
        maintenance.maintain(final: true)
        await serverNameClients.shutdown()
        try? await httpClient.shutdown()
        if let failure { throw failure }
        logger.info("See you next time!")
    }

    /// Loads `--config.file` again and swaps the running configuration when
    /// it is valid; returns the error otherwise (the old one keeps running).
    @discardableResult
    public func reload() async -> String? {
        await reloadGate.run { await self.reloadNow() }
    }

    private func reloadNow() async -> String? {
        guard let components = components.withLock({ $0 }) else { return "not started" }
        logger.info("Loading configuration file", metadata: ["file": "\(options.configFile)"])
        let next: RunningConfiguration
        let text: String
        do {
            let file =
                try options.embeddedConfig.map { try AlertmanagerFile.parse($0, file: "<embedded>") }
                ?? AlertmanagerFile.load(contentsOf: options.configFile)
            text = file.original
            next = try RunningConfiguration.build(
                file: file, configDirectory: (options.configFile as NSString).deletingLastPathComponent,
                marker: marker, silences: components.silences, notificationLog: components.notificationLog,
                metrics: components.pipelineMetrics,
                httpClient: NotificationClients(
                    client: components.httpClient, serverNameClients: components.serverNameClients),
                externalURL: externalURL,
                logger: logger)
        } catch {
            reloadMetrics.failed()
            logger.error(
                "Loading configuration file failed", metadata: ["file": "\(options.configFile)", "err": "\(error)"])
            return "\(error)"
        }
        let previous = runningTask.withLock { task in
            defer { task = nil }
            return task
        }
        previous?.cancel()
        await previous?.value
        running.withLock { $0 = next }
        let store = self.store
        let task = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await next.inhibitor.run(alerts: store.subscribe()) }
                group.addTask { await next.dispatcher.run(alerts: store.subscribe()) }
            }
        }
        runningTask.withLock { $0 = task }
        reloadMetrics.succeeded(hash: XXHash64.hash(Array(text.utf8)))
        logger.info("Completed loading of configuration file", metadata: ["file": "\(options.configFile)"])
        return nil
    }

    /// A store restored from its snapshot. A damaged snapshot keeps what
    /// could be read before the damage; the error is logged and the file is
    /// moved aside to `<path>.damaged`, so the next snapshot does not destroy
    /// it (it may be Alertmanager 0.25's own format, from a migration).
    private func restore(_ store: some SnapshotRestorable, name: String, path: String) {
        do {
            let count = try store.restore(from: path)
            logger.info("Restored \(name)", metadata: ["file": "\(path)", "entries": "\(count)"])
        } catch {
            let aside = path + ".damaged"
            try? FileManager.default.removeItem(atPath: aside)
            let moved = (try? FileManager.default.moveItem(atPath: path, toPath: aside)) != nil
            logger.error(
                "Snapshot damaged; keeping what was read before the damage",
                metadata: [
                    "file": "\(path)", "err": "\(error)", "entries": "\(store.count)",
                    "moved_to": "\(moved ? aside : "(not moved)")",
                ])
        }
    }

    /// The text of `/metrics`: the registry, the process, and the silences'
    /// and notification log's own families.
    func metricsExposition() -> [UInt8] {
        var text = ""
        if let components = components.withLock({ $0 }) {
            components.silences.appendMetrics(to: &text)
            components.notificationLog.appendMetrics(to: &text)
        }
        return selfMetrics.exposition() + Array(text.utf8)
    }

    private func collectGarbage() async {
        let interval = Duration.nanoseconds(max(options.alertsGCInterval.nanoseconds, 1_000_000))
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let now = GoTime.now()
            let removed = store.collectGarbage(now: now)
            configuration?.inhibitor.collectGarbage(now: now)
            if removed > 0 { logger.debug("Resolved alerts dropped", metadata: ["count": "\(removed)"]) }
        }
    }

    private func registerGauges() {
        let registry = selfMetrics.registry
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_build_info", unitName: "",
                helpText:
                    "A metric with a constant '1' value labeled by version, revision, branch, and goversion from which alertmanager was built."
            ),
            labels: [
                ("branch", versionInfo.branch), ("goversion", versionInfo.goVersion),
                ("revision", versionInfo.revision), ("version", versionInfo.version),
            ]
        ).set(1.0)
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_cluster_enabled", unitName: "",
                helpText: "Indicates whether the clustering is enabled or not.")
        )
        .set(0.0)
        selfMetrics.onCollect { [weak self] in
            guard let self else { return }
            let now = GoTime.now()
            for state in [AlertStatus.State.active, .suppressed, .unprocessed] {
                registry.makeGauge(
                    descriptor: MetricNameDescriptor(
                        metricName: "alertmanager_alerts", unitName: "", helpText: "How many alerts by state."),
                    labels: [("state", state.rawValue)]
                ).set(Int64(store.count(state, now: now)))
                registry.makeGauge(
                    descriptor: MetricNameDescriptor(
                        metricName: "alertmanager_marked_alerts", unitName: "",
                        helpText:
                            "How many alerts by state are currently marked in the Alertmanager regardless of their expiry."
                    ), labels: [("state", state.rawValue)]
                ).set(Int64(marker.count(state)))
            }
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    metricName: "alertmanager_dispatcher_aggregation_groups", unitName: "",
                    helpText: "Number of active aggregation groups")
            ).set(Int64(configuration?.dispatcher.groupCount ?? 0))
        }
    }
}

/// The server could not start (the configuration did not load).
public struct AlertmanagerStartError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
