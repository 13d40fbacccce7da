import ArgusCore

/// An error from a storage engine: a rejected sample, or a failure to read
/// or write.
public struct StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case outOfOrderSample
            case outOfBounds
            case duplicateSampleForTimestamp
            case invalidLabels
            case closed
            case io
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The sample is older than the newest one of its series.
        public static let outOfOrderSample = Code(.outOfOrderSample)
        /// The sample is older than the time the storage still accepts.
        public static let outOfBounds = Code(.outOfBounds)
        /// The series already has a different value at this timestamp.
        public static let duplicateSampleForTimestamp = Code(.duplicateSampleForTimestamp)
        /// The label set is empty, has duplicate names or invalid names.
        public static let invalidLabels = Code(.invalidLabels)
        /// The storage or appender has been closed.
        public static let closed = Code(.closed)
        /// Reading or writing failed.
        public static let io = Code(.io)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// Prometheus' wording where one exists (`out of order sample`).
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
