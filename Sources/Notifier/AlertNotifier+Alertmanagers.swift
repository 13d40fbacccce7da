import ArgusCore
import Discovery
import Logging
import Metrics
import Synchronization

extension AlertNotifier {
    /// The URLs alerts are sent to, entry by entry in configuration order
    /// (`activeAlertmanagers` of `/api/v1/alertmanagers`).
    public var activeAlertmanagers: [String] {
        state.withLock { $0.sets.flatMap { $0.active.map(\.url) } }
    }

    /// The URLs of discovered Alertmanagers that `relabel_configs` dropped,
    /// as they were before relabeling (`droppedAlertmanagers` of
    /// `/api/v1/alertmanagers`).
    public var droppedAlertmanagers: [String] {
        state.withLock { $0.sets.flatMap { $0.dropped.map(\.url) } }
    }

    /// Replaces the endpoints of the named sets with those of the target
    /// groups (upstream's `reload`); names without a set are logged.
    func sync(_ update: [String: [TargetGroup]]) {
        typealias Change = (set: String, alertmanagers: [String])
        typealias Failure = (set: String, source: String, error: DiscoveryError)
        let (changes, failures, unknown) = state.withLock { state -> ([Change], [Failure], [String]) in
            var changes: [Change] = []
            var failures: [Failure] = []
            var unknown: [String] = []
            for (name, groups) in update.sorted(by: { $0.key < $1.key }) {
                guard let index = state.sets.firstIndex(where: { $0.name == name }) else {
                    unknown.append(name)
                    continue
                }
                let before = state.sets[index].active.map(\.url)
                for failure in state.sets[index].sync(groups) {
                    failures.append((name, failure.source, failure.error))
                }
                let after = state.sets[index].active.map(\.url)
                if before != after { changes.append((name, after)) }
            }
            reconcileEndpointMetrics(&state)
            return (changes, failures, unknown)
        }
        for name in unknown {
            logger.error("Couldn't sync Alertmanager set", metadata: ["err": "invalid id:\(name)"])
        }
        for failure in failures {
            logger.error(
                "Creating discovered Alertmanagers failed",
                metadata: ["set": "\(failure.set)", "source": "\(failure.source)", "err": "\(failure.error)"])
        }
        for change in changes {
            logger.info(
                "Alertmanagers changed",
                metadata: [
                    "set": "\(change.set)", "alertmanagers": "\(change.alertmanagers)",
                    "count": "\(change.alertmanagers.count)",
                ])
        }
    }

    /// Creates the series of newly discovered Alertmanagers and destroys
    /// those of Alertmanagers no set lists any more.
    func reconcileEndpointMetrics(_ state: inout State) {
        let urls = Set(state.sets.flatMap { $0.active.map(\.url) })
        for (url, series) in state.endpointMetrics where !urls.contains(url) {
            series.destroy()
            state.endpointMetrics[url] = nil
        }
        for url in urls where state.endpointMetrics[url] == nil {
            state.endpointMetrics[url] = metrics.endpoint(url)
        }
        metrics.alertmanagersDiscovered.record(state.sets.reduce(0) { $0 + $1.active.count })
    }
}
