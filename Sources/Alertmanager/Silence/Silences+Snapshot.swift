import Synchronization

extension Silences {
    /// Writes every stored silence to `path` atomically (temporary file,
    /// fsync, rename); returns the file's size.
    @discardableResult
    public func snapshot(to path: String) throws(SnapshotError) -> Int {
        let start = ContinuousClock.now
        let silences = state.withLock { Array($0.silences.values) }
        let size = try SnapshotFile<Silence>.save(silences.sorted { $0.id < $1.id }, to: path)
        state.withLock { state in
            state.metrics.snapshotSize = Double(size)
            state.metrics.snapshotDuration.observe(Self.seconds(since: start))
        }
        return size
    }

    /// Replaces the stored silences with those in the snapshot at `path`
    /// and returns how many were read; a missing file holds none.
    ///
    /// A damaged file throws an error naming the file and byte offset, but
    /// the silences before the damage are kept, so the caller may log the
    /// error and carry on.
    @discardableResult
    public func restore(from path: String) throws(SnapshotError) -> Int {
        let contents = SnapshotFile<Silence>.load(from: path)
        state.withLock { state in
            state.silences = Dictionary(contents.records.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
            state.version &+= 1
        }
        if let error = contents.error { throw error }
        return contents.records.count
    }
}
