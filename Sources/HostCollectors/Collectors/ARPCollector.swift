/// `arp`: the number of neighbour entries of each network device in the
/// ARP table `/proc/net/arp`.
struct ARPCollector: NodeCollector {
    static let name = "arp"
    static let enabledByDefault = true

    private let paths: NodePaths
    private let filter: DeviceFilter

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        // node-exporter accepts both patterns for arp: a device must pass both.
        filter = try DeviceFilter(
            exclude: environment.options.arpDeviceExclude, include: environment.options.arpDeviceInclude,
            flagPrefix: "collector.arp.device", exclusive: false)
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let file = try ProcFile(paths.proc("net", "arp"))
        var entries: [String: Int] = [:]
        for (index, line) in file.lines.enumerated() {
            let columns = line.fields()
            guard columns.count >= 6, let device = columns.last else {
                throw file.malformed(line: index, "unexpected ARP table format")
            }
            // The header line starts "IP address".
            if columns[0] != "IP" {
                entries[String(device), default: 0] += 1
            }
        }
        for (device, count) in entries where !filter.ignores(device) {
            metrics.add(
                "node_arp_entries", help: "ARP entries by device", type: .gauge, labels: ["device": device],
                value: Double(count))
        }
    }
}
