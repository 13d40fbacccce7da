import Foundation
import Synchronization

extension WAL {
    /// Cuts the log back to the last complete record before `corruption`, as
    /// upstream's `Repair` does: every segment after the damaged one is
    /// deleted, the damaged segment is truncated at ``WALCorruption/offset``
    /// and its last page padded with zeros, and writing continues in a new
    /// segment after it. Everything before the damage is kept.
    ///
    /// Records after the damage are dropped even when they are intact: later
    /// records may depend on earlier ones (samples on their series record).
    ///
    /// - Throws: ``WALError/Code/invalidArgument`` when the corruption is not
    ///   in this WAL's directory (a damaged checkpoint cannot be repaired) or
    ///   lies beyond the end of its segment; ``WALError/Code/io``.
    public func repair(from corruption: WALCorruption) throws(WALError) {
        guard Self.samePath(corruption.directory, directory) else {
            throw WALError(
                .invalidArgument,
                "cannot repair \(corruption.path): it is not a segment of the WAL \(directory)"
                    + " (a damaged checkpoint cannot be repaired)",
                path: corruption.path
            )
        }
        try state.withLock { (state) throws(WALError) in
            state.file?.close()
            state.file = nil
            state.corruptions += 1
            // Until the repair finishes, refuse writes; cleared at the end.
            state.failure = WALError(
                .io, "WAL \(directory) is being repaired or its repair failed; reopen it", path: directory)

            for ref in try WALSegmentRef.list(directory: directory) where ref.index > corruption.segment {
                try Self.remove(ref.path)
            }

            let damaged = try WALFile.openForUpdate(corruption.path)
            do throws(WALError) {
                let size = try damaged.size()
                guard corruption.offset >= 0, corruption.offset <= size else {
                    throw WALError(
                        .invalidArgument,
                        "cannot repair \(corruption.path) at offset \(corruption.offset): the segment has \(size) bytes",
                        path: corruption.path
                    )
                }
                try damaged.truncate(to: corruption.offset)
            } catch {
                damaged.close()
                throw error
            }
            damaged.close()

            // Pad the cut page, so the segment is whole pages like any finished one.
            let partial = corruption.offset % WALFormat.pageSize
            let padded = try WALFile.openForAppend(corruption.path, create: false)
            do throws(WALError) {
                if partial != 0 {
                    try padded.write([UInt8](repeating: 0, count: WALFormat.pageSize - partial))
                }
                try padded.sync()
            } catch {
                padded.close()
                throw error
            }
            padded.close()

            let next = corruption.segment + 1
            state.file = try Self.createSegment(directory: directory, index: next)
            state.segment = next
            state.layout.startSegment()
            state.schedule.didSync(at: .now)
            state.failure = nil
        }
    }

    /// Repairs the damage a ``WALError/Code/corruption`` error reports; see ``repair(from:)-(WALCorruption)``.
    ///
    /// - Throws: ``WALError/Code/invalidArgument`` when `error` is not a corruption.
    public func repair(from error: WALError) throws(WALError) {
        guard let corruption = error.corruption else {
            throw WALError(
                .invalidArgument, "cannot repair WAL \(directory) after a \(error.code) error: \(error.message)",
                path: directory)
        }
        try repair(from: corruption)
    }

    static func samePath(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }
}
