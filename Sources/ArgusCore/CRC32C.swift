import CArgusCRC32C

/// CRC-32C (Castagnoli), as Go's `crc32.Checksum(b, castagnoliTable)`: the
/// checksum of Prometheus' WAL records and block files, and of the
/// remote-write buffer. With the CPU's CRC-32C instruction where there is
/// one (SSE 4.2), as Go does; else slice-by-8 in software.
public enum CRC32C {
    /// Whether ``checksum(_:)-(UnsafeRawBufferPointer)`` uses the CPU's instruction.
    public static let usesHardware = c_argus_crc32c_hardware_available() != 0

    /// Eight tables of 256 entries, one after another: table `t` advances a
    /// byte that is followed by `t` more bytes.
    private static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var crc = UInt32(i)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[i] = crc
        }
        for t in 1..<8 {
            for i in 0..<256 {
                let previous = table[(t - 1) * 256 + i]
                table[t * 256 + i] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard usesHardware, let base = bytes.baseAddress else { return softwareChecksum(bytes) }
        return ~c_argus_crc32c_update(~0, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// The CRC-32C of `bytes`, computed in software (slice-by-8).
    static func softwareChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        table.withUnsafeBufferPointer { table in
            var crc: UInt32 = ~0
            var index = 0
            let count = bytes.count
            @inline(__always) func lookup(_ t: Int, _ byte: UInt32) -> UInt32 { table[t << 8 | Int(byte & 0xFF)] }
            while count - index >= 8 {
                let word =
                    crc
                    ^ (UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16
                        | UInt32(bytes[index + 3]) << 24)
                crc =
                    lookup(7, word) ^ lookup(6, word >> 8) ^ lookup(5, word >> 16) ^ lookup(4, word >> 24)
                    ^ lookup(3, UInt32(bytes[index + 4])) ^ lookup(2, UInt32(bytes[index + 5]))
                    ^ lookup(1, UInt32(bytes[index + 6])) ^ lookup(0, UInt32(bytes[index + 7]))
                index += 8
            }
            while index < count {
                crc = (crc >> 8) ^ lookup(0, crc ^ UInt32(bytes[index]))
                index += 1
            }
            return ~crc
        }
    }

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        if let crc = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0)) }) {
            return crc
        }
        return Array(bytes).withUnsafeBytes { checksum($0) }
    }
}
