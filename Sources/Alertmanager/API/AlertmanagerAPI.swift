import ArgusCore
import ArgusHTTP
import GoTemplate
import Prometheus
import Synchronization

/// Alertmanager's API v2 (the one amtool and Prometheus speak), as pure
/// request → ``APIResponse`` functions over the shared state, so that the
/// HTTP layer only routes.
public struct AlertmanagerAPI: Sendable {
    /// Build facts reported by `/api/v2/status` and `alertmanager_build_info`.
    public struct VersionInfo: Sendable {
        public var version = "0.25.0"
        public var revision = "argus"
        public var branch = "main"
        public var buildUser = "argus"
        public var buildDate = ""
        public var goVersion = "swift"
        public init() {}
    }

    public let store: AlertStore
    public let marker: AlertMarker
    public let silences: Silences
    let current: @Sendable () -> RunningConfiguration?
    let versionInfo: VersionInfo
    let uptime: GoTime
    let received: @Sendable (_ firing: Bool) -> Void
    let invalid: @Sendable () -> Void

    public init(
        store: AlertStore, marker: AlertMarker, silences: Silences, versionInfo: VersionInfo = VersionInfo(),
        uptime: GoTime = .now(), registry: PrometheusCollectorRegistry,
        current: @escaping @Sendable () -> RunningConfiguration?
    ) {
        self.store = store
        self.marker = marker
        self.silences = silences
        self.current = current
        self.versionInfo = versionInfo
        self.uptime = uptime
        let firing = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_alerts_received_total", unitName: "",
                helpText: "The total number of received alerts."),
            labels: [("status", "firing"), ("version", "v2")])
        let resolved = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_alerts_received_total", unitName: "",
                helpText: "The total number of received alerts."),
            labels: [("status", "resolved"), ("version", "v2")])
        let invalid = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_alerts_invalid_total", unitName: "",
                helpText: "The total number of received alerts that were invalid."), labels: [("version", "v2")])
        self.received = { $0 ? firing.increment() : resolved.increment() }
        self.invalid = { invalid.increment() }
    }

    // MARK: alerts

    /// `POST /api/v2/alerts`: validates and stores alerts; invalid ones are
    /// reported together in a 400 while the valid ones are still stored.
    public func postAlerts(body: [UInt8], contentType: String?) -> APIResponse {
        if let contentType, !contentType.lowercased().hasPrefix("application/json") {
            return .swaggerError(
                415,
                "unsupported media type \(GoString.quote(contentType)), only [application/json] are allowed")
        }
        let posted: [PostableAlert]
        do {
            posted = try PostableAlert.decodeList(body)
        } catch {
            return .swaggerError(error.status, code: error.code, error.message)
        }
        let now = GoTime.now()
        let resolveTimeout = GoDuration(
            nanoseconds: (current()?.file.global.resolveTimeout.milliseconds ?? 300_000) * 1_000_000)
        var valid: [Alert] = []
        var errors: [String] = []
        for item in posted {
            var alert = Alert(
                labels: Labels(item.labels.filter { !$0.value.isEmpty }),
                annotations: Labels(item.annotations), startsAt: item.startsAt, endsAt: item.endsAt,
                generatorURL: item.generatorURL, updatedAt: now)
            if alert.startsAt.isZero { alert.startsAt = alert.endsAt.isZero ? now : alert.endsAt }
            if alert.endsAt.isZero {
                alert.timeout = true
                alert.endsAt = now.adding(resolveTimeout)
            }
            received(alert.endsAt > GoTime.now())
            if let problem = Self.validate(alert) {
                errors.append(problem)
                invalid()
                continue
            }
            valid.append(alert)
        }
        store.put(valid, now: now)
        if !errors.isEmpty { return .message(400, errors.joined(separator: "; ")) }
        return APIResponse(status: 200, body: [])
    }

    /// Alertmanager's checks on a received alert, with its texts.
    static func validate(_ alert: Alert) -> String? {
        if alert.startsAt.isZero { return "start time missing" }
        if !alert.endsAt.isZero, alert.endsAt < alert.startsAt { return "start time must be before end time" }
        for label in alert.labels where !LabelName.isLegacyLabelName(label.name) {
            return "invalid label set: invalid name \(GoString.quote(label.name))"
        }
        if alert.labels.isEmpty { return "at least one label pair required" }
        for label in alert.annotations where !LabelName.isLegacyLabelName(label.name) {
            return "invalid annotations: invalid name \(GoString.quote(label.name))"
        }
        return nil
    }

    /// The query parameters shared by `GET /api/v2/alerts` and `/alerts/groups`.
    struct AlertQuery {
        var matchers: [Matcher] = []
        var active = true
        var silenced = true
        var inhibited = true
        var unprocessed = true
        var receiver: RE2?
    }

    static func parseAlertQuery(_ query: [(String, String)]) -> Result<AlertQuery, APIResponseError> {
        var result = AlertQuery()
        for (name, value) in query {
            switch name {
            case "filter":
                do {
                    result.matchers.append(try Matcher.parse(value))
                } catch {
                    return .failure(APIResponseError(.message(400, error.description)))
                }
            case "active", "silenced", "inhibited", "unprocessed":
                let flag = Self.parseBool(value)
                switch name {
                case "active": result.active = flag
                case "silenced": result.silenced = flag
                case "inhibited": result.inhibited = flag
                default: result.unprocessed = flag
                }
            case "receiver":
                do {
                    // Anchored as 0.25 compiles it, which its error messages show.
                    result.receiver = try RE2("^(?:" + value + ")$")
                } catch {
                    return .failure(
                        APIResponseError(.message(400, "failed to parse receiver param: \(error.description)")))
                }
            default:
                continue
            }
        }
        return .success(result)
    }

    /// A boolean query flag as 0.25's generated API reads it: empty keeps
    /// the default (true); otherwise only go-openapi's words for true are
    /// true, and anything else (even "maybe") is false, never an error.
    static func parseBool(_ text: String) -> Bool {
        text.isEmpty || trueWords.contains(text.lowercased())
    }

    private static let trueWords: Set<String> = [
        "true", "1", "yes", "ok", "y", "on", "selected", "checked", "t", "enabled",
    ]

    /// The API's alert filter: drops resolved alerts, refreshes the alert's
    /// marks from the current silences and inhibitions, then applies the
    /// state flags and label matchers.
    func alertFilter(_ query: AlertQuery, running: RunningConfiguration?, now: GoTime) -> (Alert) -> Bool {
        let silencer = Silencer(silences: silences, marker: marker)
        return { alert in
            if !alert.endsAt.isZero, alert.endsAt < now { return false }
            running?.inhibitor.mutes(alert.labels, now: now)
            silencer.mutes(alert.labels)
            let status = marker.status(alert.fingerprint)
            if !query.active, status.state == .active { return false }
            if !query.unprocessed, status.state == .unprocessed { return false }
            if !query.silenced, !status.silencedBy.isEmpty { return false }
            if !query.inhibited, !status.inhibitedBy.isEmpty { return false }
            return Self.matchesFilter(query.matchers, alert.labels)
        }
    }

    /// Filter matchers as the API applies them: `x=""` also matches alerts
    /// without `x`, and `x!=""` alerts that have it.
    static func matchesFilter(_ matchers: [Matcher], _ labels: Labels) -> Bool {
        for matcher in matchers {
            let value = labels[matcher.name]
            if matcher.value.isEmpty, (matcher.type.isNegative ? value != nil : value == nil) { continue }
            if !matcher.matches(value ?? "") { return false }
        }
        return true
    }

    /// `GET /api/v2/alerts`.
    public func getAlerts(query: [(String, String)]) -> APIResponse {
        let parsed: AlertQuery
        switch Self.parseAlertQuery(query) {
        case .success(let value): parsed = value
        case .failure(let error): return error.response
        }
        let running = current()
        let now = GoTime.now()
        let filter = alertFilter(parsed, running: running, now: now)
        var rows: [(Alert, [String])] = []
        for alert in store.all() {
            let receivers = running?.route.match(alert.labels).map(\.options.receiver) ?? []
            if let regex = parsed.receiver, !receivers.contains(where: { regex.matchesWhole($0) }) { continue }
            if !filter(alert) { continue }
            rows.append((alert, receivers))
        }
        rows.sort { $0.0.fingerprint.description < $1.0.fingerprint.description }
        var writer = JSONWriter(capacity: 512 * max(rows.count, 1))
        writer.byte(UInt8(ascii: "["))
        for (index, row) in rows.enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.gettableAlert(row.0, status: marker.status(row.0.fingerprint), receivers: row.1)
        }
        writer.byte(UInt8(ascii: "]"))
        return .ok(writer)
    }

    /// `GET /api/v2/alerts/groups`.
    public func getAlertGroups(query: [(String, String)]) -> APIResponse {
        let parsed: AlertQuery
        switch Self.parseAlertQuery(query) {
        case .success(let value): parsed = value
        case .failure(let error): return error.response
        }
        let running = current()
        let now = GoTime.now()
        let filter = alertFilter(parsed, running: running, now: now)
        let snapshot =
            running?.dispatcher.snapshot(
                routeFilter: { route in parsed.receiver.map { $0.matchesWhole(route.options.receiver) } ?? true },
                alertFilter: filter) ?? (groups: [], receivers: [:])
        var writer = JSONWriter(capacity: 4096)
        writer.byte(UInt8(ascii: "["))
        for (index, group) in snapshot.groups.enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.raw("{\"alerts\":[")
            for (alertIndex, alert) in group.alerts.enumerated() {
                if alertIndex > 0 { writer.byte(UInt8(ascii: ",")) }
                writer.gettableAlert(
                    alert, status: marker.status(alert.fingerprint),
                    receivers: snapshot.receivers[alert.fingerprint] ?? [])
            }
            writer.raw("],\"labels\":")
            writer.labels(group.labels)
            writer.raw(",\"receiver\":{\"name\":")
            writer.string(group.receiver)
            writer.raw("}}")
        }
        writer.byte(UInt8(ascii: "]"))
        return .ok(writer)
    }

    // MARK: status and receivers

    /// `GET /api/v2/status`.
    public func getStatus() -> APIResponse {
        var writer = JSONWriter(capacity: 2048)
        writer.raw("{\"cluster\":{\"peers\":[],\"status\":\"disabled\"},\"config\":{\"original\":")
        writer.string(current()?.file.redactedOriginal ?? "")
        writer.raw("},\"uptime\":")
        writer.string(uptime.rfc3339Milli)
        writer.raw(",\"versionInfo\":{\"branch\":")
        writer.string(versionInfo.branch)
        writer.raw(",\"buildDate\":")
        writer.string(versionInfo.buildDate)
        writer.raw(",\"buildUser\":")
        writer.string(versionInfo.buildUser)
        writer.raw(",\"goVersion\":")
        writer.string(versionInfo.goVersion)
        writer.raw(",\"revision\":")
        writer.string(versionInfo.revision)
        writer.raw(",\"version\":")
        writer.string(versionInfo.version)
        writer.raw("}}")
        return .ok(writer)
    }

    /// `GET /api/v2/receivers`: every receiver of the configuration, in file order.
    public func getReceivers() -> APIResponse {
        var writer = JSONWriter()
        writer.byte(UInt8(ascii: "["))
        for (index, receiver) in (current()?.file.receivers ?? []).enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.raw("{\"name\":")
            writer.string(receiver.name)
            writer.byte(UInt8(ascii: "}"))
        }
        writer.byte(UInt8(ascii: "]"))
        return .ok(writer)
    }
}

/// A request that fails before the operation runs.
struct APIResponseError: Error {
    var response: APIResponse
    init(_ response: APIResponse) { self.response = response }
}
