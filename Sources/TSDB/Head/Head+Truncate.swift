import ArgusCore
import Storage
import Synchronization

extension Head {
    /// Drops the full chunks that end before `time` and the series left
    /// without samples, as the head does once those samples are in a block,
    /// and raises the head's lower bound to `time`, or to its oldest
    /// remaining sample when that is later (as upstream), so that empty
    /// ranges are not cut one by one. Returns the references of the removed
    /// series.
    @discardableResult
    func truncate(before time: Int64) -> [UInt64] {
        var removed: [UInt64] = []
        var droppedChunks = 0
        var oldestFileInUse = Int.max
        var oldestSample = Int64.max
        publication.withLock { _ in
            for ref in select([]) {
                guard let series = series(ref) else { continue }
                let empty = series.state.withLock { state -> Bool in
                    let chunksBefore = state.sealed.count
                    var dropped = 0
                    while let first = state.sealed.first, first.maxTime < time,
                        state.visibleSamples - dropped >= first.numSamples
                    {
                        dropped += first.numSamples
                        state.sealed.removeFirst()
                    }
                    state.writtenSamples -= dropped
                    state.visibleSamples -= dropped
                    droppedChunks += chunksBefore - state.sealed.count
                    if let sequence = state.sealed.lazy.compactMap(\.fileSequence).first {
                        oldestFileInUse = Swift.min(oldestFileInUse, sequence)
                    }
                    // A series whose only samples were all in dropped chunks, or whose open chunk is old too, goes.
                    if state.writtenSamples == state.open.numSamples, state.lastTimestamp < time,
                        state.unpublished.isEmpty
                    {
                        droppedChunks += state.open.numSamples > 0 ? 1 : 0
                        return true
                    }
                    if state.visibleSamples > 0 {
                        oldestSample = Swift.min(oldestSample, state.sealed.first?.minTime ?? state.openMinTime)
                    }
                    return state.writtenSamples == 0
                }
                if empty { removed.append(ref) }
            }
        }
        if let chunkStore {
            chunkStore.removeFiles(before: Swift.min(oldestFileInUse, chunkStore.currentSequence))
        }
        counters.chunksRemoved.add(droppedChunks, ordering: .relaxed)
        counters.truncations.add(1, ordering: .relaxed)
        counters.noteTruncation(before: Swift.max(time, oldestSample))
        tombstones.withLock { deleted in
            deleted.removeIntervals(endingBefore: time)
            for ref in removed { deleted.removeAll(of: ref) }
        }
        guard !removed.isEmpty else { return [] }
        remove(removed)
        return removed
    }
}
