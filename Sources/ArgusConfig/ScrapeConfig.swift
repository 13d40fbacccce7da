import ArgusCore
import Relabel

/// One entry of `scrape_configs`: a job, its targets and how to scrape them.
///
/// Fields that inherit from `global` (interval, timeout, limits, protocols, name validation)
/// hold their resolved values once the ``PrometheusConfig`` that contains the job is loaded.
/// Service discovery other than `static_configs`, `file_sd_configs` and `http_sd_configs` is
/// refused with a message naming the field.
public struct ScrapeConfig: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "scrape_config"

    public static func unsupportedFieldMessage(_ field: String) -> String? {
        field.hasSuffix("_sd_configs") ? notSupported(field) : nil
    }

    public var jobName: String
    public var honorLabels = false
    public var honorTimestamps = true
    public var trackTimestampsStaleness = false
    /// URL query parameters sent with every scrape.
    public var params: [String: [String]] = [:]
    public var scrapeInterval = PromDuration(milliseconds: 0)
    public var scrapeTimeout = PromDuration(milliseconds: 0)
    public var scrapeProtocols: [ScrapeProtocol] = ScrapeProtocol.defaultProtocols
    public var fallbackScrapeProtocol: ScrapeProtocol?
    public var scrapeFailureLogFile = ""
    public var metricsPath = "/metrics"
    public var scheme = "http"
    public var enableCompression = true
    public var bodySizeLimit = ByteSize(bytes: 0)
    public var sampleLimit: UInt = 0
    public var targetLimit: UInt = 0
    public var labelLimit: UInt = 0
    public var labelNameLengthLimit: UInt = 0
    public var labelValueLengthLimit: UInt = 0
    public var keepDroppedTargets: UInt = 0
    public var metricNameValidationScheme = NameValidationScheme.utf8
    public var metricNameEscapingScheme = ""
    public var httpClientConfig = HTTPClientConfig.default
    public var staticConfigs: [StaticConfig] = []
    public var fileSDConfigs: [FileSDConfig] = []
    public var httpSDConfigs: [HTTPSDConfig] = []
    public var relabelConfigs: [RelabelConfig] = []
    public var metricRelabelConfigs: [RelabelConfig] = []

    /// What the file said before inheritance from `global`.
    private var configuredProtocols: [ScrapeProtocol]?
    private var configuredValidationScheme: NameValidationScheme?

    /// A job with Prometheus' defaults; call ``resolve(with:)`` to inherit from a global section.
    public init(jobName: String) {
        self.jobName = jobName
    }

    enum CodingKeys: String, CodingKey {
        case jobName = "job_name", honorLabels = "honor_labels", honorTimestamps = "honor_timestamps"
        case trackTimestampsStaleness = "track_timestamps_staleness", params
        case scrapeInterval = "scrape_interval", scrapeTimeout = "scrape_timeout"
        case scrapeProtocols = "scrape_protocols", fallbackScrapeProtocol = "fallback_scrape_protocol"
        case scrapeFailureLogFile = "scrape_failure_log_file", metricsPath = "metrics_path", scheme
        case enableCompression = "enable_compression", bodySizeLimit = "body_size_limit"
        case sampleLimit = "sample_limit", targetLimit = "target_limit", labelLimit = "label_limit"
        case labelNameLengthLimit = "label_name_length_limit", labelValueLengthLimit = "label_value_length_limit"
        case keepDroppedTargets = "keep_dropped_targets"
        case metricNameValidationScheme = "metric_name_validation_scheme"
        case metricNameEscapingScheme = "metric_name_escaping_scheme"
        case staticConfigs = "static_configs", fileSDConfigs = "file_sd_configs", httpSDConfigs = "http_sd_configs"
        case relabelConfigs = "relabel_configs", metricRelabelConfigs = "metric_relabel_configs"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jobName = try container.decode(.jobName, default: "")
        if jobName.isEmpty { throw ConfigValidationError("job_name is empty") }
        honorLabels = try container.decode(.honorLabels, default: false)
        honorTimestamps = try container.decode(.honorTimestamps, default: true)
        trackTimestampsStaleness = try container.decode(.trackTimestampsStaleness, default: false)
        params = try container.decode(.params, default: [:])
        scrapeInterval = try container.decode(.scrapeInterval, default: PromDuration(milliseconds: 0))
        scrapeTimeout = try container.decode(.scrapeTimeout, default: PromDuration(milliseconds: 0))
        configuredProtocols = try container.decodeIfPresent([ScrapeProtocol].self, forKey: .scrapeProtocols)
        fallbackScrapeProtocol = try container.decodeIfPresent(ScrapeProtocol.self, forKey: .fallbackScrapeProtocol)
        scrapeFailureLogFile = try container.decode(.scrapeFailureLogFile, default: "")
        metricsPath = try container.decode(.metricsPath, default: "/metrics")
        scheme = try container.decode(.scheme, default: "http")
        if scheme != "http" && scheme != "https" {
            throw ConfigValidationError(
                "scheme must be \"http\" or \"https\", got \(GoString.quote(scheme))", field: "scheme")
        }
        enableCompression = try container.decode(.enableCompression, default: true)
        bodySizeLimit = try container.decode(.bodySizeLimit, default: ByteSize(bytes: 0))
        sampleLimit = try container.decode(.sampleLimit, default: 0)
        targetLimit = try container.decode(.targetLimit, default: 0)
        labelLimit = try container.decode(.labelLimit, default: 0)
        labelNameLengthLimit = try container.decode(.labelNameLengthLimit, default: 0)
        labelValueLengthLimit = try container.decode(.labelValueLengthLimit, default: 0)
        keepDroppedTargets = try container.decode(.keepDroppedTargets, default: 0)
        if let text = try container.decodeIfPresent(String.self, forKey: .metricNameValidationScheme), !text.isEmpty {
            guard let scheme = NameValidationScheme(rawValue: text) else {
                throw ConfigValidationError(
                    "unknown scrape config name validation method specified, must be either '', 'legacy' or 'utf8', got \(text)",
                    field: "metric_name_validation_scheme")
            }
            configuredValidationScheme = scheme
        }
        metricNameEscapingScheme = try container.decode(.metricNameEscapingScheme, default: "")
        httpClientConfig = try HTTPClientConfig(from: decoder)
        staticConfigs = try container.decode(.staticConfigs, default: [])
        fileSDConfigs = try container.decode(.fileSDConfigs, default: [])
        httpSDConfigs = try container.decode(.httpSDConfigs, default: [])
        relabelConfigs = try container.decode(.relabelConfigs, default: [])
        metricRelabelConfigs = try container.decode(.metricRelabelConfigs, default: [])
        if relabelConfigs.isEmpty { try StaticConfig.checkTargetAddresses(of: staticConfigs) }
    }

    /// Fills what the job inherits from `global` and validates what depends on it, as upstream's
    /// `ScrapeConfig.Validate`. Errors carry a path relative to this job.
    public mutating func resolve(with global: GlobalConfig) throws(ConfigValidationError) {
        if scrapeInterval.milliseconds == 0 { scrapeInterval = global.scrapeInterval }
        if scrapeTimeout > scrapeInterval {
            throw ConfigValidationError(
                "scrape timeout greater than scrape interval for scrape config with job name \(GoString.quote(jobName))",
                field: "scrape_timeout")
        }
        if scrapeTimeout.milliseconds == 0 { scrapeTimeout = min(global.scrapeTimeout, scrapeInterval) }
        if bodySizeLimit.bytes == 0 { bodySizeLimit = global.bodySizeLimit }
        if sampleLimit == 0 { sampleLimit = global.sampleLimit }
        if targetLimit == 0 { targetLimit = global.targetLimit }
        if labelLimit == 0 { labelLimit = global.labelLimit }
        if labelNameLengthLimit == 0 { labelNameLengthLimit = global.labelNameLengthLimit }
        if labelValueLengthLimit == 0 { labelValueLengthLimit = global.labelValueLengthLimit }
        if keepDroppedTargets == 0 { keepDroppedTargets = global.keepDroppedTargets }
        if scrapeFailureLogFile.isEmpty { scrapeFailureLogFile = global.scrapeFailureLogFile }
        scrapeProtocols = configuredProtocols ?? global.scrapeProtocols ?? ScrapeProtocol.defaultProtocols
        do {
            try ScrapeProtocol.validate(scrapeProtocols)
        } catch {
            throw ConfigValidationError(
                "\(error.message) for scrape config with job name \(GoString.quote(jobName))", field: "scrape_protocols"
            )
        }
        try resolveNames(global: global)
        for (index, var rule) in relabelConfigs.enumerated() {
            do { try rule.validate(nameValidationScheme: metricNameValidationScheme) } catch {
                throw ConfigValidationError(
                    error.message, at: [.key("relabel_configs"), .index(index)] + error.fieldPath)
            }
            relabelConfigs[index] = rule
        }
        for (index, var rule) in metricRelabelConfigs.enumerated() {
            do { try rule.validate(nameValidationScheme: metricNameValidationScheme) } catch {
                throw ConfigValidationError(
                    error.message, at: [.key("metric_relabel_configs"), .index(index)] + error.fieldPath)
            }
            metricRelabelConfigs[index] = rule
        }
    }

    static let escapingSchemes = ["allow-utf-8", "underscores", "dots", "values"]

    /// The validation and escaping schemes, inherited and checked as upstream does.
    private mutating func resolveNames(global: GlobalConfig) throws(ConfigValidationError) {
        metricNameValidationScheme = configuredValidationScheme ?? global.metricNameValidationScheme
        var globalEscaping = global.metricNameEscapingScheme
        if globalEscaping.isEmpty {
            globalEscaping = global.metricNameValidationScheme == .legacy ? "underscores" : "allow-utf-8"
        } else if !ScrapeConfig.escapingSchemes.contains(globalEscaping) {
            throw ConfigValidationError(
                "unknown global name escaping method specified, must be one of 'allow-utf-8', 'underscores', 'dots', or 'values', got \(GoString.quote(globalEscaping))"
            )
        }
        if metricNameEscapingScheme.isEmpty {
            if configuredValidationScheme == nil {
                metricNameEscapingScheme = globalEscaping
            } else {
                metricNameEscapingScheme = metricNameValidationScheme == .legacy ? "underscores" : "allow-utf-8"
            }
        }
        guard ScrapeConfig.escapingSchemes.contains(metricNameEscapingScheme) else {
            throw ConfigValidationError(
                "unknown scrape config name escaping method specified, must be one of 'allow-utf-8', 'underscores', 'dots', or 'values', got \(GoString.quote(metricNameEscapingScheme))",
                field: "metric_name_escaping_scheme")
        }
        if metricNameEscapingScheme == "allow-utf-8" && metricNameValidationScheme != .utf8 {
            throw ConfigValidationError(
                "utf8 metric names requested but validation scheme is not set to UTF8",
                field: "metric_name_escaping_scheme")
        }
    }
}
