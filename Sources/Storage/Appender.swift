import ArgusCore

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

    /// Makes the whole batch visible at once.
    func commit() throws(StorageError)

    /// Discards the batch.
    func rollback()
}

/// Something that hands out appenders.
public protocol Appendable: Sendable {
    /// A new, empty batch.
    func appender() -> any Appender
}
