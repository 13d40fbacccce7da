/// A deleted time range of one series: samples with `mint <= t <= maxt`
/// are gone (`tombstones.Interval`).
public struct TombstoneInterval: Hashable, Sendable, CustomStringConvertible {
    public var mint: Int64
    public var maxt: Int64

    public init(mint: Int64, maxt: Int64) {
        self.mint = mint
        self.maxt = maxt
    }

    public func contains(_ t: Int64) -> Bool { mint <= t && t <= maxt }

    public var description: String { "[\(mint), \(maxt)]" }
}

/// The `tombstones` file of a block: deleted intervals by series reference.
///
/// ```
/// ┌────────────────────────────┬─────────────────────┐
/// │ magic(0x0130BA30) <4b>     │ version(1) <1 byte> │
/// ├────────────────────────────┴─────────────────────┤
/// │ ┌──────────────────────┬─────────────────┬────────────────┐
/// │ │ series ref <uvarint> │ mint <varint>   │ maxt <varint>  │ … one per interval
/// │ └──────────────────────┴─────────────────┴────────────────┘
/// │ CRC32 <4b> (over the intervals, not the version byte)
/// └──────────────────────────────────────────────────┘
/// ```
public struct Tombstones: Hashable, Sendable {
    static let magic: UInt32 = 0x0130_BA30
    static let version: UInt8 = 1
    public static let fileName = "tombstones"

    /// Sorted, non-overlapping intervals by series reference.
    public private(set) var intervals: [UInt64: [TombstoneInterval]] = [:]

    public init() {}

    /// Whether no interval is deleted.
    public var isEmpty: Bool { intervals.isEmpty }

    /// The number of intervals (`Total()` upstream, `numTombstones` in `meta.json`).
    public var total: Int { intervals.values.reduce(0) { $0 + $1.count } }

    /// The deleted intervals of series `ref`, sorted.
    public subscript(ref: UInt64) -> [TombstoneInterval] { intervals[ref] ?? [] }

    /// Deletes `interval` of series `ref`, merging it with intervals it
    /// overlaps or touches (`Intervals.Add`).
    public mutating func add(_ ref: UInt64, _ interval: TombstoneInterval) {
        let list = intervals[ref] ?? []
        var merged = interval
        var result: [TombstoneInterval] = []
        var inserted = false
        for existing in list {
            if existing.maxt < merged.mint && existing.maxt != merged.mint - 1 {
                result.append(existing)
            } else if existing.mint > merged.maxt && existing.mint - 1 != merged.maxt {
                if !inserted {
                    result.append(merged)
                    inserted = true
                }
                result.append(existing)
            } else {
                merged = TombstoneInterval(mint: min(merged.mint, existing.mint), maxt: max(merged.maxt, existing.maxt))
            }
        }
        if !inserted { result.append(merged) }
        intervals[ref] = result
    }

    /// Forgets every interval of series `ref`.
    public mutating func removeAll(of ref: UInt64) { intervals[ref] = nil }

    /// Drops the intervals that end before `time`.
    public mutating func removeIntervals(endingBefore time: Int64) {
        for (ref, list) in intervals {
            let kept = list.filter { $0.maxt >= time }
            intervals[ref] = kept.isEmpty ? nil : kept
        }
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var encoder = Encbuf()
        encoder.putBE32(Self.magic)
        encoder.putByte(Self.version)
        let start = encoder.count
        for ref in intervals.keys.sorted() {
            for interval in intervals[ref]! {
                encoder.putUvarint(ref)
                encoder.putVarint(interval.mint)
                encoder.putVarint(interval.maxt)
            }
        }
        encoder.putChecksum(from: start)
        return encoder.bytes
    }

    /// Decodes a tombstones file; `path` is named in errors.
    public static func decode(_ bytes: UnsafeRawBufferPointer, path: String) throws(BlockError) -> Tombstones {
        let section = "tombstones"
        guard bytes.count >= 9 else {
            throw BlockError.at(
                .truncated, path, section: section, offset: 0,
                "file is \(bytes.count) bytes, shorter than its 5-byte header and 4-byte checksum")
        }
        let magic = BlockDecoder.be32(bytes, at: 0)
        guard magic == Self.magic else {
            throw BlockError.at(
                .invalidMagic, path, section: section, offset: 0,
                "invalid magic number \(String(magic, radix: 16)), expected 130ba30")
        }
        guard bytes[4] == Self.version else {
            throw BlockError.at(
                .unsupportedVersion, path, section: section, offset: 4, "unsupported tombstones format \(bytes[4])")
        }
        let end = bytes.count - 4
        let expected = BlockDecoder.be32(bytes, at: end)
        let actual = BlockChecksum.crc32c(UnsafeRawBufferPointer(rebasing: bytes[5..<end]))
        guard expected == actual else {
            throw BlockError.at(
                .checksumMismatch, path, section: section, offset: end,
                "checksum \(String(actual, radix: 16)) does not match the stored \(String(expected, radix: 16))")
        }
        var decoder = BlockDecoder(bytes, start: 5, end: end)
        var result = Tombstones()
        while decoder.remaining > 0 {
            let at = decoder.position
            let ref = decoder.uvarint()
            let mint = decoder.varint()
            let maxt = decoder.varint()
            guard !decoder.failed else {
                throw BlockError.at(.invalidData, path, section: section, offset: at, "cannot decode the interval")
            }
            result.add(ref, TombstoneInterval(mint: mint, maxt: maxt))
        }
        return result
    }
}
