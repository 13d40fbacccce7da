/// How a protobuf field's value is laid out on the wire: the low three bits of its tag.
public enum ProtobufWireType: UInt8, Hashable, Sendable {
    /// A base-128 varint: int32, int64, uint32, uint64, sint32, sint64, bool, enum.
    case varint = 0
    /// Eight little-endian bytes: fixed64, sfixed64, double.
    case fixed64 = 1
    /// A varint length, then that many bytes: string, bytes, messages, packed repeated fields.
    case lengthDelimited = 2
    /// The start of a group (deprecated; only ever skipped).
    case startGroup = 3
    /// The end of a group (deprecated; only ever skipped).
    case endGroup = 4
    /// Four little-endian bytes: fixed32, sfixed32, float.
    case fixed32 = 5
}

/// Appends protobuf-encoded fields to a byte array.
///
/// The field writers always write; proto3's rule that zero scalars, empty
/// strings and empty repeated fields are left out is applied by each
/// message's `encode(to:)`, which also writes fields in field-number order.
/// That reproduces the output of Go's gogo/protobuf code that Prometheus
/// uses, byte for byte.
public struct ProtobufWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8] { storage }

    @usableFromInline var storage: [UInt8]

    /// Creates an empty writer that has room for `capacity` bytes.
    public init(capacity: Int = 0) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// Appends a base-128 varint.
    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        storage.append(UInt8(value))
    }

    /// Appends the tag (key) of field `field` with the given wire type.
    @inlinable
    public mutating func writeTag(_ field: Int, _ wireType: ProtobufWireType) {
        writeVarint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    /// Appends an `int64`, `uint64` (bit pattern) or `bool` field.
    @inlinable
    public mutating func writeVarintField(_ field: Int, _ value: UInt64) {
        writeTag(field, .varint)
        writeVarint(value)
    }

    /// Appends an `int64` field.
    @inlinable
    public mutating func writeInt64(_ field: Int, _ value: Int64) {
        writeVarintField(field, UInt64(bitPattern: value))
    }

    /// Appends an `int32` or enum field; negative values take ten bytes, as the spec demands.
    @inlinable
    public mutating func writeInt32(_ field: Int, _ value: Int32) {
        writeVarintField(field, UInt64(bitPattern: Int64(value)))
    }

    /// Appends a `sint32` field (zigzag encoded).
    @inlinable
    public mutating func writeSInt32(_ field: Int, _ value: Int32) {
        writeVarintField(field, UInt64(Self.zigzag32(value)))
    }

    /// Appends a `bool` field.
    @inlinable
    public mutating func writeBool(_ field: Int, _ value: Bool) {
        writeVarintField(field, value ? 1 : 0)
    }

    /// Appends a `double` field.
    @inlinable
    public mutating func writeDouble(_ field: Int, _ value: Double) {
        writeTag(field, .fixed64)
        writeFixed64(value.bitPattern)
    }

    /// Appends eight little-endian bytes.
    @inlinable
    public mutating func writeFixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { storage.append(contentsOf: $0) }
    }

    /// Appends a `string` field.
    @inlinable
    public mutating func writeString(_ field: Int, _ value: String) {
        writeTag(field, .lengthDelimited)
        let utf8 = value.utf8
        writeVarint(UInt64(utf8.count))
        if utf8.withContiguousStorageIfAvailable({ storage.append(contentsOf: $0) }) == nil {
            storage.append(contentsOf: utf8)
        }
    }

    /// Appends a `bytes` field.
    @inlinable
    public mutating func writeBytes(_ field: Int, _ value: [UInt8]) {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(value.count))
        storage.append(contentsOf: value)
    }

    /// Appends an embedded message field whose body `body` writes.
    ///
    /// The length prefix is written after the body; bodies of 128 bytes or
    /// more are moved once to make room for a longer prefix.
    @inlinable
    public mutating func writeMessage(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        writeTag(field, .lengthDelimited)
        let start = storage.count
        storage.append(0)
        body(&self)
        var length = storage.count - start - 1
        if length < 0x80 {
            storage[start] = UInt8(length)
            return
        }
        var size = 1
        while length >> (7 * size) != 0 { size += 1 }
        storage.insert(contentsOf: repeatElement(0, count: size - 1), at: start)
        for i in 0..<size {
            storage[start + i] = UInt8(truncatingIfNeeded: length) | (i == size - 1 ? 0 : 0x80)
            length >>= 7
        }
    }

    /// Appends `message` as an embedded message field.
    @inlinable
    public mutating func writeMessage(_ field: Int, _ message: some ProtobufMessage) {
        writeMessage(field) { message.encode(to: &$0) }
    }

    /// Appends a packed repeated varint field holding `values` transformed by `encode`.
    /// Nothing is written when `values` is empty.
    @inlinable
    public mutating func writePacked<T>(_ field: Int, _ values: [T], _ encode: (T) -> UInt64) {
        guard !values.isEmpty else { return }
        writeMessage(field) { writer in
            for value in values { writer.writeVarint(encode(value)) }
        }
    }

    /// Appends a packed repeated `double` field. Nothing is written when `values` is empty.
    @inlinable
    public mutating func writePackedDoubles(_ field: Int, _ values: [Double]) {
        guard !values.isEmpty else { return }
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(values.count * 8))
        for value in values { writeFixed64(value.bitPattern) }
    }

    /// The zigzag encoding of a `sint32`.
    @inlinable
    public static func zigzag32(_ value: Int32) -> UInt32 {
        UInt32(bitPattern: (value << 1) ^ (value >> 31))
    }

    /// The zigzag encoding of a `sint64`.
    @inlinable
    public static func zigzag64(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
