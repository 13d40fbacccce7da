import ArgusCore

/// One label of a pushed metric. Pairs keep the order they were pushed
/// in until the store sorts them.
public struct PushedLabel: Hashable, Sendable {
    /// The label name.
    public var name: String
    /// The label value.
    public var value: String

    /// The label `name=value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One quantile of a summary.
public struct PushedQuantile: Hashable, Sendable {
    /// The quantile (the `quantile` label), 0...1.
    public var quantile: Double
    /// The observed value at that quantile.
    public var value: Double

    /// The value at `quantile`.
    public init(quantile: Double, value: Double) {
        self.quantile = quantile
        self.value = value
    }
}

/// One cumulative bucket of a histogram.
public struct PushedBucket: Hashable, Sendable {
    /// The bucket's upper bound (the `le` label).
    public var upperBound: Double
    /// Observations at or below the bound.
    public var cumulativeCount: UInt64

    /// A bucket counting `cumulativeCount` observations up to `upperBound`.
    public init(upperBound: Double, cumulativeCount: UInt64) {
        self.upperBound = upperBound
        self.cumulativeCount = cumulativeCount
    }
}

/// The value of a summary metric.
public struct PushedSummary: Hashable, Sendable {
    /// `_count`.
    public var sampleCount: UInt64 = 0
    /// `_sum`.
    public var sampleSum: Double = 0
    /// The quantile lines, in pushed order.
    public var quantiles: [PushedQuantile] = []

    /// A summary value.
    public init(sampleCount: UInt64 = 0, sampleSum: Double = 0, quantiles: [PushedQuantile] = []) {
        self.sampleCount = sampleCount
        self.sampleSum = sampleSum
        self.quantiles = quantiles
    }
}

/// The value of a histogram metric (classic buckets only).
public struct PushedHistogram: Hashable, Sendable {
    /// `_count`.
    public var sampleCount: UInt64 = 0
    /// `_sum`.
    public var sampleSum: Double = 0
    /// The `_bucket` lines, in pushed order.
    public var buckets: [PushedBucket] = []

    /// A histogram value.
    public init(sampleCount: UInt64 = 0, sampleSum: Double = 0, buckets: [PushedBucket] = []) {
        self.sampleCount = sampleCount
        self.sampleSum = sampleSum
        self.buckets = buckets
    }
}

/// One metric (series) of a pushed family, shaped like client_model's
/// `Metric` message: which value field is set is independent of the
/// family's declared type, so inconsistent pushes can be represented and
/// rejected exactly as the Pushgateway rejects them.
public struct PushedMetric: Hashable, Sendable {
    /// The labels, in pushed order until the store sorts them by name.
    public var labels: [PushedLabel]
    /// The value of a gauge.
    public var gauge: Double?
    /// The value of a counter.
    public var counter: Double?
    /// The value of an untyped metric.
    public var untyped: Double?
    /// The value of a summary.
    public var summary: PushedSummary?
    /// The value of a histogram.
    public var histogram: PushedHistogram?
    /// A sample timestamp; pushes carrying one are rejected.
    public var timestampMs: Int64?

    /// A metric with `labels` and the given value fields.
    public init(
        labels: [PushedLabel] = [], gauge: Double? = nil, counter: Double? = nil, untyped: Double? = nil,
        summary: PushedSummary? = nil, histogram: PushedHistogram? = nil, timestampMs: Int64? = nil
    ) {
        self.labels = labels
        self.gauge = gauge
        self.counter = counter
        self.untyped = untyped
        self.summary = summary
        self.histogram = histogram
        self.timestampMs = timestampMs
    }

    /// The label value for `name`, if the metric has that label.
    public subscript(label name: String) -> String? {
        labels.first { $0.name == name }?.value
    }

    /// Whether the value field matching `type` is set.
    public func hasValue(for type: PushedMetricType) -> Bool {
        switch type {
        case .gauge: return gauge != nil
        case .counter: return counter != nil
        case .untyped: return untyped != nil
        case .summary: return summary != nil
        case .histogram, .gaugeHistogram: return histogram != nil
        }
    }

    /// The single value of a gauge, counter or untyped metric (0 when none
    /// is set), as the Pushgateway's JSON API reads it.
    public var simpleValue: Double {
        gauge ?? counter ?? untyped ?? 0
    }
}
