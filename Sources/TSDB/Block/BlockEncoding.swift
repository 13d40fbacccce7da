/// Appends the primitive encodings of Prometheus' `tsdb/encoding` package
/// (`Encbuf`) to a byte array: big-endian fixed-width integers, LEB128
/// uvarints and zig-zag varints.
struct BlockEncoder {
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

/// The checksum of every block file: CRC32 with the Castagnoli polynomial,
/// stored big-endian.
enum BlockChecksum {
    static func crc32c(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        WALChecksum.crc32c(bytes)
    }

    static func crc32c(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { WALChecksum.crc32c($0) }
    }
}

/// Reads what ``BlockEncoder`` writes from a window of a memory-mapped file.
///
/// Like upstream's `Decbuf` it is sticky: after the first failure every read
/// returns zero and ``failed`` stays true, so a decoder checks once at the
/// end of an entry. Reads never leave `start..<end`, whatever the input.
struct BlockDecoder {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    let end: Int
    private(set) var failed = false

    /// A decoder over `bytes[start..<end]`; the caller has checked `start <= end <= bytes.count`.
    init(_ bytes: UnsafeRawBufferPointer, start: Int, end: Int) {
        self.bytes = bytes
        self.position = start
        self.end = end
    }

    var remaining: Int { failed ? 0 : end - position }

    mutating func byte() -> UInt8 {
        guard !failed, position < end else { return fail() }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func be32() -> UInt32 {
        guard !failed, end - position >= 4 else { return fail() }
        defer { position += 4 }
        return BlockDecoder.be32(bytes, at: position)
    }

    mutating func be64() -> UInt64 {
        guard !failed, end - position >= 8 else { return fail() }
        let value =
            UInt64(BlockDecoder.be32(bytes, at: position)) << 32 | UInt64(BlockDecoder.be32(bytes, at: position + 4))
        position += 8
        return value
    }

    mutating func uvarint() -> UInt64 {
        guard !failed else { return 0 }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = position
        while index < end {
            let byte = bytes[index]
            index += 1
            // Go's binary.Uvarint: at most 10 bytes, the tenth at most 1.
            if shift == 63 && byte > 1 { break }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                position = index
                return value
            }
            shift += 7
            if shift > 63 { break }
        }
        return fail()
    }

    mutating func varint() -> Int64 {
        let unsigned = uvarint()
        let value = Int64(bitPattern: unsigned >> 1)
        return unsigned & 1 == 0 ? value : ~value
    }

    /// The bytes of a uvarint-length-prefixed string, as a window of the mapping.
    mutating func uvarintBytes() -> UnsafeRawBufferPointer {
        let length = uvarint()
        guard !failed, length <= UInt64(end - position) else {
            failed = true
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        defer { position += Int(length) }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<position + Int(length)])
    }

    /// A uvarint-length-prefixed string; invalid UTF-8 is repaired with U+FFFD.
    mutating func uvarintString() -> String {
        String(decoding: uvarintBytes(), as: UTF8.self)
    }

    mutating func skip(_ count: Int) {
        guard !failed, count >= 0, count <= end - position else {
            failed = true
            return
        }
        position += count
    }

    private mutating func fail<T: FixedWidthInteger>() -> T {
        failed = true
        return 0
    }

    static func be32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}
