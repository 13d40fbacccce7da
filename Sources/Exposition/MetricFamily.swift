import ArgusCore

/// The type of a metric family, covering both exposition formats.
public enum MetricType: String, Hashable, Sendable, CaseIterable {
    case counter
    case gauge
    case histogram
    case gaugeHistogram = "gaugehistogram"
    case summary
    case info
    case stateSet = "stateset"
    /// `untyped` in the text format, `unknown` in OpenMetrics.
    case unknown

    /// Parses a `# TYPE` keyword of `format`.
    public init?(keyword: some Sequence<UInt8>, format: ExpositionFormat) {
        // The text format's reference parser accepts type keywords in any case.
        let word = String(decoding: Array(keyword), as: UTF8.self)
        switch format == .text ? word.lowercased() : word {
        case "counter": self = .counter
        case "gauge": self = .gauge
        case "histogram": self = .histogram
        case "summary": self = .summary
        case "untyped" where format == .text: self = .unknown
        case "unknown" where format == .openMetrics: self = .unknown
        case "gaugehistogram" where format == .openMetrics: self = .gaugeHistogram
        case "info" where format == .openMetrics: self = .info
        case "stateset" where format == .openMetrics: self = .stateSet
        default: return nil
        }
    }

    /// The keyword this type has in `format`'s `# TYPE` line.
    public func keyword(for format: ExpositionFormat) -> String {
        switch (self, format) {
        case (.unknown, .text): return "untyped"
        case (.gaugeHistogram, .text), (.info, .text), (.stateSet, .text): return "gauge"
        default: return rawValue
        }
    }

    /// Suffixes that sample names of this type may add to the family name.
    public var sampleSuffixes: [String] {
        switch self {
        case .counter: return ["_total", "_created"]
        case .histogram: return ["_bucket", "_count", "_sum", "_created"]
        case .gaugeHistogram: return ["_bucket", "_gcount", "_gsum"]
        case .summary: return ["_count", "_sum", "_created"]
        case .info: return ["_info"]
        case .gauge, .stateSet, .unknown: return []
        }
    }
}

/// An exemplar attached to a sample (OpenMetrics only).
public struct Exemplar: Hashable, Sendable {
    public var labels: Labels
    public var value: Double
    /// Milliseconds since the epoch, if the exemplar had a timestamp.
    public var timestamp: Int64?

    public init(labels: Labels, value: Double, timestamp: Int64? = nil) {
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
    }

    public static func == (lhs: Exemplar, rhs: Exemplar) -> Bool {
        lhs.labels == rhs.labels && lhs.value.bitPattern == rhs.value.bitPattern && lhs.timestamp == rhs.timestamp
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(value.bitPattern)
        hasher.combine(timestamp)
    }
}

/// One exposed sample: a full series name (with any suffix such as
/// `_bucket`), its other labels, a value and an optional timestamp.
public struct ExposedSample: Hashable, Sendable {
    /// The sample's metric name, e.g. `http_request_duration_seconds_bucket`.
    public var name: String
    /// The labels other than `__name__`.
    public var labels: Labels
    /// The value; NaN payloads (such as the stale marker) are kept bit for bit.
    public var value: Double
    /// Milliseconds since the epoch, if the exposition carried a timestamp.
    public var timestamp: Int64?
    public var exemplar: Exemplar?

    public init(
        name: String, labels: Labels = Labels(), value: Double, timestamp: Int64? = nil, exemplar: Exemplar? = nil
    ) {
        self.name = name
        self.labels = labels
        self.value = value
        self.timestamp = timestamp
        self.exemplar = exemplar
    }

    /// The series' full label set, `__name__` included.
    public var seriesLabels: Labels {
        labels.setting(Labels.metricName, to: name)
    }

    public static func == (lhs: ExposedSample, rhs: ExposedSample) -> Bool {
        lhs.name.utf8Equal(rhs.name) && lhs.labels == rhs.labels && lhs.value.bitPattern == rhs.value.bitPattern
            && lhs.timestamp == rhs.timestamp && lhs.exemplar == rhs.exemplar
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(labels)
        hasher.combine(value.bitPattern)
        hasher.combine(timestamp)
    }
}

/// A metric family: the samples that share a base name, with their
/// metadata from `# HELP`, `# TYPE` and `# UNIT` lines.
public struct MetricFamily: Hashable, Sendable {
    /// The family's name as given in `# TYPE` (OpenMetrics counters omit `_total`).
    public var name: String
    public var type: MetricType
    public var help: String?
    public var unit: String?
    public var samples: [ExposedSample]

    public init(
        name: String,
        type: MetricType = .unknown,
        help: String? = nil,
        unit: String? = nil,
        samples: [ExposedSample] = []
    ) {
        self.name = name
        self.type = type
        self.help = help
        self.unit = unit
        self.samples = samples
    }

    /// Whether a sample called `sampleName` belongs to this family.
    public func owns(sampleName: String) -> Bool {
        if sampleName == name { return true }
        guard sampleName.hasPrefix(name) else { return false }
        let suffix = sampleName.dropFirst(name.count)
        return type.sampleSuffixes.contains { $0 == suffix }
    }
}
