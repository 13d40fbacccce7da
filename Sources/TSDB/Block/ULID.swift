#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A Universally Unique Lexicographically Sortable Identifier, the name of
/// every block directory: 48 bits of milliseconds since the unix epoch, then
/// 80 random bits, written as 26 characters of Crockford's base32
/// (`01BX5ZZKBKACTAV9WEVGEMMVRZ`). Sorting the strings sorts by time.
public struct ULID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The 16 bytes, big-endian: 6 of time, 10 of randomness.
    public let bytes: [UInt8]

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// A ULID from its 16 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// A new ULID for `milliseconds` since the epoch (now by default), with
    /// random bits from `generator`.
    public init(milliseconds: UInt64? = nil, using generator: inout some RandomNumberGenerator) {
        let time = milliseconds ?? ULID.now()
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: time >> UInt64(8 * (5 - i))) }
        for i in 6..<16 { bytes[i] = UInt8.random(in: .min ... .max, using: &generator) }
        self.bytes = bytes
    }

    /// A new ULID for `milliseconds` since the epoch (now by default), with
    /// bits from the system's random source.
    public init(milliseconds: UInt64? = nil) {
        var generator = SystemRandomNumberGenerator()
        self.init(milliseconds: milliseconds, using: &generator)
    }

    /// Parses the 26-character text form (case-insensitive; Crockford's
    /// `I`/`L` read as 1 and `O` as 0). Nil if the text is not a ULID.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 26 else { return nil }
        var digits: [UInt8] = []
        digits.reserveCapacity(26)
        for c in utf8 {
            guard let d = ULID.digit(c) else { return nil }
            digits.append(d)
        }
        // 26 × 5 = 130 bits; the first digit carries only the top 3 bits.
        guard digits[0] <= 7 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 16)
        var bitIndex = 0
        for (i, d) in digits.enumerated() {
            let width = i == 0 ? 3 : 5
            for b in stride(from: width - 1, through: 0, by: -1) {
                if d >> UInt8(b) & 1 == 1 { bytes[bitIndex / 8] |= 0x80 >> UInt8(bitIndex % 8) }
                bitIndex += 1
            }
        }
        self.bytes = bytes
    }

    /// The milliseconds since the epoch the ULID was made for.
    public var milliseconds: UInt64 {
        bytes[0..<6].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The 26-character Crockford base32 form.
    public var description: String {
        var output: [UInt8] = []
        output.reserveCapacity(26)
        // Read 130 bits: two zero bits, then the 128 bits of the value.
        func bit(_ index: Int) -> UInt8 {
            let i = index - 2
            guard i >= 0 else { return 0 }
            return bytes[i / 8] >> UInt8(7 - i % 8) & 1
        }
        for digit in 0..<26 {
            var value: UInt8 = 0
            for b in 0..<5 { value = value << 1 | bit(digit * 5 + b) }
            output.append(ULID.alphabet[Int(value)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    public static func < (lhs: ULID, rhs: ULID) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let ulid = ULID(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\(text) is not a ULID")
            )
        }
        self = ulid
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func digit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0"), UInt8(ascii: "O"), UInt8(ascii: "o"): return 0
        case UInt8(ascii: "1"), UInt8(ascii: "I"), UInt8(ascii: "i"), UInt8(ascii: "L"), UInt8(ascii: "l"): return 1
        case UInt8(ascii: "2")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        default:
            let upper = c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") ? c - 32 : c
            guard let index = alphabet.firstIndex(of: upper), index >= 10 else { return nil }
            return UInt8(index)
        }
    }

    private static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(spec.tv_sec) * 1000 + UInt64(spec.tv_nsec) / 1_000_000
    }
}
