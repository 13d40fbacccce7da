import ArgusCore
import Storage
import Synchronization

extension Head {
    /// Deletes the samples of the series matching `matchers` that lie in
    /// `mint...maxt`, as Prometheus' `Head.Delete` does: each interval is
    /// clamped to the samples the series holds now (later samples stay),
    /// logged as a tombstone record, then hidden from queriers and left out
    /// of blocks cut from the head.
    public func delete(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) {
        var stones: [RefTombstone] = []
        for ref in select(matchers) {
            guard let series = series(ref) else { continue }
            let bounds = series.state.withLock { state -> (first: Int64, last: Int64)? in
                guard state.writtenSamples > 0 else { return nil }
                return (state.sealed.first?.minTime ?? state.openMinTime, state.lastTimestamp)
            }
            guard let bounds else { continue }
            let from = Swift.max(mint, bounds.first)
            let through = Swift.min(maxt, bounds.last)
            guard from <= through else { continue }
            stones.append(RefTombstone(ref: ref, intervals: [.init(mint: from, maxt: through)]))
        }
        guard !stones.isEmpty else { return }
        try log?.log(tombstones: stones)
        tombstones.withLock { deleted in
            for stone in stones {
                for interval in stone.intervals {
                    deleted.add(stone.ref, TombstoneInterval(mint: interval.mint, maxt: interval.maxt))
                }
            }
        }
    }

    /// The number of deleted intervals the head holds.
    public var tombstoneCount: Int { tombstones.withLock { $0.total } }
}
