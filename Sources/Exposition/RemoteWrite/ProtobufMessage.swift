/// A protobuf message with a hand-written codec.
///
/// Conformers implement ``merge(from:)`` (scalars overwrite, repeated fields
/// append, embedded messages merge, unknown fields are skipped) and
/// ``encode(to:)`` (fields in number order, proto3 defaults left out); the
/// extension supplies the byte-level entry points.
public protocol ProtobufMessage: Sendable, Hashable {
    /// A message with every field at its default.
    init()

    /// Reads fields until `reader` is at its end and merges them into `self`.
    mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError)

    /// Writes the fields of `self` (without tag or length of its own).
    func encode(to writer: inout ProtobufWriter)
}

extension ProtobufMessage {
    /// Decodes a message from its serialized form.
    public init(serializedBytes bytes: [UInt8]) throws(WireFormatError) {
        self = try Snappy.withBytes(bytes) { (buffer) throws(WireFormatError) in try Self(serializedBytes: buffer) }
    }

    /// Decodes a message from its serialized form in `bytes`.
    public init(serializedBytes bytes: UnsafeRawBufferPointer) throws(WireFormatError) {
        self.init()
        var reader = ProtobufReader(bytes)
        try merge(from: &reader)
    }

    /// The serialized form of the message.
    public func serializedBytes() -> [UInt8] {
        var writer = ProtobufWriter(capacity: 64)
        encode(to: &writer)
        return writer.bytes
    }
}
