/// Writes a stream of bits into a byte array, most significant bit first:
/// Prometheus' `bstream` writing side (`tsdb/chunkenc/bstream.go`).
///
/// The first bit written lands in bit 7 of the first new byte. Bits not yet
/// written in the last byte are zero, so the stream always ends byte-aligned
/// with zero padding, as upstream's does.
package struct BitWriter: Sendable {
    /// The bytes written so far; the last one may be partly filled.
    package private(set) var bytes: [UInt8]
    /// How many low bits of the last byte are still free (0 to 7).
    package private(set) var freeBits: Int

    /// A writer that appends to `bytes`, whose last byte has `freeBits` free low bits (which must be zero).
    package init(bytes: [UInt8] = [], freeBits: Int = 0) {
        precondition((0...7).contains(freeBits) && (freeBits == 0 || !bytes.isEmpty), "invalid bit position")
        self.bytes = bytes
        self.freeBits = freeBits
    }

    /// The number of bits written, padding excluded.
    package var bitCount: Int { bytes.count * 8 - freeBits }

    /// Overwrites byte `index`, for headers written in place.
    package mutating func setByte(_ byte: UInt8, at index: Int) {
        bytes[index] = byte
    }

    /// Makes room for `capacity` bytes in total.
    package mutating func reserveCapacity(_ capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Writes one bit.
    @inline(__always)
    package mutating func writeBit(_ bit: Bool) {
        if freeBits == 0 {
            bytes.append(bit ? 0x80 : 0)
            freeBits = 7
            return
        }
        freeBits -= 1
        if bit {
            bytes[bytes.count - 1] |= 1 &<< UInt8(freeBits)
        }
    }

    /// Writes the `count` low bits of `value`, the highest of them first.
    /// Higher bits of `value` are ignored; `count` is 0 to 64.
    @inline(__always)
    package mutating func writeBits(_ value: UInt64, count: Int) {
        assert((0...64).contains(count), "bit count out of range")
        guard count > 0 else { return }
        // Left-align the bits so the next one to write is bit 63.
        var bits = value &<< UInt64(64 - count)
        var remaining = count
        if freeBits > 0 {
            let free = freeBits
            bytes[bytes.count - 1] |= UInt8(truncatingIfNeeded: bits &>> UInt64(64 - free))
            if remaining < free {
                freeBits = free - remaining
                return
            }
            bits = bits &<< UInt64(free)
            remaining -= free
            freeBits = 0
        }
        while remaining >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: bits &>> 56))
            bits = bits &<< 8
            remaining -= 8
        }
        if remaining > 0 {
            bytes.append(UInt8(truncatingIfNeeded: bits &>> 56))
            freeBits = 8 - remaining
        }
    }

    /// Writes eight bits.
    @inline(__always)
    package mutating func writeByte(_ byte: UInt8) {
        writeBits(UInt64(byte), count: 8)
    }

    /// Writes `value` as a Go `binary.PutUvarint`: 7 bits a byte, low group first, high bit set on all but the last.
    package mutating func writeUvarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            writeByte(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest &>>= 7
        }
        writeByte(UInt8(truncatingIfNeeded: rest))
    }

    /// Writes `value` as a Go `binary.PutVarint`: zig-zag, then uvarint.
    package mutating func writeVarint(_ value: Int64) {
        var zigzag = UInt64(bitPattern: value) &<< 1
        if value < 0 { zigzag = ~zigzag }
        writeUvarint(zigzag)
    }
}
