import ArgusCore
import Storage

extension Block {
    /// The block's tombstones after deleting `mint...maxt` of the series
    /// matching `matchers`, as Prometheus' `Block.Delete` computes them:
    /// each interval is clamped to the series' chunks in this block. Nil
    /// when nothing new would be deleted.
    func tombstones(deleting matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(BlockError) -> Tombstones? {
        guard overlaps(mint: mint, maxt: maxt) else { return nil }
        var result = tombstones
        var changed = false
        for id in try postings(for: matchers) {
            let metas = try index.series(id).chunks
            guard let first = metas.first, let last = metas.last,
                metas.contains(where: { $0.overlaps(mint: mint, maxt: maxt) })
            else { continue }
            let before = result[id]
            result.add(id, TombstoneInterval(mint: Swift.max(mint, first.minTime), maxt: Swift.min(maxt, last.maxTime)))
            if result[id] != before { changed = true }
        }
        return changed ? result : nil
    }

    /// Writes `tombstones` as the block's `tombstones` file and their count
    /// into `meta.json`, each replaced atomically, and returns the block
    /// opened again. Readers of this instance keep its old view.
    func replacingTombstones(with tombstones: Tombstones) throws(BlockError) -> Block {
        var meta = self.meta
        meta.stats.numTombstones = UInt64(tombstones.total)
        do {
            try DurableFile.replace(directory + "/" + Tombstones.fileName, with: tombstones.encoded())
            try DurableFile.replace(directory + "/meta.json", with: Array(meta.json.utf8))
        } catch {
            throw BlockError(.io, "writing the tombstones of \(directory): \(error)", path: directory)
        }
        return try Block(directory: directory)
    }
}
