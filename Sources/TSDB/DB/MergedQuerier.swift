import ArgusCore
import Storage

/// Queries several queriers as one: series with the same labels are merged
/// in time order, and a sample present in more than one source (a block and
/// the head during a cut) is returned once.
struct MergedQuerier: Querier {
    let queriers: [any Querier]

    func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [StoredSeries] {
        var merged: [Labels: [Sample]] = [:]
        for querier in queriers {
            for series in try querier.select(matchers, mint: mint, maxt: maxt) {
                if let existing = merged[series.labels] {
                    merged[series.labels] = Sample.merging(existing, series.samples)
                } else {
                    merged[series.labels] = series.samples
                }
            }
        }
        return merged.map { StoredSeries(labels: $0.key, samples: $0.value) }.sorted { $0.labels < $1.labels }
    }

    func labelNames(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [String] {
        var names: Set<String> = []
        for querier in queriers { names.formUnion(try querier.labelNames(matchers, mint: mint, maxt: maxt)) }
        return names.sorted { $0.utf8Less($1) }
    }

    func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError)
        -> [String]
    {
        var values: Set<String> = []
        for querier in queriers { values.formUnion(try querier.labelValues(name, matchers, mint: mint, maxt: maxt)) }
        return values.sorted { $0.utf8Less($1) }
    }
}
