import Storage

/// Decodes an XOR chunk in one pass straight from its bytes into a sample
/// buffer: the fast path of selection, where ``XORIterator`` would pay for
/// a checked, throwing call per sample.
///
/// It reads what `XORIterator` reads, but peeks at the next 57 or more bits
/// with one unaligned load instead of refilling a bit buffer, and checks
/// once per sample that the sample did not run past the end. It never
/// traps on damaged bytes; it reports damage as `nil` and leaves the
/// explanation to `XORIterator`.
enum XORDecoder {
    /// Decodes the first `limit` samples of the chunk in `bytes` (its 2-byte
    /// header included) and writes those with timestamps in `mint...maxt` to
    /// `output`, stopping at the first sample after `maxt`.
    ///
    /// `output` must have room for `min(limit, number of samples)`. Returns
    /// how many samples were written, or `nil` if the chunk is damaged; what
    /// was written is then to be discarded.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, limit: Int, mint: Int64, maxt: Int64,
        into output: UnsafeMutablePointer<Sample>
    ) -> Int? {
        guard bytes.count >= XORChunk.headerSize, let base = bytes.baseAddress else { return nil }
        let total = Swift.min(limit, XORChunk.declaredSamples(bytes))
        guard total > 0 else { return 0 }
        // The first timestamp and the first delta start on byte boundaries.
        guard let (first, firstEnd) = Uvarint.decode(bytes, at: XORChunk.headerSize, end: bytes.count) else {
            return nil
        }
        var reader = PeekingBitReader(base: base, count: bytes.count, bitPosition: firstEnd * 8)
        var timestamp = Int64(bitPattern: first &>> 1)
        if first & 1 != 0 { timestamp = ~timestamp }
        var valueBits = reader.read(upTo64: 64)
        guard !reader.overrun else { return nil }
        if timestamp > maxt { return 0 }
        var written = 0
        if timestamp >= mint {
            output[written] = Sample(timestamp: timestamp, value: Double(bitPattern: valueBits))
            written += 1
        }
        guard total > 1 else { return written }

        guard let (firstDelta, deltaEnd) = Uvarint.decode(bytes, at: reader.bitPosition >> 3, end: bytes.count) else {
            return nil
        }
        reader.bitPosition = deltaEnd * 8
        var delta = firstDelta
        timestamp &+= Int64(bitPattern: delta)
        var leading = 0
        var trailing = 0
        guard reader.readValue(&valueBits, leading: &leading, trailing: &trailing), !reader.overrun else {
            return nil
        }
        if timestamp > maxt { return written }
        if timestamp >= mint {
            output[written] = Sample(timestamp: timestamp, value: Double(bitPattern: valueBits))
            written += 1
        }

        var index = 2
        while index < total {
            let peeked = reader.peek()
            if peeked &>> 62 == 0 {
                // `0` `0`: the same timestamp delta and the same value, the
                // commonest sample (an unchanging series, aligned scrapes).
                reader.bitPosition &+= 2
                timestamp &+= Int64(bitPattern: delta)
            } else {
                if peeked &>> 63 == 0 {
                    reader.bitPosition &+= 1
                } else {
                    let prefix: Int
                    let width: Int
                    switch (~peeked).leadingZeroBitCount {
                    case 1: (prefix, width) = (2, 14)
                    case 2: (prefix, width) = (3, 17)
                    case 3: (prefix, width) = (4, 20)
                    default: (prefix, width) = (4, 64)
                    }
                    reader.bitPosition &+= prefix
                    var dod = reader.read(upTo64: width)
                    // Values above 2ⁿ⁻¹ stand for negative numbers (tsdb/docs/bstream.md).
                    if width < 64 && dod > 1 &<< UInt64(width - 1) {
                        dod &-= 1 &<< UInt64(width)
                    }
                    delta &+= dod
                }
                timestamp &+= Int64(bitPattern: delta)
                guard reader.readValue(&valueBits, leading: &leading, trailing: &trailing) else { return nil }
            }
            guard !reader.overrun else { return nil }
            if timestamp > maxt { break }
            if timestamp >= mint {
                output[written] = Sample(timestamp: timestamp, value: Double(bitPattern: valueBits))
                written += 1
            }
            index += 1
        }
        return written
    }
}

/// A bit stream over raw bytes, most significant bit first, read by peeking:
/// each read loads the eight bytes at the current byte with one unaligned
/// load (zeros past the end), so at least 57 bits are available at once.
/// Reading past the end is not checked per read; ``overrun`` tells.
private struct PeekingBitReader {
    let base: UnsafeRawPointer
    let count: Int
    var bitPosition: Int

    /// Whether more bits were read than the bytes hold.
    var overrun: Bool { bitPosition > count &* 8 }

    /// The bits from the current position on, left-aligned; at least the
    /// top 57 are the stream's (or zeros past its end).
    @inline(__always)
    func peek() -> UInt64 {
        let byte = bitPosition &>> 3
        let word: UInt64
        if byte &+ 8 <= count {
            word = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
        } else {
            word = tailWord(at: byte)
        }
        return word &<< UInt64(bitPosition & 7)
    }

    /// The bytes from `byte` to the end, zero-padded to eight.
    private func tailWord(at byte: Int) -> UInt64 {
        if count >= 8 {
            // The last eight bytes, shifted so that `byte` comes first.
            let last = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
            let skip = byte &- (count &- 8)
            return skip >= 8 ? 0 : last &<< UInt64(skip &* 8)
        }
        var word: UInt64 = 0
        var index = byte
        for _ in 0..<8 {
            word &<<= 8
            if index < count { word |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) }
            index &+= 1
        }
        return word
    }

    /// Reads `width` bits, 1 to 57.
    @inline(__always)
    mutating func read(_ width: Int) -> UInt64 {
        let bits = peek() &>> UInt64(64 &- width)
        bitPosition &+= width
        return bits
    }

    /// Reads `width` bits, 1 to 64.
    @inline(__always)
    mutating func read(upTo64 width: Int) -> UInt64 {
        if width <= 57 { return read(width) }
        let high = read(width &- 32)
        return high &<< 32 | read(32)
    }

    /// Reads one XOR-encoded value into `valueBits`; false if its header
    /// declares more than 64 bits.
    @inline(__always)
    mutating func readValue(_ valueBits: inout UInt64, leading: inout Int, trailing: inout Int) -> Bool {
        let peeked = peek()
        guard peeked &>> 63 != 0 else {
            bitPosition &+= 1
            return true
        }
        if peeked & (1 &<< 62) != 0 {
            // `11`, 5 bits of leading zeros, 6 of significant bits (0 means 64).
            let newLeading = Int(truncatingIfNeeded: (peeked &>> 57) & 0x1F)
            var significant = Int(truncatingIfNeeded: (peeked &>> 51) & 0x3F)
            if significant == 0 { significant = 64 }
            guard newLeading &+ significant <= 64 else { return false }
            leading = newLeading
            trailing = 64 &- newLeading &- significant
            bitPosition &+= 13
        } else {
            bitPosition &+= 2
        }
        valueBits ^= read(upTo64: 64 &- leading &- trailing) &<< UInt64(trailing)
        return true
    }
}
