import Synchronization

extension NotificationLog {
    /// Writes every entry to `path` atomically (temporary file, fsync,
    /// rename); returns the file's size.
    @discardableResult
    public func snapshot(to path: String) throws(SnapshotError) -> Int {
        let start = ContinuousClock.now
        let records = state.withLock { state in
            state.entries.map { NotificationLogRecord(key: $0.key, entry: $0.value) }
        }
        let sorted = records.sorted {
            ($0.key.groupKey, $0.key.receiver.description) < ($1.key.groupKey, $1.key.receiver.description)
        }
        let size = try SnapshotFile<NotificationLogRecord>.save(sorted, to: path)
        state.withLock { state in
            state.metrics.snapshotSize = Double(size)
            state.metrics.snapshotDuration.observe(Silences.seconds(since: start))
        }
        return size
    }

    /// Replaces the entries with those in the snapshot at `path` and
    /// returns how many were read; a missing file holds none.
    ///
    /// A damaged file throws an error naming the file and byte offset, but
    /// the entries before the damage are kept.
    @discardableResult
    public func restore(from path: String) throws(SnapshotError) -> Int {
        let contents = SnapshotFile<NotificationLogRecord>.load(from: path)
        state.withLock { state in
            state.entries = Dictionary(contents.records.map { ($0.key, $0.entry) }, uniquingKeysWith: { $1 })
        }
        if let error = contents.error { throw error }
        return contents.records.count
    }
}
