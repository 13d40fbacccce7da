import ArgusCore
import ArgusHTTP
import Foundation
import PromQL

/// The settings of `argus metrics`, one per supported Prometheus flag, with
/// Prometheus' defaults.
public struct MetricsServerOptions: Sendable {
    /// `--config.file`; nil runs the embedded default configuration.
    public var configFile: String? = nil
    /// `--storage.tsdb.path`.
    public var storagePath = "data/"
    /// `--storage.tsdb.retention.time` (default 15d when no size is set).
    public var retentionTime: PromDuration? = nil
    /// `--storage.tsdb.retention.size` in bytes.
    public var retentionSize: Int64? = nil
    /// `--storage.tsdb.min-block-duration`: the range of blocks cut from the head.
    public var minBlockDuration = PromDuration(milliseconds: 2 * 3_600_000)
    /// `--storage.tsdb.max-block-duration`: the largest range blocks are
    /// compacted into; nil for a tenth of the retention time, at most 31d.
    public var maxBlockDuration: PromDuration? = nil
    /// `--storage.remote.read-sample-limit`: the most samples one remote-read
    /// request may return; 0 for no limit.
    public var remoteReadSampleLimit = 50_000_000
    /// `--storage.remote.read-concurrent-limit`: remote-read requests served
    /// at once, 0 for no limit.
    public var remoteReadConcurrentLimit = 10
    /// `--storage.remote.read-max-bytes-in-frame`: the size a streamed
    /// remote-read frame aims at.
    public var remoteReadMaxBytesInFrame = 1_048_576
    /// `--web.listen-address`.
    public var listenAddress = ListenAddress(host: "0.0.0.0", port: 9090)
    /// `--web.external-url`.
    public var externalURL: String? = nil
    /// `--web.route-prefix` (defaults to the path of the external URL).
    public var routePrefix: String? = nil
    /// `--web.enable-lifecycle`: `/-/reload` and `/-/quit`.
    public var enableLifecycle = false
    /// `--web.enable-admin-api`.
    public var enableAdminAPI = false
    /// `--web.enable-remote-write-receiver`.
    public var enableRemoteWriteReceiver = false
    /// `--query.lookback-delta`.
    public var lookbackDelta = PromDuration(milliseconds: 300_000)
    /// `--query.timeout`.
    public var queryTimeout = PromDuration(milliseconds: 120_000)
    /// `--query.max-samples`.
    public var maxSamples = 50_000_000
    /// `--query.max-concurrency`.
    public var maxConcurrency = 20
    /// `--enable-feature`.
    public var features = FeatureFlags()

    /// `--rules.alert.for-outage-tolerance`: the longest outage after which `for` state is restored.
    public var forOutageTolerance = PromDuration(milliseconds: 3_600_000)
    /// `--rules.alert.for-grace-period`: the minimum wait between restoring and firing an alert.
    public var forGracePeriod = PromDuration(milliseconds: 600_000)
    /// `--rules.alert.resend-delay`: the minimum time before a firing alert is sent again.
    public var resendDelay = PromDuration(milliseconds: 60_000)

    /// `--alertmanager.notification-queue-capacity`: alerts waiting for Alertmanager.
    public var notificationQueueCapacity = 10_000
    /// `--alertmanager.drain-notification-queue-on-shutdown`.
    public var drainNotificationQueueOnShutdown = true

    public init() {}

    /// The query engine's settings from the `--query.*` flags.
    public var engineOptions: EngineOptions {
        var engineOptions = EngineOptions()
        engineOptions.lookbackDelta = lookbackDelta.milliseconds
        engineOptions.timeout = .milliseconds(queryTimeout.milliseconds)
        engineOptions.maxSamples = maxSamples
        engineOptions.delayedNameRemoval = features.isEnabled("promql-delayed-name-removal")
        return engineOptions
    }

    /// The PromQL language features of `--enable-feature`, for queries and rule files.
    public var parserOptions: ParserOptions { features.parserOptions }

    /// The retention in force: the given time, or 15d when neither time nor
    /// size is set (Prometheus' rule).
    public var effectiveRetention: PromDuration? {
        if let retentionTime { return retentionTime }
        return retentionSize == nil ? PromDuration(milliseconds: 15 * 86_400_000) : nil
    }

    /// The external URL: the flag, or `http://<hostname>:<port>/`.
    public func resolvedExternalURL(hostname: String) -> String {
        if let externalURL, !externalURL.isEmpty { return externalURL }
        return "http://\(hostname):\(listenAddress.port)/"
    }

    /// The external URL as rules use it in alert links and templates: without a trailing slash.
    public func ruleExternalURL(hostname: String) -> String {
        var url = resolvedExternalURL(hostname: hostname)
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// The prefix every route is served under, without a trailing slash
    /// ("" for the root).
    public func resolvedRoutePrefix(hostname: String) -> String {
        var prefix = routePrefix ?? ExternalURL.path(of: resolvedExternalURL(hostname: hostname))
        while prefix.hasSuffix("/") { prefix.removeLast() }
        if !prefix.isEmpty && !prefix.hasPrefix("/") { prefix = "/" + prefix }
        return prefix
    }
}

/// Parsing of `--web.external-url`.
public enum ExternalURL {
    /// The path part of `url` (`http://host:9090/prometheus/` → `/prometheus/`).
    public static func path(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "" }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "" }
        return String(rest[slash...])
    }
}
