import Synchronization

extension NotificationLog {
    static let metricFamily = StoreMetrics.Family(
        prefix: "alertmanager_nflog",
        gcHelp: "Duration of the last notification log garbage collection cycle.",
        gossipHelp: "Number of received gossip messages that have been further gossiped.",
        queriesHelp: "Number of notification log queries were received.",
        queryDurationHelp: "Duration of notification log query evaluation.",
        queryErrorsHelp: "Number notification log received queries that failed.",
        snapshotDurationHelp: "Duration of the last notification log snapshot.",
        snapshotSizeHelp: "Size of the last notification log snapshot in bytes."
    )

    /// Appends Alertmanager 0.25's `alertmanager_nflog_*` metrics in the
    /// Prometheus text format.
    public func appendMetrics(to out: inout String) {
        state.withLock { $0.metrics }.render(Self.metricFamily, into: &out)
    }
}
