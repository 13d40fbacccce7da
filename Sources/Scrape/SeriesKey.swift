import ArgusCore

/// The raw `name{labels}` bytes of a scraped series, the key of the scrape
/// cache: a series whose bytes did not change since the last scrape needs no
/// label decoding or relabeling.
struct SeriesKey: Hashable, Sendable {
    let bytes: ArraySlice<UInt8>
    let hashValue64: UInt64

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        hashValue64 = bytes.withUnsafeBytes { raw in
            var hasher = XXHash64()
            hasher.update(raw)
            return hasher.finalize()
        }
    }

    static func == (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        guard lhs.hashValue64 == rhs.hashValue64, lhs.bytes.count == rhs.bytes.count else { return false }
        return lhs.bytes.withUnsafeBufferPointer { a in
            rhs.bytes.withUnsafeBufferPointer { b in
                a.count == 0 || memcmpEqual(a.baseAddress!, b.baseAddress!, a.count)
            }
        }
    }

    /// Whether this key's text is `other`, byte for byte (no hashing).
    func matches(_ other: ArraySlice<UInt8>) -> Bool {
        guard bytes.count == other.count else { return false }
        return bytes.withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                a.count == 0 || memcmpEqual(a.baseAddress!, b.baseAddress!, a.count)
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hashValue64)
    }
}
