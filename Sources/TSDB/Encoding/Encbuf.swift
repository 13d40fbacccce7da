/// Appends the primitive encodings of Prometheus' `tsdb/encoding` package
/// (`Encbuf`) to a byte array: big-endian fixed-width integers, LEB128
/// uvarints and zig-zag varints. Shared by the WAL and block writers.
struct Encbuf {
    var bytes: [UInt8] = []

    var count: Int { bytes.count }

    mutating func putByte(_ byte: UInt8) { bytes.append(byte) }

    mutating func putBE32(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func putBE64(_ value: UInt64) {
        putBE32(UInt32(truncatingIfNeeded: value >> 32))
        putBE32(UInt32(truncatingIfNeeded: value))
    }

    /// Overwrites 4 bytes at `offset` (a length written after its section).
    mutating func setBE32(_ value: UInt32, at offset: Int) {
        bytes[offset] = UInt8(truncatingIfNeeded: value >> 24)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[offset + 2] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[offset + 3] = UInt8(truncatingIfNeeded: value)
    }

    mutating func putUvarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Zig-zag encoding: 0, -1, 1, -2 … become 0, 1, 2, 3 …
    mutating func putVarint(_ value: Int64) {
        putUvarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func putUvarintString(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            putUvarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Appends zero bytes until the length is a multiple of `alignment`.
    mutating func pad(to alignment: Int) {
        let remainder = bytes.count % alignment
        if remainder != 0 { bytes.append(contentsOf: repeatElement(0, count: alignment - remainder)) }
    }

    /// Appends the CRC32-Castagnoli of `bytes[start...]`, big-endian.
    mutating func putChecksum(from start: Int) {
        let crc = bytes.withUnsafeBytes { BlockChecksum.crc32c(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        putBE32(crc)
    }
}
