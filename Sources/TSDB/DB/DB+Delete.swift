import ArgusCore
import Storage
import Synchronization

extension DB {
    /// Deletes the samples of the series matching `matchers` in
    /// `mint...maxt` (Prometheus' `DB.Delete`, behind the admin API's
    /// `delete_series`): blocks overlapping the range get tombstones, written
    /// to their `tombstones` file and `meta.json`; the head logs tombstone
    /// records. Queries stop returning the samples at once; the bytes go
    /// when the blocks are compacted or ``cleanTombstones()`` runs.
    public func delete(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) {
        try maintenance.withLock { _ throws(StorageError) in
            for block in blocks.withLock({ $0 }) {
                do throws(BlockError) {
                    guard let tombstones = try block.tombstones(deleting: matchers, mint: mint, maxt: maxt) else {
                        continue
                    }
                    let reopened = try block.replacingTombstones(with: tombstones)
                    blocks.withLock { list in
                        if let i = list.firstIndex(where: { $0 === block }) { list[i] = reopened }
                    }
                } catch {
                    throw StorageError(.io, "deleting series from block \(block.ulid): \(error.message)")
                }
            }
            try head.delete(matchers, mint: mint, maxt: maxt)
        }
    }

    /// Rewrites every block that has tombstones without the deleted samples
    /// (Prometheus' `CleanTombstones`) and deletes the old blocks; a block
    /// left without samples goes entirely. Returns the blocks written.
    @discardableResult
    public func cleanTombstones() throws(StorageError) -> [BlockMeta] {
        try maintenance.withLock { _ throws(StorageError) in
            var written: [BlockMeta] = []
            for block in blocks.withLock({ $0 }) where !block.tombstones.isEmpty {
                let replacement: Block?
                do throws(BlockError) {
                    replacement = try Compactor().compact([block], into: directory).map { meta throws(BlockError) in
                        try Block(directory: directory + "/" + meta.ulid.description)
                    }
                } catch {
                    throw StorageError(.io, "cleaning the tombstones of block \(block.ulid): \(error.message)")
                }
                blocks.withLock { list in
                    list.removeAll { $0 === block }
                    if let replacement { list.append(replacement) }
                    list.sort { $0.meta.minTime < $1.meta.minTime }
                }
                try removeBlocks([block])
                if let replacement { written.append(replacement.meta) }
            }
            return written
        }
    }
}
