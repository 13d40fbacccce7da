/// Reads what ``Encbuf`` writes, from the front of a byte slice.
///
/// Like upstream's `Decbuf` it is sticky: after the first failure every read
/// returns zero and ``failed`` stays true, so decoders check once at the end
/// of an entry. Reads never trap on short or hostile input.
struct WALDecodeBuffer {
    private let bytes: [UInt8]
    private(set) var position: Int
    private(set) var failed = false

    init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - position }

    mutating func byte() -> UInt8 {
        guard !failed, position < bytes.count else {
            failed = true
            return 0
        }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func be64() -> UInt64 {
        guard !failed, remaining >= 8 else {
            failed = true
            return 0
        }
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(bytes[position + i]) }
        position += 8
        return value
    }

    mutating func uvarint() -> UInt64 {
        guard !failed, let (value, next) = Uvarint.decode(bytes, at: position, end: bytes.count) else {
            failed = true
            return 0
        }
        position = next
        return value
    }

    mutating func varint() -> Int64 {
        let unsigned = uvarint()
        let value = Int64(bitPattern: unsigned >> 1)
        return unsigned & 1 == 0 ? value : ~value
    }

    /// A length-prefixed string. Invalid UTF-8 is repaired with U+FFFD.
    mutating func uvarintString() -> String {
        let length = uvarint()
        guard !failed, length <= UInt64(remaining) else {
            failed = true
            return ""
        }
        let end = position + Int(length)
        defer { position = end }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }
}
