extension MetricStore {
    /// Writes every group to `path` (see ``PersistenceFile``); returns the version written.
    @discardableResult
    public func persist(to path: String) throws(PersistenceError) -> UInt64 {
        let version = self.version
        try PersistenceFile.save(groups, path: path)
        return version
    }
}
