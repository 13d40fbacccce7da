import ArgusConfig
import ArgusCore

/// A parsed and validated alertmanager.yml (upstream `config.Config`).
///
/// Loading applies what upstream applies: receivers without their own settings take the
/// `global` ones (`http_config`, `smtp_*`, `slack_api_url`, `pagerduty_url`), and the routing
/// tree, receiver names and time-interval names are checked for consistency.
public struct AlertmanagerFile: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "config"

    public var global = AlertmanagerGlobal()
    /// The root of the routing tree.
    public var route: RouteConfig
    public var inhibitRules: [InhibitRuleConfig] = []
    public var receivers: [ReceiverConfig] = []
    /// Template file patterns as written (`*` allowed in the last path element).
    public var templates: [String] = []
    /// Entries of the deprecated `mute_time_intervals`, in file order.
    public var muteTimeIntervalList: [TimeInterval] = []
    /// Entries of `time_intervals`, in file order.
    public var timeIntervalList: [TimeInterval] = []
    /// The YAML text as loaded.
    public var original = ""

    public init(route: RouteConfig) { self.route = route }

    /// Every named time interval (`mute_time_intervals` and `time_intervals` together) by name.
    public var timeIntervals: [String: TimeInterval] {
        var result: [String: TimeInterval] = [:]
        for interval in muteTimeIntervalList + timeIntervalList { result[interval.name] = interval }
        return result
    }

    /// The receiver named `name`.
    public func receiver(named name: String) -> ReceiverConfig? {
        receivers.first { $0.name == name }
    }

    enum CodingKeys: String, CodingKey {
        case global, route, inhibitRules = "inhibit_rules", receivers, templates
        case muteTimeIntervals = "mute_time_intervals", timeIntervals = "time_intervals"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        global = try container.decode(.global, default: AlertmanagerGlobal())
        let decodedRoute = try container.decodeIfPresent(RouteConfig.self, forKey: .route)
        route = decodedRoute ?? RouteConfig()
        inhibitRules = try container.decode(.inhibitRules, default: [])
        receivers = try container.decode(.receivers, default: [])
        templates = try container.decode(.templates, default: [])
        muteTimeIntervalList = try container.decode(.muteTimeIntervals, default: [])
        timeIntervalList = try container.decode(.timeIntervals, default: [])
        for (index, interval) in muteTimeIntervalList.enumerated() where interval.name.isEmpty {
            throw ConfigValidationError(
                "missing name in mute time interval", at: [.key("mute_time_intervals"), .index(index)])
        }
        for (index, interval) in timeIntervalList.enumerated() where interval.name.isEmpty {
            throw ConfigValidationError("missing name in time interval", at: [.key("time_intervals"), .index(index)])
        }
        do {
            try global.validate()
        } catch {
            throw ConfigValidationError(error.message, at: [.key("global")])
        }
        try applyGlobalsToReceivers()
        if decodedRoute == nil { throw ConfigValidationError("no routes provided") }
        try validateRoutingTree()
    }

    /// Upstream's per-receiver pass: unique names, and global defaults filled in.
    private mutating func applyGlobalsToReceivers() throws(ConfigValidationError) {
        var names = Set<String>()
        for index in receivers.indices {
            let at: [ConfigPathComponent] = [.key("receivers"), .index(index)]
            let name = receivers[index].name
            if names.contains(name) {
                throw ConfigValidationError(
                    "notification config name \(GoString.quote(name)) is not unique", at: at + [.key("name")])
            }
            for item in receivers[index].webhookConfigs.indices
            where !receivers[index].webhookConfigs[item].hasOwnHTTPConfig {
                receivers[index].webhookConfigs[item].httpConfig = global.httpConfig
            }
            for item in receivers[index].emailConfigs.indices {
                try applyGlobals(
                    to: &receivers[index].emailConfigs[item], at: at + [.key("email_configs"), .index(item)])
            }
            for item in receivers[index].slackConfigs.indices {
                var slack = receivers[index].slackConfigs[item]
                if !slack.hasOwnHTTPConfig { slack.httpConfig = global.httpConfig }
                if slack.apiURL == nil && slack.apiURLFile.isEmpty {
                    if global.slackAPIURL == nil && global.slackAPIURLFile.isEmpty {
                        throw ConfigValidationError(
                            "no global Slack API URL set either inline or in a file",
                            at: at + [.key("slack_configs"), .index(item)])
                    }
                    slack.apiURL = global.slackAPIURL
                    slack.apiURLFile = global.slackAPIURLFile
                }
                slack.resolvedAPIURL = slack.apiURL.map { Secret($0.string) }
                receivers[index].slackConfigs[item] = slack
            }
            for item in receivers[index].pagerdutyConfigs.indices {
                var pagerduty = receivers[index].pagerdutyConfigs[item]
                if !pagerduty.hasOwnHTTPConfig { pagerduty.httpConfig = global.httpConfig }
                if pagerduty.url == nil {
                    guard let url = global.pagerdutyURL else {
                        throw ConfigValidationError(
                            "no global PagerDuty URL set", at: at + [.key("pagerduty_configs"), .index(item)])
                    }
                    pagerduty.url = url
                }
                pagerduty.resolvedRoutingKey = pagerduty.routingKey
                pagerduty.resolvedServiceKey = pagerduty.serviceKey
                receivers[index].pagerdutyConfigs[item] = pagerduty
            }
            names.insert(name)
        }
    }

    private func applyGlobals(to email: inout EmailConfig, at: [ConfigPathComponent]) throws(ConfigValidationError) {
        if email.smarthost.isEmpty {
            if global.smtpSmarthost.isEmpty { throw ConfigValidationError("no global SMTP smarthost set", at: at) }
            email.smarthost = global.smtpSmarthost
        }
        if email.from.isEmpty {
            if global.smtpFrom.isEmpty { throw ConfigValidationError("no global SMTP from set", at: at) }
            email.from = global.smtpFrom
        }
        if email.hello.isEmpty { email.hello = global.smtpHello }
        if email.authUsername.isEmpty { email.authUsername = global.smtpAuthUsername }
        if (email.authPassword?.value.isEmpty ?? true) && email.authPasswordFile.isEmpty {
            email.authPassword = global.smtpAuthPassword
            email.authPasswordFile = global.smtpAuthPasswordFile
        }
        if email.authSecret?.value.isEmpty ?? true { email.authSecret = global.smtpAuthSecret }
        if email.authIdentity.isEmpty { email.authIdentity = global.smtpAuthIdentity }
        if email.requireTLS == nil { email.requireTLS = global.smtpRequireTLS }
        email.resolvedAuthPassword = email.authPassword
    }

    /// The checks on the root route, receiver references and time-interval references.
    private func validateRoutingTree() throws(ConfigValidationError) {
        let root: [ConfigPathComponent] = [.key("route")]
        if route.receiver.isEmpty {
            throw ConfigValidationError("root route must specify a default receiver", at: root)
        }
        if route.hasMatchers { throw ConfigValidationError("root route must not have any matchers", at: root) }
        if !route.muteTimeIntervals.isEmpty {
            throw ConfigValidationError("root route must not have any mute time intervals", at: root)
        }
        if !route.activeTimeIntervals.isEmpty {
            throw ConfigValidationError("root route must not have any active time intervals", at: root)
        }
        let receiverNames = Set(receivers.map(\.name))
        try Self.checkReceivers(route, receiverNames, at: root)
        var intervalNames = Set<String>()
        for (index, interval) in muteTimeIntervalList.enumerated() {
            guard intervalNames.insert(interval.name).inserted else {
                throw ConfigValidationError(
                    "mute time interval \(GoString.quote(interval.name)) is not unique",
                    at: [.key("mute_time_intervals"), .index(index), .key("name")])
            }
        }
        for (index, interval) in timeIntervalList.enumerated() {
            guard intervalNames.insert(interval.name).inserted else {
                throw ConfigValidationError(
                    "time interval \(GoString.quote(interval.name)) is not unique",
                    at: [.key("time_intervals"), .index(index), .key("name")])
            }
        }
        try Self.checkTimeIntervals(route, intervalNames, at: root)
        if route.continue { throw ConfigValidationError("cannot have continue in root route", at: root) }
    }

    /// Children first, as upstream walks, so the deepest offending route is reported.
    private static func checkReceivers(
        _ route: RouteConfig, _ names: Set<String>, at path: [ConfigPathComponent]
    ) throws(ConfigValidationError) {
        for (index, child) in route.routes.enumerated() {
            try checkReceivers(child, names, at: path + [.key("routes"), .index(index)])
        }
        if !route.receiver.isEmpty && !names.contains(route.receiver) {
            throw ConfigValidationError(
                "undefined receiver \(GoString.quote(route.receiver)) used in route", at: path + [.key("receiver")])
        }
    }

    private static func checkTimeIntervals(
        _ route: RouteConfig, _ names: Set<String>, at path: [ConfigPathComponent]
    ) throws(ConfigValidationError) {
        for (index, child) in route.routes.enumerated() {
            try checkTimeIntervals(child, names, at: path + [.key("routes"), .index(index)])
        }
        for (key, list) in [
            ("active_time_intervals", route.activeTimeIntervals), ("mute_time_intervals", route.muteTimeIntervals),
        ] {
            for (index, name) in list.enumerated() where !names.contains(name) {
                throw ConfigValidationError(
                    "undefined time interval \(GoString.quote(name)) used in route",
                    at: path + [.key(key), .index(index)])
            }
        }
    }
}
