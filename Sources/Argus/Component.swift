/// The components of the stack, as `argus --help` lists them.
///
/// A component is listed as available only when its subcommand exists in
/// this build; the others are on the way and say so.
enum Component: CaseIterable {
    case metrics
    case alertmanager
    case nodeExporter
    case kubeStateMetrics
    case pushgateway
    case logs
    case agent
    case dashboards
    case check
    case promqlTest

    var subcommand: String {
        switch self {
        case .metrics: return "metrics"
        case .alertmanager: return "alertmanager"
        case .nodeExporter: return "node-exporter"
        case .kubeStateMetrics: return "kube-state-metrics"
        case .pushgateway: return "pushgateway"
        case .logs: return "logs"
        case .agent: return "agent"
        case .dashboards: return "dashboards"
        case .check: return "check metrics"
        case .promqlTest: return "promql test"
        }
    }

    var replaces: String {
        switch self {
        case .metrics: return "Prometheus server"
        case .alertmanager: return "Alertmanager"
        case .nodeExporter: return "node-exporter"
        case .kubeStateMetrics: return "kube-state-metrics"
        case .pushgateway: return "Pushgateway"
        case .logs: return "Loki"
        case .agent: return "Promtail and Fluentd"
        case .dashboards: return "Grafana"
        case .check: return "promtool check metrics"
        case .promqlTest: return "Prometheus' promqltest runner"
        }
    }

    var isAvailable: Bool {
        switch self {
        case .metrics, .alertmanager, .nodeExporter, .pushgateway, .check, .promqlTest: return true
        default: return false
        }
    }

    static var overview: String {
        var lines = ["COMPONENTS:"]
        for component in allCases {
            let name = "argus " + component.subcommand
            let padded = name + String(repeating: " ", count: max(1, 30 - name.count))
            let status = component.isAvailable ? "" : "  (not in this build yet)"
            lines.append("  \(padded)replaces \(component.replaces)\(status)")
        }
        return lines.joined(separator: "\n")
    }
}
