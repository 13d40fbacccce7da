import ArgusCore
import Storage
import Synchronization

/// Reads the head. Each `select` sees the batches published before it took
/// its snapshot, whole.
struct HeadQuerier: Querier {
    let head: Head

    func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [StoredSeries] {
        // Sorted before the samples are decoded: moving a bare reference is
        // cheaper than moving a series with its samples.
        let series = head.select(matchers).compactMap { head.series($0) }.sorted { $0.labels < $1.labels }
        // Snapshot every series under the publication lock: no batch is half-visible.
        let (snapshots, tombstones) = head.publication.withLock { _ in
            (series.map { $0.state.withLock { $0.snapshot() } }, head.tombstones.withLock { $0 })
        }
        var result: [StoredSeries] = []
        result.reserveCapacity(series.count)
        for (s, snapshot) in zip(series, snapshots) {
            var samples = snapshot.samples(mint: mint, maxt: maxt)
            let deleted = tombstones[s.ref]
            if !deleted.isEmpty {
                samples.removeAll { sample in deleted.contains { $0.contains(sample.timestamp) } }
            }
            if !samples.isEmpty { result.append(StoredSeries(labels: s.labels, samples: samples)) }
        }
        return result
    }

    func labelNames(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [String] {
        if matchers.isEmpty { return head.labelNames() }
        var names: Set<String> = []
        for series in select(matchers, mint: mint, maxt: maxt) {
            for label in series.labels { names.insert(label.name) }
        }
        return names.sorted { $0.utf8Less($1) }
    }

    func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [String] {
        if matchers.isEmpty { return head.labelValues(name) }
        var values: Set<String> = []
        for series in select(matchers, mint: mint, maxt: maxt) {
            if let value = series.labels[name] { values.insert(value) }
        }
        return values.sorted { $0.utf8Less($1) }
    }
}
