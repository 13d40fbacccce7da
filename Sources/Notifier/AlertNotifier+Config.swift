import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import Discovery
import Logging
import OutboundHTTP
import Synchronization

extension AlertNotifier {
    /// Applies the `alerting` section and the external labels of `config`
    /// (upstream's `ApplyConfig`), at start and on every reload.
    ///
    /// Every entry of `alerting.alertmanagers` becomes a set named
    /// `config-<index>` with its discovery providers. Nothing changes unless
    /// all entries are usable: an unsupported setting throws and leaves the
    /// previous configuration in force. The queue is kept; an entry
    /// identical to one of the previous configuration keeps its discovered
    /// Alertmanagers until discovery reports again.
    ///
    /// - Parameters:
    ///   - config: A validated configuration.
    ///   - directory: The configuration file's directory, against which
    ///     credential and `file_sd_configs` file names are resolved.
    /// - Throws: ``NotifierError`` of kind `.unsupportedConfig` naming the
    ///   entry and field.
    public func applyConfig(_ config: PrometheusConfig, directory: String = "") async throws(NotifierError) {
        let previous = state.withLock { $0.sets }
        var reusable: [AlertmanagerConfig: AlertmanagerSet] = [:]
        for set in previous where reusable[set.config] == nil { reusable[set.config] = set }

        var sets: [AlertmanagerSet] = []
        var providers: [String: [DiscoveryProvider]] = [:]
        for (index, entry) in config.alerting.alertmanagers.enumerated() {
            let name = "config-\(index)"
            let context = "alerting.alertmanagers[\(index)]"
            let client = try makeClient(entry.httpClientConfig, context: context)
            var set = AlertmanagerSet(
                name: name, config: entry, client: client,
                credentials: AuthorizationHeader(entry.httpClientConfig, directory: directory))
            if let old = reusable[entry] { set.inherit(from: old) }
            sets.append(set)
            providers[name] = try discoveryProviders(entry, directory: directory, context: context)
        }

        state.withLock { state in
            state.externalLabels = config.global.externalLabels
            state.relabelConfigs = config.alerting.alertRelabelConfigs
            state.sets = sets
            reconcileEndpointMetrics(&state)
        }
        await discovery.apply(providers)
        logger.info(
            "Notifier configuration applied",
            metadata: [
                "alertmanager_sets": "\(sets.count)",
                "alert_relabel_configs": "\(config.alerting.alertRelabelConfigs.count)",
                "external_labels": "\(config.global.externalLabels)",
            ])
    }

    private func makeClient(_ http: HTTPClientConfig, context: String) throws(NotifierError) -> OutboundClient {
        do {
            return try clientProvider(http)
        } catch let error as NotifierError {
            throw NotifierError(error.kind, "\(context): \(error.message)")
        } catch {
            throw NotifierError(.unsupportedConfig, "\(context): \(error)")
        }
    }

    /// The discovery providers of one entry: its static targets, files and
    /// HTTP endpoints. Keys are the configurations themselves, so that a
    /// reload keeps unchanged providers running.
    private func discoveryProviders(
        _ entry: AlertmanagerConfig, directory: String, context: String
    ) throws(NotifierError) -> [DiscoveryProvider] {
        var providers: [DiscoveryProvider] = []
        if !entry.staticConfigs.isEmpty {
            let groups = entry.staticConfigs.map {
                TargetGroup(source: "", targets: TargetGroup.targets(addresses: $0.targets), labels: $0.labels)
            }
            do {
                providers.append(DiscoveryProvider(try StaticDiscoverer(groups: groups)))
            } catch {
                throw NotifierError(.unsupportedConfig, "\(context): static_configs: \(error)")
            }
        }
        for sd in entry.fileSDConfigs {
            let patterns = sd.files.map { ConfigPaths.join(directory, $0) }
            do {
                let discoverer = try FileDiscoverer(
                    patterns: patterns, refreshInterval: .milliseconds(sd.refreshInterval.milliseconds),
                    logger: logger, metricsFactory: metrics.factory)
                providers.append(
                    DiscoveryProvider(key: FileProviderKey(patterns: patterns, config: sd), discoverer: discoverer))
            } catch {
                throw NotifierError(.unsupportedConfig, "\(context): file_sd_configs: \(error)")
            }
        }
        for sd in entry.httpSDConfigs {
            let sdContext = "\(context): http_sd_configs"
            let client = try makeClient(sd.httpClientConfig, context: sdContext)
            var headers: [(name: String, value: String)] = []
            do {
                if let authorization = try AuthorizationHeader(sd.httpClientConfig, directory: directory).value() {
                    headers.append(("Authorization", authorization))
                }
            } catch {
                throw NotifierError(error)
            }
            do {
                let discoverer = try HTTPDiscoverer(
                    url: sd.url.string, refreshInterval: .milliseconds(sd.refreshInterval.milliseconds),
                    headers: headers, userAgent: options.userAgent, client: client, logger: logger,
                    metricsFactory: metrics.factory)
                providers.append(DiscoveryProvider(key: sd, discoverer: discoverer))
            } catch {
                throw NotifierError(.unsupportedConfig, "\(sdContext): \(error)")
            }
        }
        return providers
    }

    /// The identity of a file provider: its resolved patterns and settings.
    private struct FileProviderKey: Hashable, Sendable {
        var patterns: [String]
        var config: FileSDConfig
    }
}
