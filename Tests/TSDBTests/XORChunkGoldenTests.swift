import ArgusCore
import Storage
import TSDB
import Testing

/// Byte layouts pinned against Prometheus' `tsdb/chunkenc/xor.go`: some derived
/// by hand from the algorithm, some written by Prometheus itself.
@Suite struct XORChunkGoldenTests {
    /// Four samples, every field derived by hand:
    ///
    /// ```
    /// 00 04                    sample count 4, big-endian
    /// D0 0F                    t₀ = 1000: zig-zag 2000 = 0b1111_1010000 → uvarint
    ///                          low 7 bits 0x50 | 0x80 = D0, then 2000 >> 7 = 0x0F
    /// 3F F0 00 00 00 00 00 00  v₀ = 1.0, raw IEEE 754 bits
    /// 98 75                    t₁ − t₀ = 15000 = 0x3A98 → uvarint: 0x18 | 0x80, 0x75
    /// ```
    ///
    /// From here the fields are bits, not bytes:
    ///
    /// ```
    /// v₁ = 2.0: 0x4000… ^ 0x3FF0… = 0x7FF0_0000_0000_0000, 1 leading zero, 52 trailing.
    ///   A fresh appender has no leading/trailing window yet, so a new one:
    ///   11 | 00001 (leading 1) | 001011 (11 significant) | 111 1111 1111 (0x7FF)
    ///   = 1100 0010 0101 1111 1111 1111                    → C2 5F FF
    /// t₂ = 31000: delta 15000, dod 0                       → 0
    /// v₂ = 2.5: 0x4004… ^ 0x4000… = 0x0004_0000_0000_0000, 13 leading, 50 trailing.
    ///   50 < 52 trailing, so the old window does not fit; a new one:
    ///   11 | 01101 (13) | 000001 (1 significant) | 1
    /// t₃ = 46005: delta 15005, dod 5, within −8191…8192    → 10 | 00000000000101
    /// v₃ = 2.5 unchanged                                   → 0
    ///
    /// 0 11 01101 | 000001 1 1 | 0 0000000 | 0000101 0
    ///   = 0110 1101 | 0000 0111 | 0000 0000 | 0000 1010    → 6D 07 00 0A
    /// ```
    ///
    /// The stream ends exactly on a byte boundary, so there is no padding.
    @Test func fourSamplesDerivedByHand() throws {
        let samples = [
            Sample(timestamp: 1000, value: 1.0), Sample(timestamp: 16000, value: 2.0),
            Sample(timestamp: 31000, value: 2.5), Sample(timestamp: 46005, value: 2.5),
        ]
        let expected: [UInt8] = [
            0x00, 0x04,
            0xD0, 0x0F,
            0x3F, 0xF0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x98, 0x75,
            0xC2, 0x5F, 0xFF,
            0x6D, 0x07, 0x00, 0x0A,
        ]
        let chunk = try xorEncode(samples)
        #expect(chunk.bytes == expected)
        #expect(chunk.numSamples == 4)
        #expect(try XORChunk(bytes: expected).samples() == samples)
    }

    /// An XOR with neither leading nor trailing zeros has 64 significant bits,
    /// which the 6-bit field cannot hold; it is written as 0.
    ///
    /// ```
    /// 00 02 | 00 (t₀ = 0) | 00×8 (v₀ = 0.0) | 01 (delta 1)
    /// v₁ bits 0x8000_0000_0000_0001: 11 | 00000 | 000000 | 1 0…0 1 (64 bits)
    ///   = 1100 0000 | 0000 0100 | 0×56 | 0000 1 + 3 bits padding → C0 04 00×7 08
    /// ```
    @Test func sixtyFourSignificantBitsAreWrittenAsZero() throws {
        let samples = [floatSample(0, bits: 0), floatSample(1, bits: 0x8000_0000_0000_0001)]
        let expected: [UInt8] =
            [0x00, 0x02, 0x00] + [UInt8](repeating: 0, count: 8) + [0x01, 0xC0, 0x04]
            + [UInt8](repeating: 0, count: 7) + [0x08]
        #expect(try xorEncode(samples).bytes == expected)
        #expect(try XORChunk(bytes: expected).samples() == samples)
    }

    /// Leading zeros are capped at 31 to fit 5 bits, and a later XOR that fits
    /// the window reuses it with a `10` prefix.
    ///
    /// ```
    /// v₁ ^ v₀ = 1: 63 leading zeros capped to 31, 0 trailing → 33 significant bits
    ///   11 | 11111 | 100001 | 0×32 1
    /// t₂: dod 0 → 0
    /// v₂ ^ v₁ = 2: 62 leading (≥ 31), 1 trailing (≥ 0) → reuse: 10 | 0×31 1 0
    /// bits: 1111 1111 | 0000 1000 | 0×24 | 0000 0101 | 0×32 | 1000 0000 (padding)
    ///   → FF 08 00 00 00 05 00 00 00 00 80
    /// ```
    @Test func leadingZerosAreCappedAt31AndTheWindowIsReused() throws {
        let samples = [
            floatSample(0, bits: 0x3FF0_0000_0000_0000), floatSample(10, bits: 0x3FF0_0000_0000_0001),
            floatSample(20, bits: 0x3FF0_0000_0000_0003),
        ]
        let expected: [UInt8] =
            [0x00, 0x03, 0x00, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0x0A]
            + [0xFF, 0x08, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x80]
        #expect(try xorEncode(samples).bytes == expected)
        #expect(try XORChunk(bytes: expected).samples() == samples)
    }

    @Test func emptyAndSingleSampleChunks() throws {
        #expect(XORChunk().bytes == [0, 0])
        #expect(XORChunk().numSamples == 0)
        #expect(try XORChunk().samples().isEmpty)
        // t = −1 → zig-zag 1; the stale marker's bits follow unchanged.
        let stale = try xorEncode([Sample(timestamp: -1, value: StaleMarker.value)])
        #expect(stale.bytes == [0x00, 0x01, 0x01, 0x7F, 0xF0, 0, 0, 0, 0, 0, 0x02])
        #expect(try stale.samples().map(\.value.bitPattern) == [StaleMarker.bitPattern])
    }

    // MARK: - Chunks written by Prometheus

    // The chunks below were written by promtool 2.42
    // (`promtool tsdb create-blocks-from openmetrics`) and taken verbatim from
    // the block's chunk segment file. The input series are rebuilt here.

    static let t0: Int64 = 1_700_000_000_000

    /// A series whose timestamp gaps hit every delta-of-delta bucket and both
    /// ends of each (−8191, 8192, −8192, 8193, 65536, 65537, 524288, 524289,
    /// and 64-bit jumps), positive and negative.
    static var gapsSeries: [Sample] {
        let gaps: [Int64] =
            Array(repeating: 15000, count: 5) + [
                9000, 15000, 70000, 15000, 500_000, 15000, 1_200_000, 15000, 15000, 8192 + 15000, 15000,
                15000 - 8191, 15000, 15000 + 8193, 15000, 15000 - 8192, 15000, 65536 + 15000, 15000, 15000 + 65537,
                15000, 524_288 + 15000, 15000, 524_289 + 15000, 15000, 1, 15000,
            ]
        var t = t0
        return (0..<61).map { i in
            defer { t += gaps[i % gaps.count] }
            return Sample(timestamp: t, value: Double(i))
        }
    }

    static let gapsChunk = """
        003D80A0ABFEF96200000000000000009875C457FEC25FFF6C06D616DA0EA243605CBB84E6B6C6A13F4A4A3703E76688
        DA17D132F13E00000000002429D1B03FFFFFFFFFFFFDBD63114E80023BC001AC4FA001DE0E7FFF705E1000CEEFFFED0F
        EF0004680027A00011EF0000D827F08000C3DDFFFF1F4000043FFFFFFFFFFFF000013F8000000000040000C3FFFFFFFF
        FFFEFFFFF1EE2B4C38752FA47FEE00DBC2D2DC1F46A24272EE11CD6D8DA27E949443CECD111F44CBC43E000000000024
        29D13FFFFFFFFFFFF6F58C428E80021DE000D82FE80060CFFFC3C200183BBFFF1F780020D00043D000083DE00013F840
        0060F77FFFC3E8000083FFFFFFFFFFFF000011C0
        """

    /// Special values repeated: ±0, Go's NaN (0x7FF8000000000001), ±Inf, the
    /// smallest subnormal, the largest finite, 0.1 + 0.2 and ±2⁵³.
    static var specialSeries: [Sample] {
        let values: [UInt64] = [
            0.0, -0.0, 0, .infinity, -.infinity, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            -1.0, 1.0, 1.0, 0.1, 0.2, 0.30000000000000004, 9_007_199_254_740_992, -9_007_199_254_740_992, 1.5, 1.5,
        ].map(\.bitPattern)
        return (0..<100).map { i in
            let bits = i % values.count == 2 ? 0x7FF8_0000_0000_0001 : values[i % values.count]
            return floatSample(t0 + 15000 * Int64(i), bits: bits)
        }
    }

    static let specialChunk = """
        006480A0ABFEF96200000000000000009875C00D800FFF800000000000140010000000000002A00000000000000017F2
        AB70FE17C79ACA01A56E1FC2F8F3584FFDFFFFFFFFFFFFCB007FFFFFFFFFFFFD40000000000000000801266666666666
        6900380000000000002001AAAAAAAAAAAAE4F926666666666668A00000000000000017E5C00000000000008FFE000000
        000000140000000000000002FFF800000000000140010000000000002A00000000000000017F2AB70FE17C79ACA01A56
        E1FC2F8F3584FFDFFFFFFFFFFFFCB007FFFFFFFFFFFFD400000000000000008012666666666666900380000000000002
        001AAAAAAAAAAAAE4F926666666666668A00000000000000017E5C00000000000008FFE0000000000001400000000000
        00002FFF800000000000140010000000000002A00000000000000017F2AB70FE17C79ACA01A56E1FC2F8F3584FFDFFFF
        FFFFFFFFCB007FFFFFFFFFFFFD400000000000000008012666666666666900380000000000002001AAAAAAAAAAAAE4F9
        26666666666668A00000000000000017E5C00000000000008FFE000000000000140000000000000002FFF80000000000
        0140010000000000002A00000000000000017F2AB70FE17C79ACA01A56E1FC2F8F3584FFDFFFFFFFFFFFFCB007FFFFFF
        FFFFFFD400000000000000008012666666666666900380000000000002001AAAAAAAAAAAAE4F926666666666668A0000
        0000000000017E5C00000000000008FFE000000000000140000000000000002FFF800000000000140010000000000002
        A00000000000000017F2AB70FE17C79ACA01A56E1FC2F8F3584FFDFFFFFFFFFFFFCB007FFFFFFFFFFFFD400000000000
        000008012666666666666900380000000000002001AAAAAAAAAAAAE4F926666666666668A00000000000000017E5C000
        00000000008FFE000000000000140000000000000002FFF800000000000140010000000000002A00000000000000017F
        2AB70FE17C79ACA01A56E1FC2F8F3584FFDFFFFFFFFFFFFCB007FFFFFFFFFFFFD40000000000000000
        """

    @Test(arguments: [
        ("gaps", gapsChunk, gapsSeries),
        ("special values", specialChunk, specialSeries),
    ])
    func prometheusChunksDecodeAndReencodeByteForByte(name: String, hex: String, series: [Sample]) throws {
        let bytes = hexBytes(hex)
        let chunk = try XORChunk(bytes: bytes)
        #expect(try chunk.samples() == series, "\(name): decoded samples differ")
        #expect(try xorEncode(series).bytes == bytes, "\(name): our encoding differs from Prometheus'")
    }

    /// Prometheus 2.x (before 3.0's "simplify writeByte") leaves one zero byte
    /// after a stream that ends byte-aligned on a whole-byte write. Such
    /// chunks must still decode; we write the 3.x form without it.
    @Test func prometheus2TrailingZeroByteIsAccepted() throws {
        let written = hexBytes("000180A0ABFEF962404500000000000000")
        let chunk = try XORChunk(bytes: written)
        #expect(try chunk.samples() == [Sample(timestamp: Self.t0, value: 42)])
        #expect(try xorEncode([Sample(timestamp: Self.t0, value: 42)]).bytes == Array(written.dropLast()))
        // Continuing such a chunk drops the extra byte and writes what a fresh appender would.
        var appender = try chunk.appender()
        try appender.append(timestamp: Self.t0 + 15000, value: 42)
        #expect(appender.chunk.bytes == hexBytes("000280A0ABFEF9624045000000000000987500"))
    }
}
