import ArgusConfig

/// Where `argus metrics` reads its `prometheus.yml` from.
public enum ConfigSource: Sendable, Hashable {
    /// `--config.file`: read again on every reload.
    case file(String)
    /// The configuration built into the binary, used when no file is given.
    case embedded(String)

    /// Reads, parses and validates the configuration.
    public func load() throws(ConfigError) -> PrometheusConfig {
        switch self {
        case .file(let path): return try PrometheusConfig.load(contentsOf: path)
        case .embedded(let yaml): return try PrometheusConfig.parse(yaml, file: "<embedded default config>")
        }
    }

    /// The directory relative paths in the configuration are resolved against.
    public var directory: String {
        guard case .file(let path) = self, let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    /// The default configuration of `argus` run with no arguments: scrape
    /// this server itself every 15 seconds, and the node-exporter and
    /// Pushgateway that run beside it when their ports are given.
    public static func defaultConfig(
        listenPort: Int, nodeExporterPort: Int? = nil, pushgatewayPort: Int? = nil, alertmanagerPort: Int? = nil
    ) -> ConfigSource {
        var yaml = """
            # Argus' built-in configuration, used when --config.file is not given.
            global:
              scrape_interval: 15s
              evaluation_interval: 15s
            scrape_configs:
              - job_name: argus
                static_configs:
                  - targets: ["localhost:\(listenPort)"]

            """
        if let nodeExporterPort {
            yaml += """
                  - job_name: node
                    static_configs:
                      - targets: ["localhost:\(nodeExporterPort)"]

                """
        }
        if let pushgatewayPort {
            // Pushed series carry their own job and instance labels.
            yaml += """
                  - job_name: pushgateway
                    honor_labels: true
                    static_configs:
                      - targets: ["localhost:\(pushgatewayPort)"]

                """
        }
        if let alertmanagerPort {
            yaml += """
                  - job_name: alertmanager
                    static_configs:
                      - targets: ["localhost:\(alertmanagerPort)"]
                alerting:
                  alertmanagers:
                    - static_configs:
                        - targets: ["localhost:\(alertmanagerPort)"]

                """
        }
        return .embedded(yaml)
    }
}
