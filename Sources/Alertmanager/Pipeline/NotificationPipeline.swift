import ArgusCore
import GoTemplate
import Logging
import Prometheus

/// What happens to a group's alerts on each flush, stage by stage as in
/// Alertmanager: inhibition, active and mute time intervals, silences; then
/// for every integration of the receiver, concurrently: deduplication
/// against the notification log, sending with retries, and logging what was
/// sent.
public struct NotificationPipeline: Sendable {
    public let receivers: [String: [Integration]]
    public let inhibitor: Inhibitor
    public let silencer: Silencer
    public let timeIntervals: [String: TimeInterval]
    public let notificationLog: NotificationLog
    public let metrics: PipelineMetrics
    public let externalURL: String
    public let logger: Logger

    public init(
        receivers: [String: [Integration]], inhibitor: Inhibitor, silencer: Silencer,
        timeIntervals: [String: TimeInterval], notificationLog: NotificationLog, metrics: PipelineMetrics,
        externalURL: String, logger: Logger
    ) {
        self.receivers = receivers
        self.inhibitor = inhibitor
        self.silencer = silencer
        self.timeIntervals = timeIntervals
        self.notificationLog = notificationLog
        self.metrics = metrics
        self.externalURL = externalURL
        self.logger = logger
    }

    /// Runs the pipeline for one flush; true when every integration
    /// succeeded or had nothing to send.
    public func execute(_ alerts: [Alert], group: GroupContext) async -> Bool {
        guard let integrations = receivers[group.receiver] else {
            logger.error("stage for receiver missing", metadata: ["receiver": "\(group.receiver)"])
            return false
        }
        var alerts = alerts.filter { !inhibitor.mutes($0.labels, now: group.now) }
        guard !alerts.isEmpty else { return true }
        if !group.activeTimeIntervals.isEmpty, !inIntervals(group.activeTimeIntervals, at: group.now) {
            logger.debug("Notifications not sent, route is not within active time", metadata: ["group": "\(group.key)"])
            return true
        }
        if inIntervals(group.muteTimeIntervals, at: group.now) {
            logger.debug("Notifications not sent, route is within mute time", metadata: ["group": "\(group.key)"])
            return true
        }
        alerts = alerts.filter { !silencer.mutes($0.labels) }
        guard !alerts.isEmpty else { return true }
        let batch = alerts
        return await withTaskGroup(of: Bool.self) { taskGroup in
            for integration in integrations {
                taskGroup.addTask { await notify(batch, via: integration, group: group) }
            }
            var succeeded = true
            for await result in taskGroup where !result { succeeded = false }
            return succeeded
        }
    }

    private func inIntervals(_ names: [String], at time: GoTime) -> Bool {
        names.contains { timeIntervals[$0]?.contains(time) ?? false }
    }

    /// Dedup, retry and log for one integration.
    private func notify(_ alerts: [Alert], via integration: Integration, group: GroupContext) async -> Bool {
        let receiver = NotificationReceiver(
            groupName: group.receiver, integration: integration.name, index: UInt32(integration.index))
        var firing = Set<UInt64>()
        var resolved = Set<UInt64>()
        for alert in alerts {
            if alert.resolved(at: group.now) {
                resolved.insert(alert.fingerprint.rawValue)
            } else {
                firing.insert(alert.fingerprint.rawValue)
            }
        }
        let entry = notificationLog.query(receiver: receiver, groupKey: group.key)
        guard
            Self.needsUpdate(
                entry, firing: firing, resolved: resolved, sendResolved: integration.sendResolved,
                repeatInterval: group.repeatInterval, now: group.now)
        else { return true }

        metrics[integration.name].notifications.increment()
        let sent = integration.sendResolved ? alerts : alerts.filter { !$0.resolved(at: group.now) }
        // With send_resolved off and only resolved alerts left, nothing is sent,
        // but the log still records that the receiver saw them resolve.
        if !sent.isEmpty || integration.sendResolved {
            guard await send(sent, via: integration, group: group) else {
                metrics[integration.name].failedNotifications.increment()
                return false
            }
        }
        notificationLog.log(
            receiver: receiver, groupKey: group.key, firing: firing, resolved: resolved,
            expiry: GoDuration(nanoseconds: group.repeatInterval.nanoseconds &* 2))
        return true
    }

    /// Whether the receiver must hear about this state of the group, by the
    /// notification log's entry for it.
    static func needsUpdate(
        _ entry: NotificationEntry?, firing: Set<UInt64>, resolved: Set<UInt64>, sendResolved: Bool,
        repeatInterval: GoDuration, now: GoTime
    ) -> Bool {
        guard let entry else { return !firing.isEmpty }
        if !firing.isSubset(of: entry.firingAlerts) { return true }
        // All resolved: notify once (whatever send_resolved says) so that the
        // log forgets the firing alerts, unless the receiver never saw them fire.
        if firing.isEmpty { return !entry.firingAlerts.isEmpty }
        if sendResolved, !resolved.isSubset(of: entry.resolvedAlerts) { return true }
        return entry.timestamp < now.adding(GoDuration(nanoseconds: -repeatInterval.nanoseconds))
    }

    /// Sends with exponential backoff (0.5 s growing by 1.5× up to 60 s, with
    /// ±50% jitter) until success, an unrecoverable error, or the deadline.
    private func send(_ alerts: [Alert], via integration: Integration, group: GroupContext) async -> Bool {
        let context = NotificationContext(
            groupKey: group.key, groupLabels: group.labels, receiverName: group.receiver,
            externalURL: externalURL, now: group.now, repeatInterval: group.repeatInterval)
        let metadata: Logger.Metadata = [
            "receiver": "\(group.receiver)", "integration": "\(integration.name)[\(integration.index)]",
        ]
        var interval = 0.5
        var attempt = 0
        var lastError: NotifyError?
        while true {
            attempt += 1
            let started = ContinuousClock.now
            do {
                try await Self.notify(alerts, via: integration, context: context, deadline: group.deadline)
                metrics[integration.name].latency.recordNanoseconds(Self.nanoseconds(since: started))
                metrics[integration.name].requests.increment()
                if attempt > 1 {
                    logger.info("Notify success", metadata: metadata.merging(["attempts": "\(attempt)"]) { $1 })
                }
                return true
            } catch {
                metrics[integration.name].latency.recordNanoseconds(Self.nanoseconds(since: started))
                metrics[integration.name].requests.increment()
                metrics[integration.name].failedRequests.increment()
                if !error.retryable {
                    logger.error(
                        "Notify for alerts failed",
                        metadata: metadata.merging([
                            "err":
                                "\(group.receiver)/\(integration.name)[\(integration.index)]: notify retry canceled due to unrecoverable error after \(attempt) attempts: \(error)",
                            "num_alerts": "\(alerts.count)",
                        ]) { $1 })
                    return false
                }
                if lastError?.description != error.description {
                    logger.warning(
                        "Notify attempt failed, will retry later",
                        metadata: metadata.merging(["attempts": "\(attempt)", "err": "\(error)"]) { $1 })
                }
                lastError = error
            }
            let jittered = interval * Double.random(in: 0.5...1.5)
            interval = min(interval * 1.5, 60)
            let next = ContinuousClock.now + .milliseconds(Int64(jittered * 1000))
            guard next < group.deadline, !Task.isCancelled else {
                logger.error(
                    "Notify for alerts failed",
                    metadata: metadata.merging([
                        "err":
                            "\(group.receiver)/\(integration.name)[\(integration.index)]: notify retry canceled after \(attempt) attempts: \(lastError.map { "\($0)" } ?? "cancelled")",
                        "num_alerts": "\(alerts.count)",
                    ]) { $1 })
                return false
            }
            try? await Task.sleep(until: next, clock: .continuous)
        }
    }

    /// One attempt, abandoned at the group's deadline: a notifier that hangs
    /// (a refused connection AsyncHTTPClient keeps retrying, a silent SMTP
    /// server) must not hold up the group's next flush.
    private static func notify(
        _ alerts: [Alert], via integration: Integration, context: NotificationContext,
        deadline: ContinuousClock.Instant
    ) async throws(NotifyError) {
        let outcome: NotifyError?? = await withTaskGroup(of: NotifyError??.self) { group in
            group.addTask {
                do throws(NotifyError) {
                    try await integration.notifier.notify(alerts, context: context)
                    return .some(nil)
                } catch {
                    return .some(error)
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        switch outcome {
        case .some(.none): return
        case .some(.some(let error)): throw error
        case .none: throw NotifyError(retryable: true, message: "context deadline exceeded")
        }
    }

    private static func nanoseconds(since start: ContinuousClock.Instant) -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    }
}
