/// Where a chunk of a series is and which samples it covers, as the index
/// records it (`chunks.Meta`).
public struct ChunkMeta: Hashable, Sendable, CustomStringConvertible {
    /// The chunk's reference in the chunk segments: segment index << 32 | byte offset.
    public var ref: UInt64
    /// The timestamp of the chunk's first sample.
    public var minTime: Int64
    /// The timestamp of the chunk's last sample (inclusive).
    public var maxTime: Int64

    public init(ref: UInt64, minTime: Int64, maxTime: Int64) {
        self.ref = ref
        self.minTime = minTime
        self.maxTime = maxTime
    }

    /// Whether the chunk may hold samples in `mint...maxt`.
    public func overlaps(mint: Int64, maxt: Int64) -> Bool {
        minTime <= maxt && mint <= maxTime
    }

    public var description: String { "chunk \(ref) [\(minTime), \(maxTime)]" }
}
