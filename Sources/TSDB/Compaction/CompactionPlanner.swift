/// Decides which blocks of a data directory to compact next, as Prometheus'
/// `LeveledCompactor.Plan` does (`tsdb/compact.go`).
///
/// The plan is a pure function of the blocks' metas:
///
/// 1. Blocks whose time ranges overlap are merged first (vertical
///    compaction): the first group of overlapping blocks, by start time.
/// 2. Otherwise the newest block (the one with the latest `minTime`, which
///    was most likely just cut from the head) is left out, and for each
///    range after the smallest, the blocks are grouped into aligned
///    windows of that range (``splitByRange(_:range:)``). The first window
///    with more than one block that is either full (spans the whole range)
///    or lies entirely before the newest block's start is chosen. Windows
///    holding a block whose compaction failed are skipped.
/// 3. Otherwise, going from newest to oldest (still without the newest),
///    a block at least as long as the middle range whose share of
///    tombstones is above 5% (`numTombstones / (numSeries + 1)`) is
///    compacted on its own, to drop the deleted data. The walk stops at
///    the first shorter block, which is compacted alone only if it has
///    tombstones and at least as many as series (everything deleted).
///
/// Blocks made from a partial view of the head (compaction hints
/// `from-stale-series`, `from-selected-series`) are planned separately from
/// the others and never mixed with them; regular blocks go first.
public struct CompactionPlanner: Sendable {
    /// The block ranges, smallest first (``BlockRanges``).
    public var ranges: [Int64]
    /// Whether overlapping blocks are merged (always so in Prometheus).
    public var mergesOverlapping: Bool

    public init(ranges: [Int64], mergesOverlapping: Bool = true) {
        precondition(!ranges.isEmpty, "at least one block range must be given")
        self.ranges = ranges
        self.mergesOverlapping = mergesOverlapping
    }

    /// The hint of blocks made only of stale series of the head.
    public static let fromStaleSeriesHint = "from-stale-series"
    /// The hint of blocks made only of selected series of the head.
    public static let fromSelectedSeriesHint = "from-selected-series"
    /// The hint of blocks made only of out-of-order samples.
    public static let fromOutOfOrderHint = "from-out-of-order"

    /// The blocks to merge into one next, ordered by `minTime`; empty if
    /// there is nothing to do. A single block is returned when its
    /// tombstones are worth rewriting it for.
    public func plan(_ metas: [BlockMeta]) -> [BlockMeta] {
        var stale: [BlockMeta] = []
        var selected: [BlockMeta] = []
        var regular: [BlockMeta] = []
        for meta in metas {
            if meta.compaction.hints.contains(Self.fromStaleSeriesHint) {
                stale.append(meta)
            } else if meta.compaction.hints.contains(Self.fromSelectedSeriesHint) {
                selected.append(meta)
            } else {
                regular.append(meta)
            }
        }
        for group in [regular, stale, selected] {
            let result = planClass(group)
            if !result.isEmpty { return result }
        }
        return []
    }

    /// The plan for blocks that all carry the same partial-view hint, or none.
    private func planClass(_ metas: [BlockMeta]) -> [BlockMeta] {
        guard !metas.isEmpty else { return [] }
        // By start time; ties keep their input order.
        var sorted = metas.enumerated().sorted { ($0.element.minTime, $0.offset) < ($1.element.minTime, $1.offset) }
            .map(\.element)

        let overlapping = selectOverlapping(sorted)
        if !overlapping.isEmpty { return overlapping }

        // Leave out the newest block, most likely just cut from the head: it
        // gives a full block range of time to back new data up piecewise.
        sorted.removeLast()

        let selection = select(sorted)
        if !selection.isEmpty { return selection }

        // Blocks long enough with more than 5% tombstones, newest first.
        for meta in sorted.reversed() {
            if meta.maxTime - meta.minTime < ranges[ranges.count / 2] {
                // A short block is worth it only when everything in it is deleted.
                let stats = meta.stats
                if stats.numTombstones > 0 && stats.numTombstones >= stats.numSeries { return [meta] }
                break
            }
            if Double(meta.stats.numTombstones) / Double(meta.stats.numSeries + 1) > 0.05 { return [meta] }
        }
        return []
    }

    /// The blocks to compact by level (`selectDirs`), from blocks sorted by
    /// `minTime` without the newest one. Empty with a single range.
    func select(_ metas: [BlockMeta]) -> [BlockMeta] {
        guard ranges.count >= 2, let last = metas.last else { return [] }
        let highTime = last.minTime
        for range in ranges.dropFirst() {
            for part in Self.splitByRange(metas, range: range) {
                // A window with a block that failed to compact is left alone.
                if part.contains(where: { $0.compaction.failed }) { continue }
                let mint = part[0].minTime
                let maxt = part[part.count - 1].maxTime
                // Take the window if it is full (gaps allowed) or lies before
                // the newest block: no block of its size may still arrive.
                if (maxt - mint == range || maxt <= highTime) && part.count > 1 { return part }
            }
        }
        return []
    }

    /// The first run of blocks whose ranges overlap, from blocks sorted by
    /// `minTime` (`selectOverlappingDirs`).
    func selectOverlapping(_ metas: [BlockMeta]) -> [BlockMeta] {
        guard mergesOverlapping, metas.count >= 2 else { return [] }
        var result: [BlockMeta] = []
        var globalMaxt = metas[0].maxTime
        for i in 1..<metas.count {
            let meta = metas[i]
            if meta.minTime < globalMaxt {
                // The first overlap: take the block before too.
                if result.isEmpty { result.append(metas[i - 1]) }
                result.append(meta)
            } else if !result.isEmpty {
                break
            }
            globalMaxt = max(globalMaxt, meta.maxTime)
        }
        return result
    }

    /// Groups blocks sorted by `minTime` into windows `[t0, t0 + range)`
    /// aligned to multiples of `range` (`splitByRange`). A block that does
    /// not fit in the window its start falls in (misaligned, or longer than
    /// the range) is left out.
    ///
    /// For blocks [0, 10), [10, 20), [50, 60), [90, 100) and range 30 the
    /// windows are {[0, 10), [10, 20)}, {[50, 60)}, {[90, 100)}.
    static func splitByRange(_ metas: [BlockMeta], range: Int64) -> [[BlockMeta]] {
        var groups: [[BlockMeta]] = []
        var i = 0
        while i < metas.count {
            let meta = metas[i]
            let t0 = BlockRanges.alignedStart(meta.minTime, range: range)
            if meta.maxTime > t0 + range {
                i += 1
                continue
            }
            var group: [BlockMeta] = []
            while i < metas.count, metas[i].maxTime <= t0 + range {
                group.append(metas[i])
                i += 1
            }
            if !group.isEmpty { groups.append(group) }
        }
        return groups
    }
}

extension CompactionPlanner {
    /// The metas of the blocks in data directory `dataDirectory`: every
    /// subdirectory named by a ULID that holds a `meta.json`, in name order.
    /// Temporary directories (`….tmp-for-creation`, `….tmp-for-deletion`)
    /// are not blocks and are left out.
    public static func blockMetas(in dataDirectory: String) throws(BlockError) -> [BlockMeta] {
        var metas: [BlockMeta] = []
        for name in try BlockIO.listDirectory(dataDirectory) where ULID(name) != nil {
            let path = dataDirectory + "/" + name + "/meta.json"
            guard BlockIO.exists(path) else { continue }
            let file = try MappedFile(path: path)
            metas.append(try BlockMeta.decode(Array(file.bytes), path: path))
        }
        return metas
    }
}
