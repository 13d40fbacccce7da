import ArgusHTTP
import Foundation
import GoTemplate

/// The flags of `argus alertmanager`, with Alertmanager's names and defaults.
public struct AlertmanagerOptions: Sendable {
    /// `--config.file`
    public var configFile = "alertmanager.yml"
    /// A configuration to use instead of reading ``configFile`` (the
    /// all-in-one `argus` embeds one).
    public var embeddedConfig: String?
    /// `--storage.path`: silences and the notification log live here.
    public var storagePath = "data/"
    /// `--data.retention`: how long expired silences and log entries are kept.
    public var dataRetention = GoDuration(nanoseconds: 120 * 3_600_000_000_000)
    /// `--alerts.gc-interval`: how often resolved alerts are dropped.
    public var alertsGCInterval = GoDuration(nanoseconds: 30 * 60_000_000_000)
    /// `--web.listen-address`
    public var listenAddress = ListenAddress(host: "0.0.0.0", port: 9093)
    /// `--web.external-url`: the URL Alertmanager is reachable at, used in
    /// notifications; empty means `http://<hostname>:<port>/`.
    public var externalURL = ""
    /// `--web.route-prefix`: defaults to the path of the external URL.
    public var routePrefix: String?
    /// How often silences and the notification log are garbage-collected
    /// and written to disk (Alertmanager: 15 minutes).
    public var maintenanceInterval: Duration = .seconds(15 * 60)

    public init() {}

    /// The HTTP path prefix without a trailing slash ("" for the root).
    public var resolvedRoutePrefix: String {
        var prefix = routePrefix ?? Self.path(of: externalURL)
        while prefix.hasSuffix("/") { prefix.removeLast() }
        if !prefix.isEmpty, !prefix.hasPrefix("/") { prefix = "/" + prefix }
        return prefix
    }

    private static func path(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "" }
        let rest = url[scheme.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "" }
        return String(rest[slash...].prefix { $0 != "?" && $0 != "#" })
    }
}

extension AlertmanagerOptions {
    /// The configuration of the all-in-one `argus`: every alert goes to a
    /// receiver without integrations, so alerts are grouped, silenced and
    /// shown by the API until the user provides an alertmanager.yml.
    public static let defaultConfig = """
        # Argus' built-in Alertmanager configuration, used when --config.file is not given.
        route:
          receiver: default
          group_by: [alertname]
        receivers:
          - name: default
        """
}
