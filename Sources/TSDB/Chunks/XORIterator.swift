import Storage

/// Decodes the samples of an ``XORChunk``, oldest first: Prometheus'
/// `xorIterator` (`tsdb/chunkenc/xor.go`).
///
/// The iterator keeps its own reference to the chunk's bytes, so it stays
/// valid whatever happens to the chunk or appender it came from.
///
/// A corrupt or truncated chunk never traps: ``nextSample()`` and
/// ``seek(to:)`` throw a ``ChunkError``, and `next()` (the `Sequence` path)
/// returns `nil` and leaves the error in ``error``. After an error every
/// further call fails the same way.
public struct XORIterator: IteratorProtocol, Sequence, Sendable {
    private var reader: BitReader
    private let total: Int
    private var read = 0
    private var timestamp: Int64 = 0
    private var valueBits: UInt64 = 0
    private var timestampDelta: UInt64 = 0
    // Upstream's iterator starts these at 0, not at the appender's 0xFF "unset";
    // a resumed appender may therefore write `10` + 64 bits before any `11` header.
    private var leading: UInt8 = 0
    private var trailing: UInt8 = 0

    /// The error that stopped iteration, if any.
    public private(set) var error: ChunkError?

    /// An iterator over `chunk` from its first sample.
    public init(_ chunk: XORChunk) {
        reader = BitReader(bytes: chunk.bytes, start: XORChunk.headerSize)
        total = chunk.numSamples
    }

    /// The sample last returned by ``nextSample()``, `next()` or ``seek(to:)``;
    /// `nil` before the first and after an error.
    public var current: Sample? {
        guard read > 0, error == nil else { return nil }
        return Sample(timestamp: timestamp, value: Double(bitPattern: valueBits))
    }

    /// The next sample, or `nil` after the last; `nil` also on a decoding error,
    /// which is then in ``error``.
    public mutating func next() -> Sample? {
        do {
            return try nextSample()
        } catch {
            return nil
        }
    }

    /// The next sample, or `nil` after the last.
    public mutating func nextSample() throws(ChunkError) -> Sample? {
        if let error { throw error }
        guard read < total else { return nil }
        do {
            try advance()
        } catch {
            self.error = error
            throw error
        }
        read += 1
        return Sample(timestamp: timestamp, value: Double(bitPattern: valueBits))
    }

    /// Moves forward to the first sample at or after `timestamp` and returns it,
    /// or returns `nil` if there is none.
    ///
    /// As upstream's `Seek`, it never moves backwards: if the current sample is
    /// already at or after `timestamp`, that sample is returned again. A
    /// following `next()` returns the sample after the one returned here.
    public mutating func seek(to timestamp: Int64) throws(ChunkError) -> Sample? {
        if let error { throw error }
        while read == 0 || timestamp > self.timestamp {
            guard try nextSample() != nil else { return nil }
        }
        return Sample(timestamp: self.timestamp, value: Double(bitPattern: valueBits))
    }

    /// What an appender continuing the chunk needs after the last sample.
    package var appenderState:
        (
            timestamp: Int64, valueBits: UInt64, timestampDelta: UInt64, leading: UInt8, trailing: UInt8,
            bitPosition: Int
        )
    {
        (timestamp, valueBits, timestampDelta, leading, trailing, reader.bitPosition)
    }

    @inline(__always)
    private mutating func advance() throws(ChunkError) {
        switch read {
        case 0:
            let (first, result) = reader.readVarint()
            try check(result, field: "timestamp")
            timestamp = first
            valueBits = try bits(64, field: "value")
        case 1:
            let result = reader.readUvarint()
            try check(result, field: "timestamp delta")
            guard case .value(let delta) = result else { return }
            timestampDelta = delta
            timestamp &+= Int64(bitPattern: delta)
            try readValue()
        default:
            try readDeltaOfDelta()
            try readValue()
        }
    }

    @inline(__always)
    private mutating func readDeltaOfDelta() throws(ChunkError) {
        guard try bit(field: "timestamp") else {
            timestamp &+= Int64(bitPattern: timestampDelta)
            return
        }
        let width: Int
        if !(try bit(field: "timestamp")) {
            width = 14
        } else if !(try bit(field: "timestamp")) {
            width = 17
        } else if !(try bit(field: "timestamp")) {
            width = 20
        } else {
            width = 64
        }
        var dod = try bits(width, field: "timestamp")
        // Values above 2ⁿ⁻¹ stand for negative numbers (tsdb/docs/bstream.md).
        if width < 64 && dod > 1 << UInt64(width - 1) {
            dod &-= 1 << UInt64(width)
        }
        timestampDelta &+= dod
        timestamp &+= Int64(bitPattern: timestampDelta)
    }

    @inline(__always)
    private mutating func readValue() throws(ChunkError) {
        guard try bit(field: "value") else { return }
        if try bit(field: "value") {
            let headerStart = reader.bitPosition
            let newLeading = Int(try bits(5, field: "value"))
            var significant = Int(try bits(6, field: "value"))
            // 0 significant bits cannot occur (the XOR would be zero), so 0 means 64.
            if significant == 0 { significant = 64 }
            guard newLeading + significant <= 64 else {
                throw ChunkError(
                    .invalidValueEncoding,
                    "XOR chunk sample \(read) of \(total): value header declares \(newLeading) leading zeros "
                        + "and \(significant) significant bits, more than 64, at byte \(headerStart >> 3)",
                    offset: headerStart >> 3
                )
            }
            leading = UInt8(newLeading)
            trailing = UInt8(64 - newLeading - significant)
        }
        let significant = 64 - Int(leading) - Int(trailing)
        let xor = try bits(significant, field: "value")
        valueBits ^= xor &<< UInt64(trailing)
    }

    @inline(__always)
    private mutating func bit(field: StaticString) throws(ChunkError) -> Bool {
        guard let bit = reader.readBit() else { throw truncated(field: field) }
        return bit
    }

    @inline(__always)
    private mutating func bits(_ count: Int, field: StaticString) throws(ChunkError) -> UInt64 {
        guard let bits = reader.readBits(count) else { throw truncated(field: field) }
        return bits
    }

    private func check(_ result: BitReader.VarintResult, field: StaticString) throws(ChunkError) {
        switch result {
        case .value: return
        case .endOfStream: throw truncated(field: field)
        case .overflow:
            let offset = reader.bytePosition
            throw ChunkError(
                .invalidVarint,
                "XOR chunk sample \(read) of \(total): \(field) varint overflows 64 bits, ending at byte \(offset)",
                offset: offset
            )
        }
    }

    private func truncated(field: StaticString) -> ChunkError {
        let offset = reader.byteCount
        return ChunkError(
            .truncated,
            "XOR chunk truncated: the \(field) of sample \(read) of \(total) runs past the end of the "
                + "\(reader.byteCount)-byte chunk at byte \(offset)",
            offset: offset
        )
    }
}
