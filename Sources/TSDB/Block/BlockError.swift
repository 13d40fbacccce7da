/// An error from writing or reading a persistent block: a failed system
/// call, a file that is not what its name says, or damage found while
/// decoding.
///
/// Reading never traps on bad input. The ``message`` names the file, the
/// section and the byte offset where the problem was found, and says what
/// can be done about it; ``path``, ``section`` and ``offset`` carry the same
/// facts for programs.
public struct BlockError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case io
            case invalidMagic
            case unsupportedVersion
            case checksumMismatch
            case truncated
            case outOfRange
            case invalidData
            case invalidArgument
            case alreadyExists
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A system call on a block file or directory failed.
        public static let io = Code(.io)
        /// A file does not start with the magic number of its kind.
        public static let invalidMagic = Code(.invalidMagic)
        /// A file or `meta.json` declares a format version this reader does not know.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A section's CRC32-Castagnoli does not match its bytes.
        public static let checksumMismatch = Code(.checksumMismatch)
        /// A file ends before a section or entry it announces.
        public static let truncated = Code(.truncated)
        /// A reference (series, symbol, chunk, section) points outside what exists.
        public static let outOfRange = Code(.outOfRange)
        /// Bytes or JSON that cannot be decoded as what they should be.
        public static let invalidData = Code(.invalidData)
        /// The writer was given data it cannot store (unsorted samples, samples
        /// outside the block's range, duplicate series …).
        public static let invalidArgument = Code(.invalidArgument)
        /// The block directory to be created exists already.
        public static let alreadyExists = Code(.alreadyExists)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// What went wrong, naming the file, section and offset where known.
    public var message: String
    /// The file or directory concerned, if any.
    public var path: String?
    /// The part of the file concerned (`symbol table`, `series`, `postings` …), if any.
    public var section: String?
    /// The byte offset in ``path`` where the problem was found, if any.
    public var offset: Int?

    public init(_ code: Code, _ message: String, path: String? = nil, section: String? = nil, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.section = section
        self.offset = offset
    }

    /// An error about `section` of the file at `path`, found at byte `offset`;
    /// the message is prefixed with those facts.
    static func at(
        _ code: Code, _ path: String, section: String, offset: Int, _ detail: String
    ) -> BlockError {
        BlockError(
            code, "\(path): \(section) at byte \(offset): \(detail)", path: path, section: section, offset: offset)
    }

    public var description: String { message }
}
