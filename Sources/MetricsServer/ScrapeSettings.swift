import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import Discovery
import Logging
import Metrics
import Relabel
import RemoteStorage
import Scrape

/// Turns the `scrape_configs` of a `prometheus.yml` into the scrape
/// manager's job settings and the discovery manager's providers.
enum ScrapeSettings {
    /// A configuration the server cannot run, with the field that says why.
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    /// The scrape pools' settings, one per job. `scraper` gives the scraper
    /// of a job with its own TLS or proxy settings (nil: the manager's).
    static func poolOptions(
        _ config: PrometheusConfig, directory: String,
        scraper: (HTTPClientConfig) throws -> (any Scraper)? = { _ in nil }
    ) throws -> [ScrapePoolOptions] {
        var result: [ScrapePoolOptions] = []
        for job in config.scrapeConfigs {
            let targetRules = job.relabelConfigs
            let metricRules = job.metricRelabelConfigs
            let targetRelabel: Relabeler? =
                targetRules.isEmpty ? nil : { @Sendable labels in Relabel.relabel(labels, targetRules) }
            let metricRelabel: Relabeler? =
                metricRules.isEmpty ? nil : { @Sendable labels in Relabel.relabel(labels, metricRules) }
            let limits = ScrapeLimits(
                sampleLimit: Int(job.sampleLimit), labelLimit: Int(job.labelLimit),
                labelNameLengthLimit: Int(job.labelNameLengthLimit),
                labelValueLengthLimit: Int(job.labelValueLengthLimit))
            let headers = try headers(job.httpClientConfig, directory: directory, context: "scrape job \(job.jobName)")
            var options = ScrapePoolOptions(
                jobName: job.jobName,
                interval: job.scrapeInterval,
                timeout: job.scrapeTimeout,
                scheme: job.scheme,
                metricsPath: job.metricsPath,
                params: job.params,
                honorLabels: job.honorLabels,
                honorTimestamps: job.honorTimestamps,
                trackTimestampsStaleness: job.trackTimestampsStaleness,
                limits: limits,
                bodySizeLimit: Int(job.bodySizeLimit.bytes),
                targetLimit: Int(job.targetLimit),
                keepDroppedTargets: Int(job.keepDroppedTargets),
                enableCompression: job.enableCompression,
                headers: headers,
                targetRelabel: targetRelabel,
                metricRelabel: metricRelabel,
                relabelIdentity: "\(targetRules)|\(metricRules)"
            )
            let http = job.httpClientConfig
            let transport = TransportSettings(http)
            if transport != TransportSettings(HTTPClientConfig()) {
                do {
                    try HTTPClients.check(http, directory: directory)
                    options.scraper = try scraper(http)
                } catch let error as HTTPClients.SetupError {
                    throw Unsupported(description: "scrape job \(job.jobName): \(error)")
                } catch let error as Unsupported {
                    throw Unsupported(description: "scrape job \(job.jobName): \(error)")
                }
                options.transportIdentity = "\(transport)"
            }
            result.append(options)
        }
        return result
    }

    /// The discovery providers of every job, keyed by job name.
    static func providers(
        _ config: PrometheusConfig, directory: String, clients: HTTPClients, userAgent: String, logger: Logger,
        metricsFactory: any MetricsFactory
    ) throws -> [String: [DiscoveryProvider]] {
        var result: [String: [DiscoveryProvider]] = [:]
        for job in config.scrapeConfigs {
            var providers: [DiscoveryProvider] = []
            if !job.staticConfigs.isEmpty {
                let groups = job.staticConfigs.map {
                    TargetGroup(source: "", targets: TargetGroup.targets(addresses: $0.targets), labels: $0.labels)
                }
                do {
                    providers.append(DiscoveryProvider(try StaticDiscoverer(groups: groups)))
                } catch {
                    throw Unsupported(description: "scrape job \(job.jobName): \(error)")
                }
            }
            for sd in job.fileSDConfigs {
                let patterns = sd.files.map { ConfigPaths.join(directory, $0) }
                do {
                    let discoverer = try FileDiscoverer(
                        patterns: patterns, refreshInterval: .milliseconds(sd.refreshInterval.milliseconds),
                        logger: logger, metricsFactory: metricsFactory)
                    providers.append(
                        DiscoveryProvider(key: FileKey(patterns: patterns, config: sd), discoverer: discoverer))
                } catch {
                    throw Unsupported(description: "scrape job \(job.jobName): file_sd_configs: \(error)")
                }
            }
            for sd in job.httpSDConfigs {
                let context = "scrape job \(job.jobName): http_sd_configs"
                do {
                    let client = try clients.client(for: sd.httpClientConfig, directory: directory)
                    let discoverer = try HTTPDiscoverer(
                        url: sd.url.string, refreshInterval: .milliseconds(sd.refreshInterval.milliseconds),
                        headers: try headers(sd.httpClientConfig, directory: directory, context: context),
                        userAgent: userAgent, client: client, logger: logger, metricsFactory: metricsFactory)
                    providers.append(DiscoveryProvider(key: sd, discoverer: discoverer))
                } catch let error as DiscoveryError {
                    throw Unsupported(description: "\(context): \(error)")
                } catch let error as HTTPClients.SetupError {
                    throw Unsupported(description: "\(context): \(error)")
                }
            }
            result[job.jobName] = providers
        }
        return result
    }

    private struct FileKey: Hashable, Sendable {
        var patterns: [String]
        var config: FileSDConfig
    }

    /// The request headers that carry an HTTP client config's credentials.
    /// Settings the shared client cannot honour are refused rather than
    /// ignored.
    static func headers(_ http: HTTPClientConfig, directory: String, context: String) throws -> [(
        name: String, value: String
    )] {
        do {
            guard let value = try AuthorizationHeader(http, directory: directory).value() else { return [] }
            return [("Authorization", value)]
        } catch {
            throw Unsupported(description: "\(context): \(error)")
        }
    }
}

/// The settings of an HTTP client config that need a client of their own:
/// a scrape pool whose settings change gets a new scraper.
private struct TransportSettings: Hashable, CustomStringConvertible {
    var tls: TLSConfig
    var proxyURL: String
    var noProxy: String
    var proxyFromEnvironment: Bool
    var proxyConnectHeader: [String: [Secret]]

    init(_ http: HTTPClientConfig) {
        tls = http.tlsConfig
        proxyURL = http.proxyURL?.string ?? ""
        noProxy = http.noProxy
        proxyFromEnvironment = http.proxyFromEnvironment
        proxyConnectHeader = http.proxyConnectHeader
    }

    var description: String {
        "\(tls)|\(proxyURL)|\(noProxy)|\(proxyFromEnvironment)|\(proxyConnectHeader.sorted { $0.key < $1.key })"
    }
}
