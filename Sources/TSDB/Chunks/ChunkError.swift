/// An error raised while decoding or appending to a chunk.
///
/// Decoding never traps on bad input: a chunk that is too short, cut off in
/// the middle of a sample, or that holds bit patterns no encoder can produce
/// is rejected with one of these. The ``message`` says what is wrong and
/// ``offset`` is the byte within the chunk (counting the 2-byte header) where
/// the problem was found.
public struct ChunkError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidHeader
            case truncated
            case invalidVarint
            case invalidValueEncoding
            case capacityExceeded
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The chunk is shorter than its header, or too short for the sample count it declares.
        public static let invalidHeader = Code(.invalidHeader)
        /// The bit stream ends before the last sample the header announces.
        public static let truncated = Code(.truncated)
        /// A varint timestamp is longer than 10 bytes or overflows 64 bits.
        public static let invalidVarint = Code(.invalidVarint)
        /// An XOR value header announces more than 64 significant and leading bits.
        public static let invalidValueEncoding = Code(.invalidValueEncoding)
        /// The chunk already holds 65535 samples, the most its 16-bit count can say.
        public static let capacityExceeded = Code(.capacityExceeded)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// A message naming what is wrong and where.
    public var message: String
    /// The byte offset within the chunk (header included) where the problem was found.
    public var offset: Int?

    public init(_ code: Code, _ message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}
