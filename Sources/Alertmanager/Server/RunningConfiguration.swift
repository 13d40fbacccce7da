import ArgusCore
import AsyncHTTPClient
import Logging

/// One loaded alertmanager.yml and everything built from it. A reload
/// builds a new one and swaps it in whole.
public struct RunningConfiguration: Sendable {
    public let file: AlertmanagerFile
    public let route: Route
    public let inhibitor: Inhibitor
    public let dispatcher: Dispatcher
    public let pipeline: NotificationPipeline

    /// Builds routing, inhibition, templates, integrations and the
    /// dispatcher for `file`; throws when templates or receivers cannot be
    /// built (the caller keeps the previous configuration).
    public static func build(
        file: AlertmanagerFile, configDirectory: String, marker: AlertMarker, silences: Silences,
        notificationLog: NotificationLog, metrics: PipelineMetrics, httpClient: NotificationClients,
        externalURL: String,
        logger: Logger
    ) throws -> RunningConfiguration {
        let template = try NotificationTemplate(files: file.templateFiles(relativeTo: configDirectory))
        var receivers: [String: [Integration]] = [:]
        for receiver in file.receivers {
            receivers[receiver.name] = try Integration.integrations(
                for: receiver, template: template, httpClient: httpClient, logger: logger)
        }
        let inhibitor = Inhibitor(
            rules: file.inhibitRules.map {
                InhibitRule(
                    sourceMatchers: $0.effectiveSourceMatchers, targetMatchers: $0.effectiveTargetMatchers,
                    equal: $0.equal)
            },
            marker: marker)
        let pipeline = NotificationPipeline(
            receivers: receivers, inhibitor: inhibitor, silencer: Silencer(silences: silences, marker: marker),
            timeIntervals: file.timeIntervals, notificationLog: notificationLog, metrics: metrics,
            externalURL: externalURL, logger: logger)
        let route = Route(file.route)
        let dispatcher = Dispatcher(route: route, logger: logger) { alerts, group in
            await pipeline.execute(alerts, group: group)
        }
        return RunningConfiguration(
            file: file, route: route, inhibitor: inhibitor, dispatcher: dispatcher, pipeline: pipeline)
    }
}
