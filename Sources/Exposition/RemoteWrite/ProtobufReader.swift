/// The key of one protobuf field as read from the wire.
public struct ProtobufTag: Hashable, Sendable {
    /// The field number, 1 ... 2^29 - 1.
    public var fieldNumber: Int
    /// How the value that follows is laid out.
    public var wireType: ProtobufWireType
    /// The byte offset of the tag within the whole input.
    public var offset: Int

    public init(fieldNumber: Int, wireType: ProtobufWireType, offset: Int) {
        self.fieldNumber = fieldNumber
        self.wireType = wireType
        self.offset = offset
    }
}

/// Reads protobuf fields from a borrowed buffer.
///
/// A reader points into memory it does not own: it is valid only while the
/// buffer it was made from is, which is why the public entry points hand it
/// out inside a closure (`ProtobufMessage.init(serializedBytes:)`).
/// A reader for an embedded message (``readLengthDelimited()``) shares the
/// buffer with its parent, so every ``offset`` and every error's offset
/// counts from the start of the outermost input.
///
/// Every read checks bounds and throws ``WireFormatError`` on malformed
/// input; no input makes the reader trap or read out of bounds.
public struct ProtobufReader {
    @usableFromInline let base: UnsafeRawPointer?
    @usableFromInline let end: Int
    @usableFromInline var position: Int

    /// Unknown groups nested deeper than this are rejected rather than skipped.
    static let maxGroupDepth = 64

    /// Creates a reader over all of `buffer`.
    public init(_ buffer: UnsafeRawBufferPointer) {
        base = buffer.baseAddress
        end = buffer.count
        position = 0
    }

    @usableFromInline
    init(base: UnsafeRawPointer?, position: Int, end: Int) {
        self.base = base
        self.position = position
        self.end = end
    }

    /// Whether every byte has been read.
    @inlinable public var isAtEnd: Bool { position >= end }

    /// The offset of the next byte to read, counted from the start of the outermost input.
    @inlinable public var offset: Int { position }

    @inlinable
    func byte(at index: Int) -> UInt8 {
        base.unsafelyUnwrapped.load(fromByteOffset: index, as: UInt8.self)
    }

    // MARK: - Wire primitives

    /// Reads a base-128 varint of at most ten bytes.
    @inlinable
    public mutating func readVarint() throws(WireFormatError) -> UInt64 {
        if position < end {
            let first = byte(at: position)
            if first < 0x80 {
                position += 1
                return UInt64(first)
            }
        }
        return try readVarintSlow()
    }

    @usableFromInline
    mutating func readVarintSlow() throws(WireFormatError) -> UInt64 {
        let start = position
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var p = position
        while true {
            guard p < end else {
                throw WireFormatError(
                    .protobufTruncated, "protobuf: varint runs past the end of the message", offset: start)
            }
            let b = byte(at: p)
            p += 1
            if shift == 63 && b > 1 {
                throw WireFormatError(.protobufVarintOverflow, "protobuf: varint overflows 64 bits", offset: start)
            }
            value |= UInt64(b & 0x7f) << shift
            if b < 0x80 {
                position = p
                return value
            }
            shift += 7
        }
    }

    /// Reads a field key.
    ///
    /// - Precondition: `!isAtEnd`.
    @inlinable
    public mutating func readTag() throws(WireFormatError) -> ProtobufTag {
        let start = position
        let key = try readVarint()
        let field = key >> 3
        guard let wireType = ProtobufWireType(rawValue: UInt8(key & 7)), field > 0 && field < 1 << 29 else {
            throw Self.invalidTag(key, start)
        }
        return ProtobufTag(fieldNumber: Int(field), wireType: wireType, offset: start)
    }

    @usableFromInline @inline(never)
    static func invalidTag(_ key: UInt64, _ offset: Int) -> WireFormatError {
        guard ProtobufWireType(rawValue: UInt8(key & 7)) != nil else {
            return WireFormatError(
                .protobufInvalidWireType,
                "protobuf: invalid wire type \(key & 7) for field \(key >> 3)",
                offset: offset
            )
        }
        return WireFormatError(
            .protobufInvalidFieldNumber, "protobuf: invalid field number \(key >> 3)", offset: offset)
    }

    /// Reads eight little-endian bytes.
    @inlinable
    public mutating func readFixed64() throws(WireFormatError) -> UInt64 {
        guard end - position >= 8 else {
            throw WireFormatError(
                .protobufTruncated, "protobuf: fixed64 runs past the end of the message", offset: position)
        }
        let value = base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return UInt64(littleEndian: value)
    }

    /// Reads four little-endian bytes.
    @inlinable
    public mutating func readFixed32() throws(WireFormatError) -> UInt32 {
        guard end - position >= 4 else {
            throw WireFormatError(
                .protobufTruncated, "protobuf: fixed32 runs past the end of the message", offset: position)
        }
        let value = base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: position, as: UInt32.self)
        position += 4
        return UInt32(littleEndian: value)
    }

    /// Reads a length prefix and checks that that many bytes remain.
    @inlinable
    mutating func readLength() throws(WireFormatError) -> Int {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else { throw Self.lengthPastEnd(length, start) }
        return Int(length)
    }

    @usableFromInline @inline(never)
    static func lengthPastEnd(_ length: UInt64, _ offset: Int) -> WireFormatError {
        WireFormatError(
            .protobufTruncated,
            "protobuf: length-delimited field of \(length) bytes runs past the end of the message",
            offset: offset
        )
    }

    /// Reads a length-delimited value and returns a reader over its bytes.
    @inlinable
    public mutating func readLengthDelimited() throws(WireFormatError) -> ProtobufReader {
        let length = try readLength()
        let sub = ProtobufReader(base: base, position: position, end: position + length)
        position += length
        return sub
    }

    /// Reads a length-delimited value and returns its bytes, which borrow the reader's buffer.
    @inlinable
    public mutating func readRawBytes() throws(WireFormatError) -> UnsafeRawBufferPointer {
        let length = try readLength()
        let bytes = UnsafeRawBufferPointer(start: base.map { $0 + position }, count: length)
        position += length
        return bytes
    }

    /// Skips the value of a field with the given tag, whatever its wire type.
    public mutating func skip(_ tag: ProtobufTag) throws(WireFormatError) {
        try skip(tag, depth: 0)
    }

    private mutating func skip(_ tag: ProtobufTag, depth: Int) throws(WireFormatError) {
        switch tag.wireType {
        case .varint:
            _ = try readVarint()
        case .fixed64:
            _ = try readFixed64()
        case .fixed32:
            _ = try readFixed32()
        case .lengthDelimited:
            position += try readLength()
        case .startGroup:
            guard depth < Self.maxGroupDepth else {
                throw WireFormatError(
                    .protobufNestingTooDeep,
                    "protobuf: groups nested more than \(Self.maxGroupDepth) deep",
                    offset: tag.offset
                )
            }
            while true {
                guard !isAtEnd else {
                    throw WireFormatError(
                        .protobufTruncated,
                        "protobuf: group \(tag.fieldNumber) has no end-group tag",
                        offset: tag.offset
                    )
                }
                let inner = try readTag()
                if inner.wireType == .endGroup {
                    guard inner.fieldNumber == tag.fieldNumber else {
                        throw WireFormatError(
                            .protobufInvalidWireType,
                            "protobuf: end-group \(inner.fieldNumber) closes group \(tag.fieldNumber)",
                            offset: inner.offset
                        )
                    }
                    return
                }
                try skip(inner, depth: depth + 1)
            }
        case .endGroup:
            throw WireFormatError(
                .protobufInvalidWireType,
                "protobuf: end-group \(tag.fieldNumber) without a start-group",
                offset: tag.offset
            )
        }
    }

    // MARK: - Typed fields

    /// Throws unless `tag` has wire type `expected`.
    @inlinable @inline(__always)
    public func expect(_ tag: ProtobufTag, _ expected: ProtobufWireType) throws(WireFormatError) {
        guard tag.wireType == expected else { throw Self.wrongWireType(tag, expected) }
    }

    @usableFromInline @inline(never)
    static func wrongWireType(_ tag: ProtobufTag, _ expected: ProtobufWireType) -> WireFormatError {
        WireFormatError(
            .protobufInvalidWireType,
            "protobuf: field \(tag.fieldNumber) has wire type \(tag.wireType.rawValue), expected \(expected.rawValue)",
            offset: tag.offset
        )
    }

    /// Reads the value of an `int64` field.
    @inlinable
    public mutating func readInt64(_ tag: ProtobufTag) throws(WireFormatError) -> Int64 {
        try expect(tag, .varint)
        return Int64(bitPattern: try readVarint())
    }

    /// Reads the value of a `uint64` field.
    @inlinable
    public mutating func readUInt64(_ tag: ProtobufTag) throws(WireFormatError) -> UInt64 {
        try expect(tag, .varint)
        return try readVarint()
    }

    /// Reads the value of an `int32` or enum field (truncating, as every implementation does).
    @inlinable
    public mutating func readInt32(_ tag: ProtobufTag) throws(WireFormatError) -> Int32 {
        try expect(tag, .varint)
        return Int32(truncatingIfNeeded: try readVarint())
    }

    /// Reads the value of a `uint32` field.
    @inlinable
    public mutating func readUInt32(_ tag: ProtobufTag) throws(WireFormatError) -> UInt32 {
        try expect(tag, .varint)
        return UInt32(truncatingIfNeeded: try readVarint())
    }

    /// Reads the value of a `sint32` field.
    @inlinable
    public mutating func readSInt32(_ tag: ProtobufTag) throws(WireFormatError) -> Int32 {
        try expect(tag, .varint)
        return Self.unzigzag32(UInt32(truncatingIfNeeded: try readVarint()))
    }

    /// Reads the value of a `bool` field.
    @inlinable
    public mutating func readBool(_ tag: ProtobufTag) throws(WireFormatError) -> Bool {
        try expect(tag, .varint)
        return try readVarint() != 0
    }

    /// Reads the value of a `double` field.
    @inlinable
    public mutating func readDouble(_ tag: ProtobufTag) throws(WireFormatError) -> Double {
        try expect(tag, .fixed64)
        return Double(bitPattern: try readFixed64())
    }

    /// Reads the value of a `string` field, which must be valid UTF-8.
    @inlinable
    public mutating func readString(_ tag: ProtobufTag) throws(WireFormatError) -> String {
        try expect(tag, .lengthDelimited)
        let start = position
        let bytes = try readRawBytes()
        if bytes.isEmpty { return "" }
        let utf8 = bytes.assumingMemoryBound(to: UInt8.self)
        guard Self.isValidUTF8(utf8) else {
            throw WireFormatError(
                .protobufInvalidUTF8,
                "protobuf: string field \(tag.fieldNumber) is not valid UTF-8",
                offset: start
            )
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Whether `bytes` is well-formed UTF-8: no overlong forms, no surrogates,
    /// nothing above U+10FFFF, no truncated sequences.
    @inlinable
    public static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        while i < n {
            if n - i >= 8 && UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b0 = p[i]
            if b0 < 0x80 {
                i += 1
            } else if b0 < 0xc2 {
                return false  // a continuation byte, or an overlong two-byte form
            } else if b0 < 0xe0 {
                guard n - i >= 2, p[i + 1] & 0xc0 == 0x80 else { return false }
                i += 2
            } else if b0 < 0xf0 {
                guard n - i >= 3, p[i + 2] & 0xc0 == 0x80 else { return false }
                let b1 = p[i + 1]
                switch b0 {
                case 0xe0: guard b1 >= 0xa0 && b1 <= 0xbf else { return false }  // overlong
                case 0xed: guard b1 >= 0x80 && b1 <= 0x9f else { return false }  // surrogates
                default: guard b1 & 0xc0 == 0x80 else { return false }
                }
                i += 3
            } else if b0 < 0xf5 {
                guard n - i >= 4, p[i + 2] & 0xc0 == 0x80, p[i + 3] & 0xc0 == 0x80 else { return false }
                let b1 = p[i + 1]
                switch b0 {
                case 0xf0: guard b1 >= 0x90 && b1 <= 0xbf else { return false }  // overlong
                case 0xf4: guard b1 >= 0x80 && b1 <= 0x8f else { return false }  // above U+10FFFF
                default: guard b1 & 0xc0 == 0x80 else { return false }
                }
                i += 4
            } else {
                return false
            }
        }
        return true
    }

    /// Reads the value of a `bytes` field.
    @inlinable
    public mutating func readBytes(_ tag: ProtobufTag) throws(WireFormatError) -> [UInt8] {
        try expect(tag, .lengthDelimited)
        return Array(try readRawBytes())
    }

    /// Reads an embedded message field and merges it into `message`.
    @inlinable
    public mutating func readMessage<M: ProtobufMessage>(_ tag: ProtobufTag, into message: inout M)
        throws(WireFormatError)
    {
        try expect(tag, .lengthDelimited)
        var sub = try readLengthDelimited()
        try message.merge(from: &sub)
    }

    /// Reads an embedded message field.
    @inlinable
    public mutating func readMessage<M: ProtobufMessage>(_ tag: ProtobufTag, as type: M.Type = M.self)
        throws(WireFormatError) -> M
    {
        var message = M()
        try readMessage(tag, into: &message)
        return message
    }

    /// Reads one element of a repeated varint field, or all elements when it is packed,
    /// and passes each to `body`.
    @inlinable
    public mutating func readRepeatedVarint(
        _ tag: ProtobufTag,
        _ body: (UInt64) -> Void
    ) throws(WireFormatError) {
        switch tag.wireType {
        case .varint:
            body(try readVarint())
        case .lengthDelimited:
            var sub = try readLengthDelimited()
            while !sub.isAtEnd { body(try sub.readVarint()) }
        default:
            try expect(tag, .varint)
        }
    }

    /// Reads one element of a repeated `double` field, or all elements when it is
    /// packed, and appends them to `values`.
    @inlinable
    public mutating func readRepeatedDouble(_ tag: ProtobufTag, into values: inout [Double]) throws(WireFormatError) {
        switch tag.wireType {
        case .fixed64:
            values.append(Double(bitPattern: try readFixed64()))
        case .lengthDelimited:
            let start = position
            var sub = try readLengthDelimited()
            guard (sub.end - sub.position) % 8 == 0 else {
                throw WireFormatError(
                    .protobufTruncated,
                    "protobuf: packed doubles in field \(tag.fieldNumber) are not a multiple of 8 bytes",
                    offset: start
                )
            }
            values.reserveCapacity(values.count + (sub.end - sub.position) / 8)
            while !sub.isAtEnd { values.append(Double(bitPattern: try sub.readFixed64())) }
        default:
            try expect(tag, .fixed64)
        }
    }

    /// Decodes a zigzag-encoded `sint32`.
    @inlinable
    public static func unzigzag32(_ value: UInt32) -> Int32 {
        Int32(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }

    /// Decodes a zigzag-encoded `sint64`.
    @inlinable
    public static func unzigzag64(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }
}
