import ArgusCore
import Storage

extension Block: Queryable, Querier {
    /// The block itself: it never changes, so it is its own snapshot.
    public func querier() -> any Querier { self }

    public func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [StoredSeries] {
        do {
            return try series(matching: matchers, mint: mint, maxt: maxt)
        } catch {
            throw StorageError(.io, error.message)
        }
    }

    public func labelNames(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [String] {
        guard overlaps(mint: mint, maxt: maxt) else { return [] }
        if matchers.isEmpty { return labelNames() }
        var names: Set<String> = []
        try forEachSeries(matchers, mint: mint, maxt: maxt) { labels in
            for label in labels { names.insert(label.name) }
        }
        return names.sorted { $0.utf8Less($1) }
    }

    public func labelValues(
        _ name: String, _ matchers: [LabelMatcher], mint: Int64, maxt: Int64
    ) throws(StorageError) -> [String] {
        guard overlaps(mint: mint, maxt: maxt) else { return [] }
        if matchers.isEmpty { return labelValues(name) }
        var values: Set<String> = []
        try forEachSeries(matchers, mint: mint, maxt: maxt) { labels in
            if let value = labels[name] { values.insert(value) }
        }
        return values.sorted { $0.utf8Less($1) }
    }

    /// Calls `body` with the labels of each series matching `matchers` that
    /// has a chunk in `mint...maxt`, without decoding chunks.
    private func forEachSeries(
        _ matchers: [LabelMatcher], mint: Int64, maxt: Int64, _ body: (Labels) -> Void
    ) throws(StorageError) {
        do {
            for id in try postings(for: matchers) {
                let (labels, metas) = try series(id)
                if metas.contains(where: { $0.overlaps(mint: mint, maxt: maxt) }) { body(labels) }
            }
        } catch {
            throw StorageError(.io, error.message)
        }
    }
}
