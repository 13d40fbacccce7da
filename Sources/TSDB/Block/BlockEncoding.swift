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

/// Reads what ``Encbuf`` writes from a window of a memory-mapped file.
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
        guard !failed, let (value, next) = Uvarint.decode(bytes, at: position, end: end) else { return fail() }
        position = next
        return value
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
