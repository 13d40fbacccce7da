import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import CoreMetrics
import Foundation
import Storage
import Synchronization

/// The `remote_read` endpoints of the current configuration, as queriers
/// for API queries to read alongside local storage (see
/// ``Storage/FanoutQueryable``).
public final class RemoteReadStorage: Sendable {
    private let current = Mutex<[RemoteReadQuerier]>([])
    /// The clients endpoints are read with, one per distinct `tls_config`.
    let clients: HTTPClients
    /// The oldest sample time local storage holds (its oldest block's start,
    /// or now when it has no blocks yet).
    let localStartTime: @Sendable () -> Int64
    let userAgent: String
    let metricsFactory: any MetricsFactory

    public init(
        userAgent: String, metricsFactory: any MetricsFactory = MetricsSystem.factory,
        localStartTime: @escaping @Sendable () -> Int64
    ) {
        self.userAgent = userAgent
        self.metricsFactory = metricsFactory
        self.localStartTime = localStartTime
        clients = HTTPClients(configuration: Self.clientConfiguration)
    }

    /// HTTP/1.1, redirects followed, and a refused connection fails the
    /// read at once instead of being retried until `remote_timeout`: a query
    /// waits for a dead endpoint no longer than it takes to be refused.
    public static var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .follow(max: 10, allowCycles: false))
        configuration.httpVersion = .http1Only
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// Stops reading and shuts the HTTP clients down.
    public func shutdown() async {
        current.withLock { $0 = [] }
        await clients.shutdown()
    }

    /// The endpoints to query now, in configuration order.
    public var queriers: [any Querier] { current.withLock { $0 } }

    /// Replaces the endpoints with those of `configs`, or changes nothing
    /// when one of them is not supported.
    ///
    /// Local storage is taken to start two evaluation intervals after its
    /// oldest sample, as upstream allows for start-up, so that endpoints
    /// without `read_recent` fill in the first moments too.
    ///
    /// - Throws: ``RemoteStorageError`` for an unsupported setting.
    public func apply(
        _ configs: [RemoteReadConfig], externalLabels: Labels, evaluationInterval: Int64, directory: String = ""
    ) throws(RemoteStorageError) {
        let margin = 2 * max(0, evaluationInterval)
        let start = localStartTime
        var queriers: [RemoteReadQuerier] = []
        for config in configs {
            let http = try clients.client(
                for: config.httpClientConfig, section: "remote_read", url: config.url, directory: directory)
            let reader = try RemoteReadClient(
                config: config, httpClient: http, userAgent: userAgent, directory: directory,
                metricsFactory: metricsFactory)
            queriers.append(
                RemoteReadQuerier(
                    client: reader, externalLabels: config.filterExternalLabels ? externalLabels : Labels(),
                    requiredMatchers: config.requiredMatchers, readRecent: config.readRecent,
                    localStartTime: {
                        let time = start()
                        return time > Int64.max - margin ? Int64.max : time + margin
                    }))
        }
        current.withLock { $0 = queriers }
    }
}
