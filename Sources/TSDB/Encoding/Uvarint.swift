/// Go's `binary.Uvarint`, which ``Encbuf/putUvarint(_:)`` writes: seven bits
/// a byte, least significant first, the high bit set on all but the last.
enum Uvarint {
    /// The value encoded at `bytes[position...]`, reading no further than
    /// `end`, and the index after it. Nil when the input ends first or the
    /// encoding overflows 64 bits (more than ten bytes, or a tenth byte above
    /// 1), as Go reports both.
    @inline(__always)
    static func decode<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes, at position: Int, end: Int
    ) -> (value: UInt64, next: Int)? where Bytes.Index == Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = position
        while index < end {
            let byte = bytes[index]
            index += 1
            if shift == 63 && byte > 1 { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return (value, index) }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }
}
