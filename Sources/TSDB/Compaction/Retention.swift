#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which blocks retention deletes, as Prometheus decides it in `tsdb/db.go`
/// (`deletableBlocks`, `BeyondTimeRetention`, `BeyondSizeRetention`).
///
/// Blocks are considered from newest to oldest by `maxTime`. Pure functions
/// over metas and sizes: the caller deletes what they return (see
/// ``Compactor/deleteBlocks(_:in:)``).
public enum Retention {
    /// A block and its size on disk in bytes.
    public struct SizedBlock: Hashable, Sendable {
        public var meta: BlockMeta
        public var size: Int64

        public init(meta: BlockMeta, size: Int64) {
            self.meta = meta
            self.size = size
        }
    }

    /// The blocks beyond time retention `retention` (milliseconds; 0 or
    /// less disables it): going from the newest block (by `maxTime`) to the
    /// oldest, the first block whose `maxTime` is at least `retention`
    /// before the newest block's, and every older one. The newest block is
    /// never deleted by time, however old it is: retention is measured
    /// from the data, not the clock.
    public static func blocksBeyondTime(_ metas: [BlockMeta], retention: Int64) -> Set<ULID> {
        guard retention > 0 else { return [] }
        let sorted = newestFirst(metas.map { SizedBlock(meta: $0, size: 0) })
        guard let newest = sorted.first else { return [] }
        for (i, block) in sorted.enumerated().dropFirst()
        where newest.meta.maxTime - block.meta.maxTime >= retention {
            return Set(sorted[i...].map(\.meta.ulid))
        }
        return []
    }

    /// The blocks beyond size retention `limit` bytes (0 or less disables
    /// it): starting from `walSize` (the WAL and the head's chunks on disk,
    /// which count against the limit too), the sizes of the blocks are
    /// added from newest to oldest; the first block that takes the total
    /// above `limit`, and every older one, are returned. The newest block
    /// is deleted too if it alone (with the WAL) exceeds the limit.
    public static func blocksBeyondSize(_ blocks: [SizedBlock], limit: Int64, walSize: Int64 = 0) -> Set<ULID> {
        guard limit > 0 else { return [] }
        let sorted = newestFirst(blocks)
        var total = walSize
        for (i, block) in sorted.enumerated() {
            total += block.size
            if total > limit { return Set(sorted[i...].map(\.meta.ulid)) }
        }
        return []
    }

    /// Every block to delete (`deletableBlocks`): those marked deletable in
    /// their meta (compacted into another block that came out empty),
    /// those beyond time retention and those beyond size retention.
    public static func deletableBlocks(
        _ blocks: [SizedBlock], retention: Int64, sizeLimit: Int64, walSize: Int64 = 0
    ) -> Set<ULID> {
        var result = Set(blocks.filter(\.meta.compaction.deletable).map(\.meta.ulid))
        result.formUnion(blocksBeyondTime(blocks.map(\.meta), retention: retention))
        result.formUnion(blocksBeyondSize(blocks, limit: sizeLimit, walSize: walSize))
        return result
    }

    /// The bytes a block takes on disk as upstream's `Block.Size()` counts
    /// them: chunk segments, index, tombstones and `meta.json`.
    public static func size(of block: Block) -> Int64 {
        let (index, chunks) = block.size
        return Int64(index + chunks) + fileSize(block.directory + "/" + Tombstones.fileName)
            + fileSize(block.directory + "/meta.json")
    }

    /// Blocks by `maxTime`, newest first; ties by `minTime`, then ULID, newest first.
    private static func newestFirst(_ blocks: [SizedBlock]) -> [SizedBlock] {
        blocks.sorted {
            ($0.meta.maxTime, $0.meta.minTime, $0.meta.ulid) > ($1.meta.maxTime, $1.meta.minTime, $1.meta.ulid)
        }
    }

    private static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_size)
    }
}
