/// `netdev`: the traffic counters of each network device in `/proc/net/dev`.
///
/// node-exporter 1.5 asks netlink for these by default
/// (`--collector.netdev.netlink`); netlink's counters are the same ones the
/// kernel sums into `/proc/net/dev`, plus `rx_nohandler`, which this
/// collector then reads from `/sys/class/net/<device>/statistics`. With
/// `netdevNetlink` off it reports exactly the `/proc/net/dev` families.
struct NetdevCollector: NodeCollector {
    static let name = "netdev"
    static let enabledByDefault = true

    /// The columns of `/proc/net/dev` after the device name, under the
    /// names node-exporter gives them.
    private static let columns = [
        "receive_bytes", "receive_packets", "receive_errs", "receive_drop", "receive_fifo", "receive_frame",
        "receive_compressed", "receive_multicast", "transmit_bytes", "transmit_packets", "transmit_errs",
        "transmit_drop", "transmit_fifo", "transmit_colls", "transmit_carrier", "transmit_compressed",
    ]

    private let paths: NodePaths
    private let filter: DeviceFilter
    private let netlink: Bool
    private let addressInfo: Bool

    init(environment: NodeEnvironment) throws {
        let options = environment.options
        paths = environment.paths
        filter = try DeviceFilter(
            exclude: options.netdevDeviceExclude, include: options.netdevDeviceInclude,
            flagPrefix: "collector.netdev.device", exclusive: true)
        netlink = options.netdevNetlink
        addressInfo = options.netdevAddressInfo
    }

    func update(_ metrics: inout NodeMetrics) throws {
        for (device, values) in try devices() where !filter.ignores(device) {
            for (column, value) in zip(Self.columns, values) {
                add(column, device: device, value: value, to: &metrics)
            }
            if netlink, let dropped = packetsWithoutHandler(device) {
                add("receive_nohandler", device: device, value: dropped, to: &metrics)
            }
        }
        if addressInfo {
            for address in try NetworkAddress.all() {
                metrics.add(
                    "node_network_address_info", help: "node network address by device", type: .gauge,
                    labels: [
                        "device": address.device, "address": address.address, "netmask": String(address.prefixLength),
                        "scope": address.scope,
                    ], value: 1)
            }
        }
    }

    private func add(_ statistic: String, device: String, value: UInt64, to metrics: inout NodeMetrics) {
        metrics.add(
            "node_network_\(statistic)_total", help: "Network device statistic \(statistic).", type: .counter,
            labels: ["device": device], value: Double(value))
    }

    /// The kernel's `rx_nohandler` counter of `device` (packets no protocol
    /// took), which netlink reports and `/proc/net/dev` does not; nil when
    /// sysfs does not have it (kernels before 4.6, or a sysfs of another
    /// network namespace).
    private func packetsWithoutHandler(_ device: String) -> UInt64? {
        try? HostFiles.readUInt(paths.sys("class", "net", device, "statistics", "rx_nohandler"))
    }

    /// The counters of each device, by name (a repeated name keeps its last line).
    private func devices() throws(NodeCollectorError) -> [String: [UInt64]] {
        let file = try ProcFile(paths.proc("net", "dev"))
        var devices: [String: [UInt64]] = [:]
        // The first two lines are the column headers.
        for (index, line) in file.lines.enumerated().dropFirst(2) {
            guard let colon = line.lastIndex(of: ":") else {
                throw file.malformed(line: index, "invalid net/dev line, missing colon")
            }
            let name = line[..<colon].trimmingASCIIWhitespace()
            guard !name.isEmpty else { throw file.malformed(line: index, "invalid net/dev line, empty interface name") }
            let fields = line[line.index(after: colon)...].fields()
            guard fields.count >= Self.columns.count else {
                throw file.malformed(line: index, "expected \(Self.columns.count) counters, got \(fields.count)")
            }
            var values: [UInt64] = []
            for field in fields.prefix(Self.columns.count) {
                guard let value = ProcNumber.unsigned(field) else {
                    throw file.malformed(line: index, "invalid counter \"\(field)\"")
                }
                values.append(value)
            }
            devices[String(name)] = values
        }
        return devices
    }
}
