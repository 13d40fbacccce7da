import GoTemplate

/// Appends the fields of one snapshot record: little-endian integers,
/// strings as a `u32` byte count and UTF-8, times as `i64` seconds and
/// `i32` nanoseconds.
struct SnapshotEncoder {
    private(set) var bytes: [UInt8] = []

    mutating func uint8(_ value: UInt8) { bytes.append(value) }

    mutating func uint32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func uint64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        uint32(UInt32(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    mutating func time(_ value: GoTime) {
        uint64(UInt64(bitPattern: value.seconds))
        uint32(UInt32(bitPattern: value.nanoseconds))
    }

    /// A count followed by the values in ascending order, so equal sets
    /// encode to equal bytes.
    mutating func uint64Set(_ values: Set<UInt64>) {
        uint32(UInt32(values.count))
        for value in values.sorted() { uint64(value) }
    }
}
