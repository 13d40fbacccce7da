import ArgusCore

/// A storage's handle on a series, returned by an append so that later
/// appends to the same series skip the label lookup (Prometheus'
/// `storage.SeriesRef`). Only meaningful to the storage that returned it.
///
/// Two references are equal when their raw values are; the `handle` is an
/// object the storage may attach to find the series without looking the
/// raw value up.
public struct SeriesRef: Hashable, Sendable {
    public var rawValue: UInt64
    /// The storage's object for the series, if it attached one.
    public let handle: (any AnyObject & Sendable)?

    public init(_ rawValue: UInt64, handle: (any AnyObject & Sendable)? = nil) {
        self.rawValue = rawValue
        self.handle = handle
    }

    public static func == (lhs: SeriesRef, rhs: SeriesRef) -> Bool { lhs.rawValue == rhs.rawValue }

    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}

/// Writes samples in batches. Nothing appended is visible to queriers until
/// ``commit()``; ``rollback()`` discards the batch.
///
/// An appender is used by one task at a time; get one per batch from an
/// ``Appendable``.
public protocol Appender: AnyObject {
    /// Adds a sample for the series `labels` to the batch. Throws when the
    /// sample can never be stored (out of order, duplicate timestamp with a
    /// different value, invalid labels); the rest of the batch is unaffected.
    func append(_ labels: Labels, timestamp: Int64, value: Double) throws(StorageError)

    /// Adds a sample for the series `ref` names, or for `labels` when `ref`
    /// is nil or no longer names a series; `labels` must be the series'
    /// labels either way. Returns the series' reference for later appends,
    /// or nil when the storage has none.
    @discardableResult
    func append(_ ref: SeriesRef?, _ labels: Labels, timestamp: Int64, value: Double) throws(StorageError)
        -> SeriesRef?

    /// Makes the whole batch visible at once.
    func commit() throws(StorageError)

    /// Discards the batch.
    func rollback()
}

extension Appender {
    /// Storages without series references append by labels.
    @discardableResult
    public func append(_ ref: SeriesRef?, _ labels: Labels, timestamp: Int64, value: Double) throws(StorageError)
        -> SeriesRef?
    {
        try append(labels, timestamp: timestamp, value: value)
        return nil
    }
}

/// An appender of a storage that also keeps each sample's start timestamp
/// (Prometheus' `st-storage`): the time the counter or delta the sample
/// belongs to started, which PromQL's `rate`-like functions can use
/// (`use-start-timestamps`) instead of guessing resets and extrapolating.
public protocol StartTimestampAppender: Appender {
    /// Adds a sample with its start timestamp in milliseconds (0: unknown).
    func append(_ labels: Labels, startTimestamp: Int64, timestamp: Int64, value: Double) throws(StorageError)
}

/// Something that hands out appenders.
public protocol Appendable: Sendable {
    /// A new, empty batch.
    func appender() -> any Appender
}
