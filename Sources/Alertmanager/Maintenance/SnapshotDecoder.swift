import GoTemplate

/// Reads the fields written by ``SnapshotEncoder`` from one record's payload.
struct SnapshotDecoder {
    /// A payload that ends early or holds an impossible value; `offset` is
    /// relative to the payload's start.
    struct Failure: Error {
        var offset: Int
        var reason: String
    }

    private let bytes: ArraySlice<UInt8>
    private(set) var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    var isAtEnd: Bool { position == bytes.endIndex }
    /// The position relative to the payload's start.
    var offset: Int { position - bytes.startIndex }

    func failure(_ reason: String) -> Failure { Failure(offset: offset, reason: reason) }

    private mutating func take(_ count: Int, _ what: String) throws(Failure) -> ArraySlice<UInt8> {
        guard count <= bytes.endIndex - position else { throw failure("truncated \(what)") }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func uint8(_ what: String) throws(Failure) -> UInt8 {
        try take(1, what).first ?? 0
    }

    mutating func uint32(_ what: String) throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for (shift, byte) in try take(4, what).enumerated() { value |= UInt32(byte) << (8 * shift) }
        return value
    }

    mutating func uint64(_ what: String) throws(Failure) -> UInt64 {
        var value: UInt64 = 0
        for (shift, byte) in try take(8, what).enumerated() { value |= UInt64(byte) << (8 * shift) }
        return value
    }

    mutating func string(_ what: String) throws(Failure) -> String {
        let count = Int(try uint32(what))
        let start = offset
        let raw = try take(count, what)
        guard let value = String(validating: raw, as: UTF8.self) else {
            throw Failure(offset: start, reason: "\(what) is not valid UTF-8")
        }
        return value
    }

    mutating func time(_ what: String) throws(Failure) -> GoTime {
        let seconds = Int64(bitPattern: try uint64(what))
        let nanoseconds = Int32(bitPattern: try uint32(what))
        guard (0..<1_000_000_000).contains(nanoseconds) else { throw failure("\(what) has invalid nanoseconds") }
        return GoTime(seconds: seconds, nanoseconds: nanoseconds)
    }

    mutating func uint64Set(_ what: String) throws(Failure) -> Set<UInt64> {
        let count = Int(try uint32(what))
        guard count <= (bytes.endIndex - position) / 8 else { throw failure("truncated \(what)") }
        var values = Set<UInt64>(minimumCapacity: count)
        for _ in 0..<count { values.insert(try uint64(what)) }
        return values
    }
}
