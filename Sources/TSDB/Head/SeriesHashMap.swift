import ArgusCore

/// Series by label fingerprint. Fingerprints almost never collide, so each
/// maps straight to its series; the rare second series with the same
/// fingerprint waits in a side table, as Prometheus' `seriesHashmap` keeps
/// its conflicts (a list per fingerprint would cost an allocation per series).
struct SeriesHashMap: Sendable {
    private var unique: [UInt64: MemSeries] = [:]
    private var conflicts: [UInt64: [MemSeries]] = [:]

    /// The series with `labels`, whose fingerprint is `hash`.
    func get(_ hash: UInt64, _ labels: Labels) -> MemSeries? {
        if let series = unique[hash], series.labels == labels { return series }
        return conflicts[hash]?.first { $0.labels == labels }
    }

    /// Adds a series not in the map yet.
    mutating func add(_ hash: UInt64, _ series: MemSeries) {
        if unique[hash] == nil {
            unique[hash] = series
        } else {
            conflicts[hash, default: []].append(series)
        }
    }

    /// Removes `series`, moving a conflicting one into its place.
    mutating func remove(_ hash: UInt64, _ series: MemSeries) {
        if unique[hash] === series {
            if var others = conflicts[hash], !others.isEmpty {
                unique[hash] = others.removeFirst()
                conflicts[hash] = others.isEmpty ? nil : others
            } else {
                unique[hash] = nil
            }
        } else if var others = conflicts[hash] {
            others.removeAll { $0 === series }
            conflicts[hash] = others.isEmpty ? nil : others
        }
    }
}
