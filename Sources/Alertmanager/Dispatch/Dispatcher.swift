import ArgusCore
import GoTemplate
import Logging
import Synchronization

/// Sorts incoming alerts into aggregation groups by the routing tree and runs
/// each group's flush timer; empty groups are dropped every 30 seconds.
public final class Dispatcher: Sendable {
    /// A group as the API lists it: the group's labels, its receiver and the
    /// alerts that passed the API's filter.
    public struct GroupSnapshot: Sendable {
        public var labels: Labels
        public var receiver: String
        public var alerts: [Alert]
    }

    public let route: Route
    private let flush: GroupFlush
    private let logger: Logger
    private let cleanupInterval: Duration
    private let groups = Mutex<[ObjectIdentifier: [Fingerprint: AggregationGroup]]>([:])

    public init(route: Route, logger: Logger, cleanupInterval: Duration = .seconds(30), flush: @escaping GroupFlush) {
        self.route = route
        self.flush = flush
        self.logger = logger
        self.cleanupInterval = cleanupInterval
    }

    /// How many aggregation groups exist.
    public var groupCount: Int { groups.withLock { $0.values.reduce(0) { $0 + $1.count } } }

    /// Routes every alert of `alerts` until the stream ends or the task is
    /// cancelled; then stops every group.
    public func run(alerts: AsyncStream<Alert>) async {
        await withDiscardingTaskGroup { taskGroup in
            taskGroup.addTask { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: cleanupInterval)
                    removeEmptyGroups()
                }
            }
            for await alert in alerts {
                let now = GoTime.now()
                for route in route.match(alert.labels) {
                    if let created = process(alert, route: route, now: now) {
                        taskGroup.addTask { [flush] in await created.run(flush: flush) }
                    }
                }
            }
            taskGroup.cancelAll()
        }
        for group in groups.withLock({ $0.values.flatMap(\.values) }) { group.stop() }
    }

    /// Adds the alert to its group; returns the group when it is new and
    /// needs its timer started.
    private func process(_ alert: Alert, route: Route, now: GoTime) -> AggregationGroup? {
        let labels = route.groupLabels(for: alert.labels)
        let fingerprint = Fingerprint(labels)
        let routeID = ObjectIdentifier(route)
        let (group, created) = groups.withLock { groups -> (AggregationGroup, Bool) in
            if let existing = groups[routeID]?[fingerprint] { return (existing, false) }
            let group = AggregationGroup(route: route, labels: labels)
            groups[routeID, default: [:]][fingerprint] = group
            return (group, true)
        }
        group.insert(alert, now: now)
        if created {
            logger.debug("new aggregation group", metadata: ["group": "\(group.key)"])
        }
        return created ? group : nil
    }

    func removeEmptyGroups() {
        let removed = groups.withLock { groups -> [AggregationGroup] in
            var removed: [AggregationGroup] = []
            for (routeID, routeGroups) in groups {
                for (fingerprint, group) in routeGroups where group.isEmpty {
                    groups[routeID]?.removeValue(forKey: fingerprint)
                    removed.append(group)
                }
                if groups[routeID]?.isEmpty == true { groups.removeValue(forKey: routeID) }
            }
            return removed
        }
        for group in removed { group.stop() }
    }

    /// The groups for the API, ordered as Alertmanager orders them (by labels,
    /// then receiver), with their alerts in notification order, and for each
    /// alert fingerprint the sorted receivers of the groups listing it.
    public func snapshot(
        routeFilter: (Route) -> Bool, alertFilter: (Alert) -> Bool
    ) -> (groups: [GroupSnapshot], receivers: [Fingerprint: [String]]) {
        let all = groups.withLock { $0.values.flatMap(\.values) }
        var result: [GroupSnapshot] = []
        var receivers: [Fingerprint: [String]] = [:]
        for group in all where routeFilter(group.route) {
            let receiver = group.route.options.receiver
            let alerts = group.alerts.filter(alertFilter)
            guard !alerts.isEmpty else { continue }
            for alert in alerts { receivers[alert.fingerprint, default: []].append(receiver) }
            result.append(
                GroupSnapshot(
                    labels: group.labels, receiver: receiver, alerts: alerts.sorted(by: Alert.notificationOrder)))
        }
        result.sort { lhs, rhs in
            lhs.labels == rhs.labels ? lhs.receiver < rhs.receiver : lhs.labels.labelSetBefore(rhs.labels)
        }
        for key in receivers.keys { receivers[key]?.sort() }
        return (result, receivers)
    }
}
