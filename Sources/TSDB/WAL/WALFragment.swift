// Segment layout, as in Prometheus' tsdb/wlog/wlog.go and
// tsdb/docs/format/wal.md (itself borrowed from LevelDB's log format).
//
// A segment is a sequence of 32 KiB pages with no file header. A record is
// written as one or more fragments; a fragment never crosses a page, and a
// record never crosses a segment. Each fragment is
//
//   ┌───────────┬──────────┬────────────┬──────────────┐
//   │ type <1b> │ len <2b> │ CRC32 <4b> │ data <bytes> │
//   └───────────┴──────────┴────────────┴──────────────┘
//
// len is big-endian; CRC32 is Castagnoli over data only, big-endian. The
// type byte is [3 bits reserved][1 bit zstd][1 bit snappy][3 bits type],
// type being 0 (the rest of the page is zeros), 1 full, 2 first, 3 middle,
// 4 last. When fewer than 7 bytes are left in a page they are zeros.

/// Layout constants of a WAL segment.
public enum WALFormat {
    /// Segments are written in pages of 32 KiB.
    public static let pageSize = 32 * 1024
    /// The size of a fragment header: type, length, CRC.
    public static let fragmentHeaderSize = 7
    /// The default segment size limit, 128 MiB (upstream's `DefaultSegmentSize`).
    public static let defaultSegmentSize = 128 * 1024 * 1024
    /// The largest fragment that fits a page.
    static let maxFragmentLength = pageSize - fragmentHeaderSize

    static let snappyFlag: UInt8 = 1 << 3
    static let zstdFlag: UInt8 = 1 << 4
    static let typeMask: UInt8 = snappyFlag - 1
}

/// The low three bits of a fragment's type byte.
enum WALFragmentType: UInt8 {
    /// The rest of the page is zeros.
    case pageTerm = 0
    case full = 1
    case first = 2
    case middle = 3
    case last = 4

    var name: String {
        switch self {
        case .pageTerm: "zero"
        case .full: "full"
        case .first: "first"
        case .middle: "middle"
        case .last: "last"
        }
    }
}

/// How a record's payload is compressed, from the fragment type byte.
public enum WALCompression: Hashable, Sendable, CustomStringConvertible {
    case snappy
    case zstd

    public var description: String {
        switch self {
        case .snappy: "snappy"
        case .zstd: "zstd"
        }
    }
}

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of
/// every fragment. Slicing-by-8 tables are built once.
enum WALChecksum {
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
    static func crc32c(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
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

    static func crc32c(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { crc32c($0) }
    }
}
