import ArgusCore

/// One record of the write-ahead log, in the layout of Prometheus'
/// `tsdb/record` package, so a Prometheus data directory's WAL replays here
/// and ours replays in Prometheus.
///
/// Each record starts with its type byte (``WALRecordType``). See
/// `WALRecord+Codec.swift` for the byte layouts.
public enum WALRecord: Hashable, Sendable {
    /// New series and the references later records use for them (type 1).
    case series([RefSeries])
    /// Float samples (type 2).
    case samples([RefSample])
    /// Deleted time ranges of series (type 3).
    case tombstones([RefTombstone])

    /// The type byte this record is written with.
    public var type: WALRecordType {
        switch self {
        case .series: .series
        case .samples: .samples
        case .tombstones: .tombstones
        }
    }
}

/// The first byte of a WAL record, as numbered by Prometheus' `record.Type`.
///
/// Only ``series``, ``samples`` and ``tombstones`` are decoded; the others are
/// named so that replay can report what it skipped.
public struct WALRecordType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let series = WALRecordType(rawValue: 1)
    public static let samples = WALRecordType(rawValue: 2)
    public static let tombstones = WALRecordType(rawValue: 3)
    public static let exemplars = WALRecordType(rawValue: 4)
    public static let mmapMarkers = WALRecordType(rawValue: 5)
    public static let metadata = WALRecordType(rawValue: 6)
    public static let histogramSamples = WALRecordType(rawValue: 7)
    public static let floatHistogramSamples = WALRecordType(rawValue: 8)
    public static let customBucketsHistogramSamples = WALRecordType(rawValue: 9)
    public static let customBucketsFloatHistogramSamples = WALRecordType(rawValue: 10)
    public static let samplesV2 = WALRecordType(rawValue: 11)
    public static let histogramSamplesV2 = WALRecordType(rawValue: 12)
    public static let floatHistogramSamplesV2 = WALRecordType(rawValue: 13)

    /// Upstream's name for the type (`series`, `samples` …), or `unknown`.
    public var description: String {
        switch rawValue {
        case 1: "series"
        case 2: "samples"
        case 3: "tombstones"
        case 4: "exemplars"
        case 5: "mmapmarkers"
        case 6: "metadata"
        case 7: "histogram_samples"
        case 8: "float_histogram_samples"
        case 9: "custom_buckets_histogram_samples"
        case 10: "custom_buckets_float_histogram_samples"
        case 11: "samples_v2"
        case 12: "histogram_samples_v2"
        case 13: "float_histogram_samples_v2"
        default: "unknown"
        }
    }
}

/// A series as the WAL records it: the head's reference for it and its labels.
public struct RefSeries: Hashable, Sendable {
    /// The head series reference (upstream's `chunks.HeadSeriesRef`).
    public var ref: UInt64
    public var labels: Labels

    public init(ref: UInt64, labels: Labels) {
        self.ref = ref
        self.labels = labels
    }
}

/// One float sample of the series `ref`.
///
/// Equality compares value bits, so stale markers and other NaNs compare
/// equal to themselves and different payloads are told apart.
public struct RefSample: Hashable, Sendable {
    /// The head series reference.
    public var ref: UInt64
    /// Milliseconds since the unix epoch.
    public var t: Int64
    public var v: Double

    public init(ref: UInt64, t: Int64, v: Double) {
        self.ref = ref
        self.t = t
        self.v = v
    }

    public static func == (lhs: RefSample, rhs: RefSample) -> Bool {
        lhs.ref == rhs.ref && lhs.t == rhs.t && lhs.v.bitPattern == rhs.v.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ref)
        hasher.combine(t)
        hasher.combine(v.bitPattern)
    }
}

/// A deleted time range of one series (upstream's `tombstones.Stone`).
///
/// A record stores one `(ref, mint, maxt)` entry per interval, so decoding
/// yields one ``RefTombstone`` with a single interval per entry, as upstream
/// does; a stone with several intervals comes back as several stones.
public struct RefTombstone: Hashable, Sendable {
    /// The head series reference.
    public var ref: UInt64
    public var intervals: [Interval]

    public init(ref: UInt64, intervals: [Interval]) {
        self.ref = ref
        self.intervals = intervals
    }

    /// A closed time range `[mint, maxt]` in milliseconds.
    public struct Interval: Hashable, Sendable {
        public var mint: Int64
        public var maxt: Int64

        public init(mint: Int64, maxt: Int64) {
            self.mint = mint
            self.maxt = maxt
        }
    }
}
