import ArgusConfig

/// A `pagerduty_configs` entry (upstream `config.PagerdutyConfig`): Events API v2 with a
/// `routing_key`, or v1 with a `service_key`. String fields are templates.
public struct PagerDutyConfig: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "pagerduty_config"

    /// The `details` every config gets unless it sets the same key.
    public static let defaultDetails: [String: String] = [
        "firing": #"{{ template "pagerduty.default.instances" .Alerts.Firing }}"#,
        "resolved": #"{{ template "pagerduty.default.instances" .Alerts.Resolved }}"#,
        "num_firing": "{{ .Alerts.Firing | len }}",
        "num_resolved": "{{ .Alerts.Resolved | len }}",
    ]

    /// Whether resolved notifications are sent; true by default.
    public var sendResolved = true
    /// The HTTP client; the global `http_config` when the entry has none.
    public var httpConfig = HTTPClientConfig.default
    /// Whether `http_config` was written in the entry.
    public internal(set) var hasOwnHTTPConfig = false
    public var serviceKey: Secret?
    public var serviceKeyFile = ""
    public var routingKey: Secret?
    public var routingKeyFile = ""
    /// The key used for v1: `service_key`, or the trimmed contents of `service_key_file` once
    /// ``AlertmanagerFile`` has read secret files.
    public internal(set) var resolvedServiceKey: Secret?
    /// The key used for v2: `routing_key`, or the trimmed contents of `routing_key_file` once read.
    public internal(set) var resolvedRoutingKey: Secret?
    /// The events endpoint; the global `pagerduty_url` when not set.
    public var url: AlertmanagerURL?
    public var client = #"{{ template "pagerduty.default.client" . }}"#
    public var clientURL = #"{{ template "pagerduty.default.clientURL" . }}"#
    public var description = #"{{ template "pagerduty.default.description" .}}"#
    public var details: [String: String] = PagerDutyConfig.defaultDetails
    public var images: [PagerDutyImage] = []
    public var links: [PagerDutyLink] = []
    /// The event source; `client` when not set.
    public var source = ""
    public var severity = ""
    public var `class` = ""
    public var component = ""
    public var group = ""

    /// Upstream's defaults, with no key.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case sendResolved = "send_resolved", httpConfig = "http_config", serviceKey = "service_key"
        case serviceKeyFile = "service_key_file", routingKey = "routing_key", routingKeyFile = "routing_key_file"
        case url, client, clientURL = "client_url", description, details, images, links, source, severity
        case `class`, component, group
    }

    public init(from decoder: any Decoder) throws {
        let defaults = PagerDutyConfig()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sendResolved = try container.decode(.sendResolved, default: true)
        if let own = try container.decodeIfPresent(HTTPClientConfig.self, forKey: .httpConfig) {
            httpConfig = own
            hasOwnHTTPConfig = true
        }
        serviceKey = try container.decodeIfPresent(Secret.self, forKey: .serviceKey)
        serviceKeyFile = try container.decode(.serviceKeyFile, default: "")
        routingKey = try container.decodeIfPresent(Secret.self, forKey: .routingKey)
        routingKeyFile = try container.decode(.routingKeyFile, default: "")
        url = try container.decodeIfPresent(AlertmanagerURL.self, forKey: .url)
        client = try container.decode(.client, default: defaults.client)
        clientURL = try container.decode(.clientURL, default: defaults.clientURL)
        description = try container.decode(.description, default: defaults.description)
        details = try container.decode(.details, default: [:])
        images = try container.decode(.images, default: [])
        links = try container.decode(.links, default: [])
        source = try container.decode(.source, default: "")
        severity = try container.decode(.severity, default: "")
        `class` = try container.decode(.class, default: "")
        component = try container.decode(.component, default: "")
        group = try container.decode(.group, default: "")
        let hasRoutingKey = !(routingKey?.value.isEmpty ?? true)
        let hasServiceKey = !(serviceKey?.value.isEmpty ?? true)
        if !hasRoutingKey && !hasServiceKey && routingKeyFile.isEmpty && serviceKeyFile.isEmpty {
            throw ConfigValidationError("missing service or routing key in PagerDuty config")
        }
        if hasRoutingKey && !routingKeyFile.isEmpty {
            throw ConfigValidationError("at most one of routing_key & routing_key_file must be configured")
        }
        if hasServiceKey && !serviceKeyFile.isEmpty {
            throw ConfigValidationError("at most one of service_key & service_key_file must be configured")
        }
        if source.isEmpty { source = client }
        for (key, value) in Self.defaultDetails where details[key] == nil {
            details[key] = value
        }
    }
}
