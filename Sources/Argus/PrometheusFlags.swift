/// Prometheus server flags that `argus metrics` knows of but does not
/// support, so that a user's existing command line fails with a message
/// that says so instead of "unknown option".
enum PrometheusFlags {
    static let unsupported: Set<String> = [
        "web.read-timeout", "web.max-connections", "web.user-assets", "web.console.templates",
        "web.console.libraries", "web.page-title", "web.cors.origin", "web.config.file", "web.enable-otlp-receiver",
        "storage.tsdb.no-lockfile",
        "storage.tsdb.allow-overlapping-blocks", "storage.tsdb.head-chunks-write-queue-size",
        "storage.tsdb.wal-compression", "storage.tsdb.wal-compression-type", "storage.tsdb.retention",
        "storage.tsdb.samples-per-chunk", "storage.tsdb.wal-segment-size", "storage.agent.path",
        "storage.remote.flush-deadline",
        "rules.max-concurrent-evals", "query.max-samples-per-query",
        "agent", "scrape.adjust-timestamps", "scrape.discovery-reload-interval", "scrape.timestamp-tolerance",
        "auto-gomemlimit", "auto-gomemlimit.ratio", "auto-gomaxprocs", "web.enable-remote-write-receiver.v2",
    ]

    /// A message for an argument the parser did not recognise.
    static func explain(_ argument: String) -> String {
        var name = argument
        while name.hasPrefix("-") { name.removeFirst() }
        if let eq = name.firstIndex(of: "=") { name = String(name[..<eq]) }
        if name.hasPrefix("no-") { name.removeFirst(3) }
        if unsupported.contains(name) {
            return "--\(name) is a Prometheus flag that Argus does not support; remove it (see docs/metrics-server.md)"
        }
        return "unknown flag \(argument) (see argus metrics --help)"
    }
}
