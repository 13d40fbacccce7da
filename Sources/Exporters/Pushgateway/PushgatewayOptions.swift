import ArgusHTTP

/// The settings of `argus pushgateway`, one per Pushgateway flag, with the
/// Pushgateway's defaults.
public struct PushgatewayOptions: Sendable {
    /// `--web.listen-address`.
    public var listenAddress = ListenAddress(host: "0.0.0.0", port: 9091)
    /// `--web.telemetry-path`: where the pushed and own metrics are exposed.
    public var telemetryPath = "/metrics"
    /// `--web.external-url`.
    public var externalURL = ""
    /// `--web.route-prefix` (defaults to the path of the external URL).
    public var routePrefix = ""
    /// `--web.enable-lifecycle`: `/-/quit`.
    public var enableLifecycle = false
    /// `--web.enable-admin-api`: `PUT /api/v1/admin/wipe`.
    public var enableAdminAPI = false
    /// `--persistence.file`; empty keeps metrics in memory only.
    public var persistenceFile = ""
    /// `--persistence.interval`: the minimum time between two writes of the file.
    public var persistenceInterval: Duration = .seconds(300)
    /// `--push.disable-consistency-check`.
    public var disableConsistencyCheck = false
    /// The largest push body accepted, in bytes (after decompression).
    public var maxBodySize = 256 << 20

    /// The Pushgateway's defaults.
    public init() {}

    /// The prefix every route is registered under: `--web.route-prefix`, or
    /// the path of `--web.external-url`; "" for the root, otherwise with a
    /// leading and no trailing `/` (the Pushgateway's `computeRoutePrefix`).
    public var resolvedRoutePrefix: String {
        Self.routePrefix(routePrefix, externalURL: externalURL)
    }

    /// The path prefix of `--web.external-url` alone.
    public var externalPathPrefix: String {
        Self.routePrefix("", externalURL: externalURL)
    }

    static func routePrefix(_ prefix: String, externalURL: String) -> String {
        var prefix = prefix
        if prefix.isEmpty { prefix = urlPath(externalURL) }
        if prefix == "/" { prefix = "" }
        if !prefix.isEmpty {
            var trimmed = Substring(prefix)
            while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
            while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
            prefix = "/" + trimmed
        }
        return prefix
    }

    /// The path of a URL (`http://host:9091/pg/` → `/pg/`).
    static func urlPath(_ url: String) -> String {
        var rest = Substring(url)
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
            guard let slash = rest.firstIndex(of: "/") else { return "" }
            rest = rest[slash...]
        }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        return String(rest)
    }

    /// A duration as Go's `time.Duration.String` prints it (`5m0s`, `1h0m0s`, `1.5s`).
    public static func goDurationString(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        var nanos = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        if nanos == 0 { return "0s" }
        let negative = nanos < 0
        if negative { nanos = -nanos }
        var text: String
        if nanos < 1_000_000_000 {
            let (unit, scale): (String, Int64) =
                nanos < 1_000 ? ("ns", 1) : nanos < 1_000_000 ? ("µs", 1_000) : ("ms", 1_000_000)
            text = fraction(nanos, scale) + unit
        } else {
            let hours = nanos / 3_600_000_000_000
            let minutes = nanos / 60_000_000_000 % 60
            let secondsPart = nanos % 60_000_000_000
            text = fraction(secondsPart, 1_000_000_000) + "s"
            if hours > 0 || minutes > 0 { text = "\(minutes)m" + text }
            if hours > 0 { text = "\(hours)h" + text }
        }
        return negative ? "-" + text : text
    }

    private static func fraction(_ value: Int64, _ scale: Int64) -> String {
        let whole = value / scale
        var rest = value % scale
        guard rest != 0 else { return "\(whole)" }
        var digits = ""
        var divisor = scale / 10
        while rest != 0 && divisor > 0 {
            digits += "\(rest / divisor)"
            rest %= divisor
            divisor /= 10
        }
        return "\(whole).\(digits)"
    }
}
