import Testing

@testable import ArgusCore

@Suite struct CRC32CTests {
    @Test func knownCheckValues() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
    }

    /// Every length around the 8-byte steps, at every alignment: the
    /// instruction path, the table path and a bit-at-a-time reference agree.
    @Test func instructionAndTablesAgreeWithBitwiseReference() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<600).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.withUnsafeBytes { all in
            for offset in 0..<8 {
                for length in 0...(all.count - offset) where length < 80 || length % 37 == 0 {
                    let slice = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + length)])
                    let expected = Self.bitwise(slice)
                    #expect(CRC32C.checksum(slice) == expected, "offset \(offset), length \(length)")
                    #expect(CRC32C.softwareChecksum(slice) == expected, "offset \(offset), length \(length)")
                }
            }
        }
    }

    @Test func usesTheInstructionOnX86() {
        #if arch(x86_64)
            #expect(CRC32C.usesHardware)
        #endif
    }

    private static func bitwise(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = ~0
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }
}
