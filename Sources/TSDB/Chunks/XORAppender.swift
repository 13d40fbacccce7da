/// Appends float samples to an ``XORChunk``, producing the same bits as
/// Prometheus' `xorAppender` (`tsdb/chunkenc/xor.go`).
///
/// Each sample is written as a timestamp field and a value field:
///
/// - Sample 0: the timestamp as a varint (zig-zag, 1–10 bytes), then the
///   64 raw bits of the value.
/// - Sample 1: the timestamp delta `t₁ − t₀` as a uvarint, then the value XOR
///   field below.
/// - Sample n ≥ 2: the delta of deltas `dod = (tₙ − tₙ₋₁) − (tₙ₋₁ − tₙ₋₂)`:
///
///   | dod                      | bits written                  |
///   |--------------------------|-------------------------------|
///   | 0                        | `0`                           |
///   | −8191 … 8192             | `10` + 14 bits                |
///   | −65535 … 65536           | `110` + 17 bits               |
///   | −524287 … 524288         | `1110` + 20 bits              |
///   | anything else            | `1111` + 64 bits              |
///
///   The n-bit fields hold the low n bits of the two's complement; a reader
///   treats values above 2ⁿ⁻¹ as negative. Then the value XOR field.
///
/// The value XOR field encodes `d = bits(vₙ) ^ bits(vₙ₋₁)`:
///
/// - `0` if `d` is zero.
/// - `10` + the bits of `d` between the previous leading and trailing zero
///   counts, if `d` has at least as many leading and trailing zeros as the
///   previous field declared (never for the first XOR field of a fresh chunk).
/// - `11` + 5 bits of leading zeros (capped at 31) + 6 bits of significant-bit
///   count (64 is written as 0, which can only mean 64) + the significant bits.
///
/// Timestamps are milliseconds; all arithmetic on them wraps as Go's does,
/// so any `Int64` sequence round-trips. Values are kept bit for bit (NaN
/// payloads, the stale marker, −0.0).
public struct XORAppender: Sendable {
    // The narrow fields last, so that the head's series state packs tightly.
    private var writer: BitWriter
    private var timestamp: Int64
    private var valueBits: UInt64
    private var timestampDelta: UInt64
    private var count: UInt16
    /// 0xFF until the first `11` value header is written: upstream's "unset".
    private var leading: UInt8
    private var trailing: UInt8

    /// An appender for a new, empty chunk.
    public init() {
        var writer = BitWriter(bytes: [0, 0])
        writer.reserveCapacity(48)  // unchanging samples fit; others grow
        self.init(
            writer: writer, count: 0, timestamp: .min, valueBits: 0, timestampDelta: 0, leading: 0xFF, trailing: 0
        )
    }

    private init(
        writer: BitWriter, count: UInt16, timestamp: Int64, valueBits: UInt64, timestampDelta: UInt64,
        leading: UInt8, trailing: UInt8
    ) {
        self.writer = writer
        self.count = count
        self.timestamp = timestamp
        self.valueBits = valueBits
        self.timestampDelta = timestampDelta
        self.leading = leading
        self.trailing = trailing
    }

    /// An appender that continues `chunk`, in the state it would have had after
    /// appending the chunk's samples.
    ///
    /// Like upstream's `XORChunk.Appender()`, it replays the chunk with an
    /// iterator and takes the iterator's state. That state differs from a
    /// fresh appender's in one way upstream also has: if no `11` value header
    /// has been read yet, the leading and trailing zero counts are 0 rather
    /// than unset, so the next changed value is written as `10` + 64 bits.
    /// Unlike upstream, writing resumes at the exact bit after the last
    /// sample (upstream resumes mid-byte only for chunks it wrote itself in
    /// memory); padding bits are cleared and bytes after the last sample dropped.
    public init(resuming chunk: XORChunk) throws(ChunkError) {
        guard chunk.numSamples > 0 else {
            self.init()
            return
        }
        var iterator = XORIterator(chunk)
        while try iterator.nextSample() != nil {}
        let state = iterator.appenderState
        let usedBytes = (state.bitPosition + 7) / 8
        var bytes = Array(chunk.bytes[..<usedBytes])
        let freeBits = usedBytes * 8 - state.bitPosition
        if freeBits > 0 {
            bytes[usedBytes - 1] &= ~UInt8((1 << freeBits) - 1)
        }
        bytes.reserveCapacity(128)
        self.init(
            writer: BitWriter(bytes: bytes, freeBits: freeBits), count: UInt16(chunk.numSamples),
            timestamp: state.timestamp, valueBits: state.valueBits, timestampDelta: state.timestampDelta,
            leading: state.leading, trailing: state.trailing
        )
    }

    /// The chunk written so far.
    ///
    /// The chunk shares storage with the appender until the next append, which
    /// then copies it; take the chunk when done appending, not after every sample.
    public var chunk: XORChunk { XORChunk(trustedBytes: writer.bytes) }

    /// The number of samples appended, including those of a resumed chunk.
    public var numSamples: Int { Int(count) }

    /// The first sample's timestamp, read back from the chunk's header (the
    /// signed varint after the sample count), or nil while the chunk is empty.
    public var firstTimestamp: Int64? {
        guard count > 0, let (zigzag, _) = Uvarint.decode(writer.bytes, at: 2, end: writer.bytes.count) else {
            return nil
        }
        return Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
    }

    /// The encoded size so far, in bytes.
    public var byteCount: Int { writer.bytes.count }

    /// Appends a sample.
    ///
    /// Timestamps are expected to increase, as the head ensures; others are
    /// encoded faithfully too, but cost more bits.
    ///
    /// - Throws: ``ChunkError/Code/capacityExceeded`` if the chunk already
    ///   holds 65535 samples (upstream panics).
    public mutating func append(timestamp: Int64, value: Double) throws(ChunkError) {
        var delta: UInt64 = 0
        switch count {
        case 0:
            writer.writeVarint(timestamp)
            writer.writeBits(value.bitPattern, count: 64)
        case 1:
            delta = UInt64(bitPattern: timestamp &- self.timestamp)
            writer.writeUvarint(delta)
            writeValue(value.bitPattern)
        case UInt16.max:
            throw ChunkError(
                .capacityExceeded,
                "XOR chunk already holds \(count) samples, the most its 16-bit count allows; cut a new chunk",
                offset: writer.bytes.count
            )
        default:
            delta = UInt64(bitPattern: timestamp &- self.timestamp)
            writeDeltaOfDelta(Int64(bitPattern: delta &- timestampDelta))
            writeValue(value.bitPattern)
        }
        self.timestamp = timestamp
        valueBits = value.bitPattern
        timestampDelta = delta
        count += 1
        writer.setByte(UInt8(truncatingIfNeeded: count >> 8), at: 0)
        writer.setByte(UInt8(truncatingIfNeeded: count), at: 1)
    }

    @inline(__always)
    private mutating func writeDeltaOfDelta(_ dod: Int64) {
        let bits = UInt64(bitPattern: dod)
        if dod == 0 {
            writer.writeBit(false)
        } else if Self.fits(dod, bits: 14) {
            writer.writeBits(0b10 << 14 | bits & 0x3FFF, count: 16)
        } else if Self.fits(dod, bits: 17) {
            writer.writeBits(0b110 << 17 | bits & 0x1_FFFF, count: 20)
        } else if Self.fits(dod, bits: 20) {
            writer.writeBits(0b1110 << 20 | bits & 0xF_FFFF, count: 24)
        } else {
            writer.writeBits(0b1111, count: 4)
            writer.writeBits(bits, count: 64)
        }
    }

    /// Upstream's `bitRange`: whether `x` is in −(2ⁿ⁻¹−1) … 2ⁿ⁻¹.
    @inline(__always)
    private static func fits(_ x: Int64, bits: Int64) -> Bool {
        let half: Int64 = 1 << (bits - 1)
        return -(half - 1) <= x && x <= half
    }

    @inline(__always)
    private mutating func writeValue(_ newBits: UInt64) {
        let delta = newBits ^ valueBits
        if delta == 0 {
            writer.writeBit(false)
            return
        }
        // Capped so that it fits the 5-bit field.
        let newLeading = UInt8(min(delta.leadingZeroBitCount, 31))
        let newTrailing = UInt8(delta.trailingZeroBitCount)
        if leading != 0xFF && newLeading >= leading && newTrailing >= trailing {
            let significant = 64 - Int(leading) - Int(trailing)
            let payload = delta &>> UInt64(trailing)
            if significant <= 62 {
                writer.writeBits(0b10 << UInt64(significant) | payload, count: significant + 2)
            } else {
                writer.writeBits(0b10, count: 2)
                writer.writeBits(payload, count: significant)
            }
            return
        }
        leading = newLeading
        trailing = newTrailing
        let significant = 64 - Int(newLeading) - Int(newTrailing)
        // `11`, 5 bits of leading zeros, 6 bits of significant bits (64 becomes 0).
        writer.writeBits(0b11 << 11 | UInt64(newLeading) << 6 | UInt64(significant & 0x3F), count: 13)
        writer.writeBits(delta &>> UInt64(newTrailing), count: significant)
    }
}
