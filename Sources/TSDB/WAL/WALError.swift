/// An error from the write-ahead log: a failed read or write, a damaged
/// segment, a record that cannot be decoded, or a feature this reader does
/// not support.
///
/// The ``message`` names the file and, where known, the segment and byte
/// offset, and says what to do about it. Damage that ``WAL/repair(from:)``
/// can cut away carries a ``corruption`` value.
public struct WALError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case io
            case corruption
            case invalidRecord
            case unsupportedCompression
            case segmentsNotSequential
            case invalidArgument
            case closed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A system call on a WAL file or directory failed.
        public static let io = Code(.io)
        /// A segment is torn or damaged; ``WALError/corruption`` says where.
        /// ``WAL/repair(from:)`` cuts the log back to the last good record.
        public static let corruption = Code(.corruption)
        /// A record's bytes do not follow the layout of its record type.
        public static let invalidRecord = Code(.invalidRecord)
        /// A record is Snappy- or zstd-compressed and no decompressor was given
        /// to the reader. This is not damage: do not repair, pass a decompressor
        /// or restart the writer with WAL compression turned off.
        public static let unsupportedCompression = Code(.unsupportedCompression)
        /// Segment numbers in a directory have a gap.
        public static let segmentsNotSequential = Code(.segmentsNotSequential)
        /// An argument is out of range (a segment size that is not a multiple of
        /// the page size, a checkpoint of the segment being written …).
        public static let invalidArgument = Code(.invalidArgument)
        /// The WAL has been closed.
        public static let closed = Code(.closed)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// What went wrong, naming the file, segment and offset where known.
    public var message: String
    /// The file or directory concerned, if any.
    public var path: String?
    /// Where the damage starts, for ``Code/corruption`` errors.
    public var corruption: WALCorruption?

    public init(_ code: Code, _ message: String, path: String? = nil, corruption: WALCorruption? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.corruption = corruption
    }

    /// A ``Code/corruption`` error for `corruption`.
    public init(_ corruption: WALCorruption) {
        self.init(
            .corruption,
            "corruption in segment \(corruption.path) at offset \(corruption.offset): \(corruption.reason)",
            path: corruption.path,
            corruption: corruption
        )
    }

    public var description: String { message }
}

/// Where a segment is damaged: everything from ``offset`` onwards in segment
/// ``segment`` of ``directory`` cannot be read as whole records.
///
/// ``offset`` is the first byte of the record that could not be read
/// (the end of the last good record), so truncating the segment there keeps
/// exactly the complete records before the damage.
public struct WALCorruption: Hashable, Sendable, CustomStringConvertible {
    /// The directory holding the segment (the WAL or a checkpoint directory).
    public var directory: String
    /// The segment number (the file name as a number).
    public var segment: Int
    /// The byte offset in the segment where the damaged record starts.
    public var offset: Int
    /// The byte offset in the segment where the damage was detected (the
    /// fragment with the bad header, checksum or sequence).
    public var detectedAt: Int
    /// What is wrong, in upstream's words where it has them.
    public var reason: String

    public init(directory: String, segment: Int, offset: Int, detectedAt: Int, reason: String) {
        self.directory = directory
        self.segment = segment
        self.offset = offset
        self.detectedAt = detectedAt
        self.reason = reason
    }

    /// The path of the damaged segment file.
    public var path: String { WALSegmentRef.path(directory: directory, index: segment) }

    public var description: String {
        "corruption in segment \(path) at offset \(offset) (detected at \(detectedAt)): \(reason)"
    }
}
