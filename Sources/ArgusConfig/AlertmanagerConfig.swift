import ArgusCore
import Relabel

/// One entry of `alerting.alertmanagers`: where alerts are sent and how.
public struct AlertmanagerConfig: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "alertmanager_config"

    public static func unsupportedFieldMessage(_ field: String) -> String? {
        field.hasSuffix("_sd_configs") ? notSupported(field) : nil
    }

    public var httpClientConfig = HTTPClientConfig.default
    public var scheme = "http"
    public var pathPrefix = ""
    public var timeout = PromDuration(seconds: 10)
    /// Always `v2`: the v1 API is gone from Alertmanager and from Prometheus 3.
    public var apiVersion = "v2"
    public var staticConfigs: [StaticConfig] = []
    public var fileSDConfigs: [FileSDConfig] = []
    public var httpSDConfigs: [HTTPSDConfig] = []
    public var relabelConfigs: [RelabelConfig] = []
    public var alertRelabelConfigs: [RelabelConfig] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case sigv4, scheme, pathPrefix = "path_prefix", timeout, apiVersion = "api_version"
        case staticConfigs = "static_configs", fileSDConfigs = "file_sd_configs", httpSDConfigs = "http_sd_configs"
        case relabelConfigs = "relabel_configs", alertRelabelConfigs = "alert_relabel_configs"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try container.rejectUnsupported(.sigv4)
        httpClientConfig = try HTTPClientConfig(from: decoder)
        scheme = try container.decode(.scheme, default: "http")
        if scheme != "http" && scheme != "https" {
            throw ConfigValidationError(
                "scheme must be \"http\" or \"https\", got \(GoString.quote(scheme))", field: "scheme")
        }
        pathPrefix = try container.decode(.pathPrefix, default: "")
        timeout = try container.decode(.timeout, default: PromDuration(seconds: 10))
        apiVersion = try container.decode(.apiVersion, default: "v2")
        if apiVersion != "v2" {
            throw ConfigValidationError(
                "expected Alertmanager api version to be one of [v2] but got \(apiVersion)", field: "api_version")
        }
        staticConfigs = try container.decode(.staticConfigs, default: [])
        fileSDConfigs = try container.decode(.fileSDConfigs, default: [])
        httpSDConfigs = try container.decode(.httpSDConfigs, default: [])
        relabelConfigs = try container.decode(.relabelConfigs, default: [])
        alertRelabelConfigs = try container.decode(.alertRelabelConfigs, default: [])
        if relabelConfigs.isEmpty { try StaticConfig.checkTargetAddresses(of: staticConfigs) }
    }
}
