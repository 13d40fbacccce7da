import ArgusCore

// Byte layouts, as in Prometheus' tsdb/record/record.go and
// tsdb/docs/format/wal.md. BE64 is 8 bytes big-endian, uvarint is LEB128 and
// varint is zig-zag LEB128 (Go's binary.PutVarint).
//
//   series     (1): { ref BE64, label count uvarint, { len uvarint, name, len uvarint, value }… }…
//   samples    (2): ref₀ BE64, t₀ BE64, { ref−ref₀ varint, t−t₀ varint, value bits BE64 }…
//                   (nothing after the type byte when there are no samples)
//   tombstones (3): { ref BE64, mint varint, maxt varint }…   one entry per interval
//
// Upstream's wal.md calls the sample deltas uvarint; the code writes signed
// varints, and so do we.

extension WALRecord {
    /// The record's bytes, type byte first.
    public func encoded() -> [UInt8] {
        var buffer = Encbuf()
        encode(into: &buffer)
        return buffer.bytes
    }

    /// Appends the record's bytes to `bytes`.
    public func encode(into bytes: inout [UInt8]) {
        var buffer = Encbuf(bytes: bytes)
        bytes = []
        encode(into: &buffer)
        bytes = buffer.bytes
    }

    private func encode(into buffer: inout Encbuf) {
        buffer.putByte(type.rawValue)
        switch self {
        case .series(let series):
            for entry in series {
                buffer.putBE64(entry.ref)
                buffer.putUvarint(UInt64(entry.labels.count))
                for label in entry.labels {
                    buffer.putUvarintString(label.name)
                    buffer.putUvarintString(label.value)
                }
            }
        case .samples(let samples):
            guard let first = samples.first else { return }
            buffer.putBE64(first.ref)
            buffer.putBE64(UInt64(bitPattern: first.t))
            for sample in samples {
                buffer.putVarint(Int64(bitPattern: sample.ref &- first.ref))
                buffer.putVarint(sample.t &- first.t)
                buffer.putBE64(sample.v.bitPattern)
            }
        case .tombstones(let stones):
            for stone in stones {
                for interval in stone.intervals {
                    buffer.putBE64(stone.ref)
                    buffer.putVarint(interval.mint)
                    buffer.putVarint(interval.maxt)
                }
            }
        }
    }

    /// The type byte of the encoded record `bytes`, or nil when it is empty.
    public static func type(of bytes: [UInt8]) -> WALRecordType? {
        bytes.first.map(WALRecordType.init(rawValue:))
    }

    /// Decodes one record.
    ///
    /// - Returns: nil for record types this module does not decode
    ///   (exemplars, metadata, histograms, samples v2 …) and for an empty
    ///   record; replay skips those and counts them.
    /// - Throws: ``WALError/Code/invalidRecord`` when the bytes do not follow
    ///   the layout of their type (a truncated entry, an overlong varint).
    public static func decode(_ bytes: [UInt8]) throws(WALError) -> WALRecord? {
        guard let type = type(of: bytes) else { return nil }
        var buffer = WALDecodeBuffer(bytes, position: 1)
        switch type {
        case .series: return .series(try decodeSeries(&buffer))
        case .samples: return .samples(try decodeSamples(&buffer))
        case .tombstones: return .tombstones(try decodeTombstones(&buffer))
        default: return nil
        }
    }

    private static func decodeSeries(_ buffer: inout WALDecodeBuffer) throws(WALError) -> [RefSeries] {
        var series: [RefSeries] = []
        while buffer.remaining > 0 && !buffer.failed {
            let ref = buffer.be64()
            let count = buffer.uvarint()
            var labels: [Label] = []
            // Each label takes at least two bytes; never trust the count for capacity.
            labels.reserveCapacity(Int(min(count, UInt64(buffer.remaining / 2))))
            var sortedUnique = true
            var index: UInt64 = 0
            while index < count && !buffer.failed {
                let label = Label(buffer.uvarintString(), buffer.uvarintString())
                if let last = labels.last, !last.name.utf8Less(label.name) { sortedUnique = false }
                labels.append(label)
                index += 1
            }
            if buffer.failed { break }
            series.append(RefSeries(ref: ref, labels: sortedUnique ? Labels(sortedUnique: labels) : Labels(labels)))
        }
        try check(buffer, .series, decoded: series.count)
        return series
    }

    private static func decodeSamples(_ buffer: inout WALDecodeBuffer) throws(WALError) -> [RefSample] {
        guard buffer.remaining > 0 else { return [] }
        let baseRef = buffer.be64()
        let baseTime = Int64(bitPattern: buffer.be64())
        var samples: [RefSample] = []
        // Each sample takes at least 1 + 1 + 8 bytes.
        samples.reserveCapacity(buffer.remaining / 10)
        while buffer.remaining > 0 && !buffer.failed {
            let deltaRef = buffer.varint()
            let deltaTime = buffer.varint()
            let value = Double(bitPattern: buffer.be64())
            if buffer.failed { break }
            samples.append(
                RefSample(ref: baseRef &+ UInt64(bitPattern: deltaRef), t: baseTime &+ deltaTime, v: value))
        }
        try check(buffer, .samples, decoded: samples.count)
        return samples
    }

    private static func decodeTombstones(_ buffer: inout WALDecodeBuffer) throws(WALError) -> [RefTombstone] {
        var stones: [RefTombstone] = []
        while buffer.remaining > 0 && !buffer.failed {
            let ref = buffer.be64()
            let mint = buffer.varint()
            let maxt = buffer.varint()
            if buffer.failed { break }
            stones.append(RefTombstone(ref: ref, intervals: [.init(mint: mint, maxt: maxt)]))
        }
        try check(buffer, .tombstones, decoded: stones.count)
        return stones
    }

    private static func check(_ buffer: WALDecodeBuffer, _ type: WALRecordType, decoded: Int) throws(WALError) {
        // The loops above read until the bytes run out, so a failure is all there is to report.
        if buffer.failed {
            throw WALError(
                .invalidRecord,
                "invalid \(type) record: entry \(decoded + 1) is truncated or has an overlong varint"
                    + " (byte \(buffer.position) of the record)"
            )
        }
    }
}
