import ArgusCore

/// One float sample: a timestamp in milliseconds and a value.
///
/// Equality compares value bits, so NaN payloads such as the stale marker
/// are told apart and a NaN equals itself.
public struct Sample: Hashable, Sendable, CustomStringConvertible {
    /// Milliseconds since the unix epoch.
    public var timestamp: Int64
    public var value: Double

    public init(timestamp: Int64, value: Double) {
        self.timestamp = timestamp
        self.value = value
    }

    public static func == (lhs: Sample, rhs: Sample) -> Bool {
        lhs.timestamp == rhs.timestamp && lhs.value.bitPattern == rhs.value.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(timestamp)
        hasher.combine(value.bitPattern)
    }

    public var description: String { "\(value) @\(timestamp)" }
}

/// A series and its samples within the selected time range, oldest first.
public struct StoredSeries: Hashable, Sendable {
    public var labels: Labels
    public var samples: [Sample]
    /// Each sample's start timestamp (when the counter or delta it belongs to
    /// began counting), aligned with ``samples``; 0 where a sample has none.
    /// Nil when the storage keeps no start timestamps for the series.
    public var startTimestamps: [Int64]?

    public init(labels: Labels, samples: [Sample], startTimestamps: [Int64]? = nil) {
        self.labels = labels
        self.samples = samples
        self.startTimestamps = startTimestamps
    }
}
