import ArgusCore

/// The type of a pushed metric family, numbered as in client_model's
/// `MetricType` enum (the protobuf push format carries these numbers).
public enum PushedMetricType: Int, Hashable, Sendable, CaseIterable {
    case counter = 0
    case gauge = 1
    case summary = 2
    case untyped = 3
    case histogram = 4
    case gaugeHistogram = 5

    /// The enum name as Go prints it (`COUNTER`), used in error messages
    /// and in `/api/v1/metrics`.
    public var goName: String {
        switch self {
        case .counter: return "COUNTER"
        case .gauge: return "GAUGE"
        case .summary: return "SUMMARY"
        case .untyped: return "UNTYPED"
        case .histogram: return "HISTOGRAM"
        case .gaugeHistogram: return "GAUGE_HISTOGRAM"
        }
    }

    /// The keyword of a `# TYPE` line in the text format.
    public var keyword: String {
        switch self {
        case .counter: return "counter"
        case .gauge: return "gauge"
        case .summary: return "summary"
        case .untyped: return "untyped"
        case .histogram: return "histogram"
        case .gaugeHistogram: return "gaugehistogram"
        }
    }

    /// The type of a `# TYPE` keyword, in any case, as Go's text parser
    /// looks it up in client_model's enum names.
    public init?(keyword: String) {
        switch keyword.uppercased() {
        case "COUNTER": self = .counter
        case "GAUGE": self = .gauge
        case "SUMMARY": self = .summary
        case "UNTYPED": self = .untyped
        case "HISTOGRAM": self = .histogram
        case "GAUGE_HISTOGRAM": self = .gaugeHistogram
        default: return nil
        }
    }
}

/// A metric family as the Pushgateway stores it: client_model's
/// `MetricFamily`, which keeps summaries and histograms whole rather than
/// as flat samples.
public struct PushedMetricFamily: Hashable, Sendable {
    /// The family name.
    public var name: String
    /// The help text; nil when the push had no `# HELP` line (an empty
    /// help line gives "").
    public var help: String?
    /// The declared type (`# TYPE`, or untyped).
    public var type: PushedMetricType
    /// The metrics (series).
    public var metrics: [PushedMetric]

    /// A family named `name`.
    public init(name: String, help: String? = nil, type: PushedMetricType, metrics: [PushedMetric] = []) {
        self.name = name
        self.help = help
        self.type = type
        self.metrics = metrics
    }

    /// A gauge family with one metric: `push_time_seconds` and
    /// `push_failure_time_seconds`.
    static func timestampGauge(name: String, help: String, seconds: Double) -> PushedMetricFamily {
        PushedMetricFamily(name: name, help: help, type: .gauge, metrics: [PushedMetric(gauge: seconds)])
    }
}
