/// UTF-8 decoding with Go's `utf8.DecodeRune` rules: any invalid or truncated sequence decodes
/// as U+FFFD with width 1, so matching never fails on bad input.
enum RE2UTF8 {
    static let replacement: UInt32 = 0xFFFD

    /// Decodes the code point starting at `i` (which must be a valid index) and its byte width.
    @inline(__always)
    static func decode<C: RandomAccessCollection<UInt8>>(_ s: C, at i: C.Index) -> (UInt32, Int)
    where C.Index == Int {
        let b0 = s[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        return decodeMultibyte(s, at: i, b0)
    }

    static func decodeMultibyte<C: RandomAccessCollection<UInt8>>(_ s: C, at i: C.Index, _ b0: UInt8) -> (UInt32, Int)
    where C.Index == Int {
        let end = s.endIndex
        let need: Int
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: need = 1
        case 0xE0:
            need = 2
            lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED:
            need = 2
            hi = 0x9F
        case 0xF0:
            need = 3
            lo = 0x90
        case 0xF1...0xF3: need = 3
        case 0xF4:
            need = 3
            hi = 0x8F
        default: return (replacement, 1)
        }
        guard end - i > need else { return (replacement, 1) }
        let b1 = s[i + 1]
        guard b1 >= lo && b1 <= hi else { return (replacement, 1) }
        var value = UInt32(b0) & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07)
        value = value << 6 | UInt32(b1 & 0x3F)
        var k = 2
        while k <= need {
            let b = s[i + k]
            guard b & 0xC0 == 0x80 else { return (replacement, 1) }
            value = value << 6 | UInt32(b & 0x3F)
            k += 1
        }
        return (value, need + 1)
    }

    /// Decodes the code point that ends just before `end`, as Go's `utf8.DecodeLastRune`.
    static func decodeLast<C: RandomAccessCollection<UInt8>>(_ s: C, before end: C.Index) -> UInt32
    where C.Index == Int {
        var start = end - 1
        let limit = max(s.startIndex, end - 4)
        while start > limit, s[start] & 0xC0 == 0x80 { start -= 1 }
        let (r, width) = decode(s, at: start)
        return start + width == end ? r : replacement
    }
}
