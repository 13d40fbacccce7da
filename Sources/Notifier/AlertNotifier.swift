import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import Discovery
import Logging
import Metrics
import OutboundHTTP
import Relabel
import ServiceLifecycle
import Synchronization

/// Sends alerts to Alertmanagers with API v2: Prometheus' notifier
/// (`notifier.Manager` of Prometheus 2, one queue for all Alertmanagers).
///
/// The rule engine hands alerts to ``send(_:)``, which adds the external
/// labels, applies `alerting.alert_relabel_configs` and queues the result
/// without waiting. ``run()`` discovers the Alertmanagers of every
/// `alerting.alertmanagers` entry and dispatches the queue in batches of at
/// most ``NotifierOptions/maxBatchSize`` alerts: each batch goes to every
/// Alertmanager of every entry at once, after that entry's
/// `alert_relabel_configs`, each request bounded by the entry's `timeout`.
/// A batch that no Alertmanager of some entry accepted counts as dropped;
/// it is not retried (the rule engine resends active alerts). A batch taken
/// while no entry has an Alertmanager (before discovery first reports) is
/// discarded without being counted, as Prometheus 3 does.
///
/// ``applyConfig(_:directory:)`` replaces the entries at start and on every
/// reload; the queue is kept. Run it as a `Service` placed before the rule
/// engine in the `ServiceGroup`: it then stops after the rules, and a
/// graceful shutdown sends (or, with ``NotifierOptions/drainOnShutdown``
/// off, drops) what is still queued before ``run()`` returns.
///
/// ```swift
/// let notifier = AlertNotifier(options: NotifierOptions(queueCapacity: 10_000), logger: logger)
/// try await notifier.applyConfig(config, directory: configDirectory)
/// // in a ServiceGroup, or: try await notifier.run()
/// notifier.send([Alert(labels: ["alertname": "Down"], startsAt: now)])
/// ```
public final class AlertNotifier: Service, Sendable {
    /// Gives the HTTP client for an entry's (or its `http_sd_configs`')
    /// client settings; the caller owns the clients. Throw to refuse
    /// settings the clients cannot honour (such as a `tls_config`).
    public typealias ClientProvider = @Sendable (HTTPClientConfig) throws -> OutboundClient

    /// The settings the notifier was created with.
    public let options: NotifierOptions
    let logger: Logger
    let metrics: NotifierMetrics
    let clientProvider: ClientProvider
    let discovery: DiscoveryManager
    /// Guards the queue, the relabeling in force, the Alertmanager sets and
    /// the per-Alertmanager metrics.
    let state: Mutex<State>
    /// Signals the dispatcher that the queue has work or shutdown began;
    /// keeps one pending signal at most.
    let wakeups: AsyncStream<Void>
    let wake: AsyncStream<Void>.Continuation

    struct State {
        var queue: AlertQueue
        var externalLabels = Labels()
        var relabelConfigs: [RelabelConfig] = []
        var sets: [AlertmanagerSet] = []
        var endpointMetrics: [String: NotifierMetrics.Endpoint] = [:]
        var running = false
        var stopping = false
    }

    /// Creates a notifier with no Alertmanagers.
    ///
    /// - Parameters:
    ///   - options: The queue and batch settings.
    ///   - clientProvider: The HTTP client of each entry; by default the
    ///     process-wide `HTTPClient.shared`, and entries with a `tls_config`
    ///     or a proxy are refused.
    ///   - logger: Receives one line per significant event.
    ///   - metricsFactory: Where the `prometheus_notifications_*` metrics and
    ///     the discovery metrics (`name="notify"`) are created.
    public init(
        options: NotifierOptions = NotifierOptions(),
        clientProvider: ClientProvider? = nil,
        logger: Logger = Logger(label: "argus.notifier"),
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.options = options
        self.logger = logger
        self.clientProvider = clientProvider ?? AlertNotifier.sharedClient
        self.metrics = NotifierMetrics(factory: metricsFactory)
        self.discovery = DiscoveryManager(
            name: "notify", updateInterval: options.discoveryUpdateInterval, logger: logger,
            metricsFactory: metricsFactory)
        self.state = Mutex(State(queue: AlertQueue(capacity: options.queueCapacity)))
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        metrics.queueCapacity.record(options.queueCapacity)
        metrics.queueLength.record(0)
        metrics.alertmanagersDiscovered.record(0)
    }

    /// The default ``ClientProvider``: the shared client, for entries without
    /// TLS or proxy settings.
    public static let sharedClient: ClientProvider = { http in
        guard http.tlsConfig == TLSConfig() else {
            throw NotifierError(
                .unsupportedConfig, "tls_config needs an HTTP client provider; none was given to the notifier")
        }
        guard http.proxyURL == nil, !http.proxyFromEnvironment, http.noProxy.isEmpty else {
            throw NotifierError(
                .unsupportedConfig, "a proxy needs an HTTP client provider; none was given to the notifier")
        }
        return .shared
    }

    // MARK: Sending

    /// Queues `alerts` for every Alertmanager, without waiting.
    ///
    /// The external labels are added (an alert's own label of the same name
    /// wins), then `alert_relabel_configs` run; alerts they drop, or leave
    /// without labels, are not queued. When the queue is full the oldest
    /// alerts are dropped and counted in
    /// `prometheus_notifications_dropped_total`. After shutdown began, alerts
    /// are ignored.
    public func send(_ alerts: [Alert]) {
        guard !alerts.isEmpty else { return }
        let (externalLabels, rules, stopping) = state.withLock {
            ($0.externalLabels, $0.relabelConfigs, $0.stopping)
        }
        guard !stopping else { return }
        let relabeled = Alert.relabel(alerts, rules: rules, externalLabels: externalLabels)
        guard !relabeled.isEmpty else { return }
        let overflow = state.withLock { state in
            let overflow = state.queue.push(relabeled)
            metrics.queueLength.record(state.queue.count)
            return overflow
        }
        if overflow.fromPush > 0 {
            logger.warning(
                "Alert batch larger than queue capacity, dropping alerts",
                metadata: ["num_dropped": "\(overflow.fromPush)"])
        }
        if overflow.fromQueue > 0 {
            logger.warning(
                "Alert notification queue full, dropping alerts", metadata: ["num_dropped": "\(overflow.fromQueue)"])
        }
        if overflow.total > 0 { metrics.dropped.increment(by: Int64(overflow.total)) }
        wake.yield()
    }

    /// Ends ``run()`` as a graceful shutdown does: the batch in flight finishes, then the
    /// queue is drained or dropped.
    public func stop() {
        state.withLock { $0.stopping = true }
        wake.yield()
    }

    /// How many alerts wait to be sent.
    public var queueLength: Int { state.withLock { $0.queue.count } }

    // MARK: Running

    /// Discovers Alertmanagers and dispatches the queue until shutdown.
    ///
    /// On graceful shutdown the dispatcher finishes its batch, then sends
    /// what is queued (``NotifierOptions/drainOnShutdown``) or drops and
    /// counts it, and returns. On cancellation it returns at once, counting
    /// what was queued as dropped. Call it once.
    public func run() async throws {
        let alreadyRunning = state.withLock { state in
            defer { state.running = true }
            return state.running
        }
        guard !alreadyRunning else {
            logger.error("Notifier is already running")
            return
        }
        logger.info("Starting notifier", metadata: ["queue_capacity": "\(options.queueCapacity)"])
        await withDiscardingTaskGroup { group in
            group.addTask { await self.discovery.run() }
            group.addTask {
                for await update in self.discovery.updates { self.sync(update) }
            }
            if options.stopsOnGracefulShutdown {
                await withGracefulShutdownHandler {
                    await self.dispatch()
                } onGracefulShutdown: {
                    self.stop()
                }
            } else {
                await self.dispatch()
            }
            await finishQueue()
            group.cancelAll()
        }
        logger.info("Notifier stopped")
    }

    /// Sends one batch per wake-up, and wakes itself while alerts remain,
    /// until shutdown begins or the task is cancelled.
    private func dispatch() async {
        for await _ in wakeups {
            if state.withLock({ $0.stopping }) { return }
            await sendOneBatch()
            if queueLength > 0 { wake.yield() }
        }
    }

    /// Drains or drops the queue after the dispatcher stopped.
    private func finishQueue() async {
        state.withLock { $0.stopping = true }
        let graceful = !Task.isCancelled
        if graceful && options.drainOnShutdown {
            logger.info("Draining any remaining notifications...", metadata: ["count": "\(queueLength)"])
            while queueLength > 0 && !Task.isCancelled {
                await sendOneBatch()
            }
            logger.info("Remaining notifications drained")
        }
        let left = state.withLock { state in
            defer { _ = state.queue.popBatch(maxCount: state.queue.count) }
            return state.queue.count
        }
        metrics.queueLength.record(0)
        guard left > 0 else { return }
        logger.warning("Notifications not sent before shutdown were dropped", metadata: ["count": "\(left)"])
        metrics.dropped.increment(by: Int64(left))
    }
}
