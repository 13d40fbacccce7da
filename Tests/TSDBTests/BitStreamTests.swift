import ArgusTesting
import TSDB
import Testing

@Suite struct BitStreamTests {
    @Test func bitsArePackedMostSignificantFirst() {
        var writer = BitWriter()
        writer.writeBit(true)
        writer.writeBits(0b01, count: 2)
        writer.writeByte(0xFF)
        writer.writeBits(0, count: 0)
        #expect(writer.bytes == [0b1011_1111, 0b1110_0000])
        #expect(writer.bitCount == 11)
        #expect(writer.freeBits == 5)
    }

    @Test(arguments: 0..<20)
    func randomFieldsRoundTrip(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var fields: [(UInt64, Int)] = []
        var writer = BitWriter()
        for _ in 0..<500 {
            let width = Int.random(in: 1...64, using: &rng)
            let value = rng.next() & (UInt64.max >> (64 - width))
            fields.append((value, width))
            // Bits above the width must be ignored.
            writer.writeBits(value | (width < 64 ? rng.next() << width : 0), count: width)
        }
        #expect(writer.bitCount == fields.reduce(0) { $0 + $1.1 })
        var reader = BitReader(bytes: writer.bytes)
        for (value, width) in fields {
            #expect(reader.readBits(width) == value)
        }
        #expect(reader.bitPosition == writer.bitCount)
        // Only padding is left.
        let padding = writer.bytes.count * 8 - writer.bitCount
        if padding > 0 { #expect(reader.readBits(padding) == 0) }
        #expect(reader.readBit() == nil)
        #expect(reader.readBits(64) == nil)
    }

    @Test func varintsMatchGoEncoding() {
        let cases: [(Int64, [UInt8])] = [
            (0, [0x00]), (-1, [0x01]), (1, [0x02]), (63, [0x7E]), (-64, [0x7F]), (64, [0x80, 0x01]),
            (1000, [0xD0, 0x0F]), (.max, [0xFE] + [UInt8](repeating: 0xFF, count: 8) + [0x01]),
            (.min, [UInt8](repeating: 0xFF, count: 9) + [0x01]),
        ]
        for (value, expected) in cases {
            var writer = BitWriter()
            writer.writeVarint(value)
            #expect(writer.bytes == expected, "\(value)")
            var reader = BitReader(bytes: writer.bytes)
            let (decoded, result) = reader.readVarint()
            guard case .value = result else {
                Issue.record("\(value) did not decode")
                continue
            }
            #expect(decoded == value)
        }
    }

    @Test func readerStartsAtAnOffset() {
        var reader = BitReader(bytes: [0xAA, 0xBB, 0xCC], start: 1)
        #expect(reader.readByte() == 0xBB)
        #expect(reader.bytePosition == 2)
        #expect(reader.readBits(9) == nil)
    }
}
