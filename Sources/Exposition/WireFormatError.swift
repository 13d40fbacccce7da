/// An error raised while decoding a binary wire format: a Snappy block or a
/// protobuf message of the remote-write and remote-read protocols.
///
/// The ``message`` says what was wrong; ``offset`` is the byte offset within
/// the input that was being decoded (the compressed stream for Snappy, the
/// whole serialized message for protobuf) where the problem was found.
public struct WireFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case snappyCorrupt
            case snappyTooLarge
            case protobufTruncated
            case protobufInvalidWireType
            case protobufInvalidFieldNumber
            case protobufVarintOverflow
            case protobufInvalidUTF8
            case protobufNestingTooDeep
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A Snappy block that does not follow the format: a bad length
        /// header, a copy that reaches before the start of the output, an
        /// element that runs past the input or the output, trailing bytes.
        public static let snappyCorrupt = Code(.snappyCorrupt)
        /// A Snappy block whose declared decoded length exceeds the limit the
        /// caller allowed.
        public static let snappyTooLarge = Code(.snappyTooLarge)
        /// A protobuf varint, fixed-width value or length-delimited field that
        /// runs past the end of its message.
        public static let protobufTruncated = Code(.protobufTruncated)
        /// A protobuf tag with a wire type that does not exist (6 or 7), an
        /// unmatched end-group, or a wire type that does not fit the field.
        public static let protobufInvalidWireType = Code(.protobufInvalidWireType)
        /// A protobuf tag with field number 0 or above 2^29 - 1.
        public static let protobufInvalidFieldNumber = Code(.protobufInvalidFieldNumber)
        /// A protobuf varint longer than ten bytes or above 2^64 - 1.
        public static let protobufVarintOverflow = Code(.protobufVarintOverflow)
        /// A protobuf `string` field that is not valid UTF-8.
        public static let protobufInvalidUTF8 = Code(.protobufInvalidUTF8)
        /// Unknown groups nested deeper than the decoder allows.
        public static let protobufNestingTooDeep = Code(.protobufNestingTooDeep)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// A message that says what was wrong with the input.
    public var message: String
    /// The byte offset within the decoded input where the problem was found.
    public var offset: Int?

    public init(_ code: Code, _ message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    public var description: String {
        if let offset { return "\(message) (at byte \(offset))" }
        return message
    }
}
