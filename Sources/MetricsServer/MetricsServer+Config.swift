import ArgusConfig
import ArgusCore
import ArgusHTTP
import Logging
import Metrics
import Synchronization

extension MetricsServer {
    /// Loads the configuration and hands it to every component. On failure
    /// the configuration in force stays, the failure is logged and counted,
    /// and the error is returned to the caller (`/-/reload` answers it).
    @discardableResult
    public func reloadConfig() async -> ConfigError? {
        // SIGHUP and /-/reload may arrive together: one reload at a time, in order.
        await reloadGate.run { await self.reloadConfigNow() }
    }

    private func reloadConfigNow() async -> ConfigError? {
        let source = configSource
        logger.info("Loading configuration file", metadata: ["filename": "\(source.description)"])
        let config: PrometheusConfig
        do {
            config = try source.load()
        } catch {
            configRejected(error)
            return error
        }
        do {
            try await apply(config)
        } catch {
            let failure = ConfigError(file: source.description, message: "\(error)")
            configRejected(failure)
            return failure
        }
        currentConfig.withLock { $0 = config }
        status.configLoaded(yaml: config.yaml)
        let now = Timestamp.now()
        configMetrics.successful.record(1)
        configMetrics.lastSuccess.record(Double(now) / 1000)
        logger.info("Completed loading of configuration file", metadata: ["filename": "\(source.description)"])
        return nil
    }

    private func configRejected(_ error: ConfigError) {
        status.configRejected()
        configMetrics.successful.record(0)
        configMetrics.failures.increment()
        logger.error(
            "Error reloading config; the previous configuration stays in force", metadata: ["err": "\(error)"])
    }

    /// Hands a validated configuration to the components.
    func apply(_ config: PrometheusConfig) async throws {
        for component in configSubscribers {
            try await component(config)
        }
    }

    /// The external labels of the configuration in force.
    var externalLabels: Labels {
        currentConfig.withLock { $0?.global.externalLabels ?? Labels() }
    }
}

extension ConfigSource: CustomStringConvertible {
    public var description: String {
        switch self {
        case .file(let path): return path
        case .embedded: return "<embedded default config>"
        }
    }
}

/// The configuration-reload metrics, with Prometheus' names where it has them.
struct ConfigMetrics: Sendable {
    let successful: Metrics.Gauge
    let lastSuccess: Metrics.Gauge
    let failures: Metrics.Counter

    init(factory: any MetricsFactory) {
        successful = Metrics.Gauge(label: "prometheus_config_last_reload_successful", factory: factory)
        lastSuccess = Metrics.Gauge(label: "prometheus_config_last_reload_success_timestamp_seconds", factory: factory)
        failures = Metrics.Counter(label: "argus_config_reload_failures_total", factory: factory)
    }
}

extension MetricsServer {
    /// Checks what loading `config` would check beyond its schema: that the
    /// scrape jobs use only what Argus supports and their credential files
    /// can be read.
    public static func validate(_ config: PrometheusConfig, source: ConfigSource) throws {
        _ = try ScrapeSettings.poolOptions(config, directory: source.directory)
    }
}
