import Synchronization

extension Silences {
    static let metricFamily = StoreMetrics.Family(
        prefix: "alertmanager_silences",
        gcHelp: "Duration of the last silence garbage collection cycle.",
        gossipHelp: "Number of received gossip messages that have been further gossiped.",
        queriesHelp: "How many silence queries were received.",
        queryDurationHelp: "Duration of silence query evaluation.",
        queryErrorsHelp: "How many silence received queries did not succeed.",
        snapshotDurationHelp: "Duration of the last silence snapshot.",
        snapshotSizeHelp: "Size of the last silence snapshot in bytes."
    )

    /// Appends Alertmanager 0.25's silence metrics in the Prometheus text
    /// format: `alertmanager_silences{state}` and the
    /// `alertmanager_silences_*` families. As in 0.25, counting the states
    /// counts as three queries.
    public func appendMetrics(to out: inout String) {
        let counts = [SilenceState.active, .expired, .pending].map { ($0, count($0)) }
        StoreMetrics.header(&out, "alertmanager_silences", "How many silences by state.", "gauge")
        for (silenceState, count) in counts {
            StoreMetrics.sample(&out, "alertmanager_silences{state=\"\(silenceState.rawValue)\"}", Double(count))
        }
        state.withLock { $0.metrics }.render(Self.metricFamily, into: &out)
    }
}
