import ArgusConfig

/// A `webhook_configs` entry (upstream `config.WebhookConfig`): POSTs the notification as JSON.
public struct WebhookConfig: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "webhook_config"

    /// Whether resolved notifications are sent; true by default.
    public var sendResolved = true
    /// The HTTP client; the global `http_config` when the entry has none.
    public var httpConfig = HTTPClientConfig.default
    /// Whether `http_config` was written in the entry (otherwise the global one applies).
    public internal(set) var hasOwnHTTPConfig = false
    public var url: AlertmanagerURL
    /// The most alerts put in one message; 0 means all.
    public var maxAlerts: UInt64 = 0

    public init(url: AlertmanagerURL) { self.url = url }

    enum CodingKeys: String, CodingKey {
        case sendResolved = "send_resolved", httpConfig = "http_config", url, maxAlerts = "max_alerts"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sendResolved = try container.decode(.sendResolved, default: true)
        if let own = try container.decodeIfPresent(HTTPClientConfig.self, forKey: .httpConfig) {
            httpConfig = own
            hasOwnHTTPConfig = true
        }
        guard let url = try container.decodeIfPresent(AlertmanagerURL.self, forKey: .url) else {
            throw ConfigValidationError("missing URL in webhook config")
        }
        self.url = url
        maxAlerts = try container.decode(.maxAlerts, default: 0)
    }
}
