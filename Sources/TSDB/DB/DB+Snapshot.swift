import ArgusCore
import Storage
import Synchronization

extension DB {
    /// Writes a consistent copy of the database into `target` (Prometheus'
    /// `DB.Snapshot`, behind the admin API's `snapshot`): every block's
    /// files are hard-linked, so the copy costs no space until the blocks
    /// are compacted away, and with `withHead` the head's samples are
    /// written as one more block. The copy is a data directory `argus
    /// metrics` or Prometheus can open.
    public func snapshot(into target: String, withHead: Bool) throws(StorageError) {
        guard target != directory else {
            throw StorageError(.io, "cannot snapshot into the data directory \(directory) itself")
        }
        try maintenance.withLock { _ throws(StorageError) in
            do throws(BlockError) {
                if !BlockIO.exists(target) { try BlockIO.makeDirectory(target) }
                for block in blocks.withLock({ $0 }) {
                    try Self.link(block, into: target + "/" + block.ulid.description)
                }
                guard withHead else { return }
                guard let (mint, maxt) = head.timeRange else { return }
                // Block ranges are half-open, so the newest sample needs maxt + 1.
                try BlockWriter().write(
                    sorted: head.blockSeries(mint: mint, maxt: maxt + 1), mint: mint, maxt: maxt + 1, into: target)
            } catch {
                throw StorageError(.io, "snapshot into \(target): \(error.message)")
            }
        }
    }

    /// Hard-links the files of `block` into the new directory `path`.
    private static func link(_ block: Block, into path: String) throws(BlockError) {
        try BlockIO.makeDirectory(path)
        try BlockIO.makeDirectory(path + "/chunks")
        for name in ["meta.json", "index", Tombstones.fileName] where BlockIO.exists(block.directory + "/" + name) {
            try BlockIO.link(block.directory + "/" + name, path + "/" + name)
        }
        for name in try BlockIO.listDirectory(block.directory + "/chunks") {
            try BlockIO.link(block.directory + "/chunks/" + name, path + "/chunks/" + name)
        }
        try BlockIO.syncDirectory(path + "/chunks")
        try BlockIO.syncDirectory(path)
    }
}
