/// Reads a stream of bits from a byte array, most significant bit first:
/// Prometheus' `bstreamReader` (`tsdb/chunkenc/bstream.go`).
///
/// It loads up to eight bytes at a time into a 64-bit buffer, so reading a
/// bit or a field is a shift and a mask. Reads past the end return `nil`;
/// nothing traps on short input.
package struct BitReader: Sendable {
    private let bytes: [UInt8]
    /// The next byte to load into `buffer`.
    private var offset: Int
    /// Bits loaded but not yet read are the low `valid` bits of `buffer`, highest first.
    private var buffer: UInt64 = 0
    private var valid: Int = 0

    /// A reader of `bytes` starting at byte `start`.
    package init(bytes: [UInt8], start: Int = 0) {
        self.bytes = bytes
        self.offset = min(max(start, 0), bytes.count)
    }

    /// The position of the next bit to read, counted in bits from the start of `bytes`.
    package var bitPosition: Int { offset * 8 - valid }

    /// The index of the byte holding the next bit to read.
    package var bytePosition: Int { bitPosition >> 3 }

    /// The number of bytes in the underlying array.
    package var byteCount: Int { bytes.count }

    /// Reads one bit, or returns `nil` at the end of the stream.
    @inline(__always)
    package mutating func readBit() -> Bool? {
        if valid == 0 {
            guard refill() else { return nil }
        }
        valid -= 1
        return (buffer &>> UInt64(valid)) & 1 != 0
    }

    /// Reads `count` bits (1 to 64) into the low bits of the result, or returns `nil`
    /// if the stream ends first.
    @inline(__always)
    package mutating func readBits(_ count: Int) -> UInt64? {
        assert((1...64).contains(count), "bit count out of range")
        if count <= valid {
            valid -= count
            return (buffer &>> UInt64(valid)) & Self.mask(count)
        }
        return readBitsAcrossBuffer(count)
    }

    /// Reads eight bits.
    @inline(__always)
    package mutating func readByte() -> UInt8? {
        guard let bits = readBits(8) else { return nil }
        return UInt8(truncatingIfNeeded: bits)
    }

    /// The result of reading a varint.
    package enum VarintResult {
        case value(UInt64)
        case endOfStream
        case overflow
    }

    /// Reads a Go uvarint (`binary.ReadUvarint`): at most 10 bytes, the tenth at most 1.
    package mutating func readUvarint() -> VarintResult {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        for index in 0..<10 {
            guard let byte = readByte() else { return .endOfStream }
            if byte < 0x80 {
                if index == 9 && byte > 1 { return .overflow }
                return .value(result | UInt64(byte) &<< shift)
            }
            result |= UInt64(byte & 0x7F) &<< shift
            shift += 7
        }
        return .overflow
    }

    /// Reads a Go varint (`binary.ReadVarint`): a zig-zag uvarint.
    package mutating func readVarint() -> (value: Int64, result: VarintResult) {
        let result = readUvarint()
        guard case .value(let zigzag) = result else { return (0, result) }
        var value = Int64(bitPattern: zigzag &>> 1)
        if zigzag & 1 != 0 { value = ~value }
        return (value, result)
    }

    @inline(__always)
    private static func mask(_ count: Int) -> UInt64 {
        UInt64.max &>> UInt64(64 - count)
    }

    private mutating func readBitsAcrossBuffer(_ count: Int) -> UInt64? {
        var result: UInt64 = 0
        var needed = count
        if valid > 0 {
            result = buffer & Self.mask(valid)
            needed -= valid
            valid = 0
        }
        guard refill(), needed <= valid else { return nil }
        valid -= needed
        // `needed` is 64 only when nothing was left over, and then `result` is 0.
        result = (needed == 64 ? 0 : result &<< UInt64(needed)) | ((buffer &>> UInt64(valid)) & Self.mask(needed))
        return result
    }

    /// Loads the next eight bytes (or whatever is left) into the buffer.
    private mutating func refill() -> Bool {
        let remaining = bytes.count - offset
        if remaining >= 8 {
            let start = offset
            buffer = bytes.withUnsafeBytes { raw in
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            }
            offset += 8
            valid = 64
            return true
        }
        guard remaining > 0 else { return false }
        var loaded: UInt64 = 0
        for index in offset..<bytes.count {
            loaded = loaded &<< 8 | UInt64(bytes[index])
        }
        buffer = loaded
        offset = bytes.count
        valid = remaining * 8
        return true
    }
}
