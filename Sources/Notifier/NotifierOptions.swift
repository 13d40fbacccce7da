/// The command-line settings of the notifier, with Prometheus' flag names.
///
/// `--alertmanager.timeout` is not here: Prometheus ignores it (each
/// `alertmanagers` entry has its own `timeout`).
public struct NotifierOptions: Hashable, Sendable {
    /// `--alertmanager.notification-queue-capacity`: how many alerts wait to
    /// be sent before the oldest are dropped; 10000 by default.
    public var queueCapacity: Int
    /// The most alerts in one request to an Alertmanager; 64 by default
    /// (Prometheus 2's fixed batch size; Prometheus 3 makes it
    /// `--alertmanager.notification-batch-size`, default 256).
    public var maxBatchSize: Int
    /// `--alertmanager.drain-notification-queue-on-shutdown`: whether a
    /// graceful shutdown sends what is queued (true) or drops it; true by
    /// default.
    public var drainOnShutdown: Bool
    /// The `User-Agent` of every request, e.g. `Argus/0.1`.
    public var userAgent: String
    /// The shortest time between two discovery updates of the Alertmanager
    /// sets (Prometheus' 5 s); tests shorten it.
    public var discoveryUpdateInterval: Duration
    /// Whether a graceful shutdown stops the notifier; when false it runs until ``AlertNotifier/stop()``,
    /// so the rule engine can stop first and its last alerts are still sent.
    public var stopsOnGracefulShutdown: Bool

    /// The default settings, with any of them overridden.
    public init(
        queueCapacity: Int = 10_000,
        maxBatchSize: Int = 64,
        drainOnShutdown: Bool = true,
        userAgent: String = "Argus/0.1",
        discoveryUpdateInterval: Duration = .seconds(5),
        stopsOnGracefulShutdown: Bool = true
    ) {
        self.queueCapacity = queueCapacity
        self.maxBatchSize = maxBatchSize
        self.drainOnShutdown = drainOnShutdown
        self.userAgent = userAgent
        self.discoveryUpdateInterval = discoveryUpdateInterval
        self.stopsOnGracefulShutdown = stopsOnGracefulShutdown
    }
}
