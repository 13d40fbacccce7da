/// node-exporter's per-collector flags: `--collector.<name>`,
/// `--no-collector.<name>`, `--collector.disable-defaults` and the
/// `--collector.<name>.<option>` settings.
public struct NodeCollectorFlags: Sendable {
    private enum Setting {
        case text(WritableKeyPath<NodeCollectorOptions, String>)
        case optionalText(WritableKeyPath<NodeCollectorOptions, String?>)
        case bool(WritableKeyPath<NodeCollectorOptions, Bool>)
    }

    private static var settings: [String: Setting] {
        [
            "collector.arp.device-include": .optionalText(\.arpDeviceInclude),
            "collector.arp.device-exclude": .optionalText(\.arpDeviceExclude),
            "collector.cpu.guest": .bool(\.cpuGuest),
            "collector.cpu.info": .bool(\.cpuInfo),
            "collector.cpu.info.flags-include": .optionalText(\.cpuInfoFlagsInclude),
            "collector.cpu.info.bugs-include": .optionalText(\.cpuInfoBugsInclude),
            "collector.diskstats.device-exclude": .optionalText(\.diskstatsDeviceExclude),
            "collector.diskstats.device-include": .optionalText(\.diskstatsDeviceInclude),
            "collector.filesystem.mount-points-exclude": .text(\.filesystemMountPointsExclude),
            "collector.filesystem.fs-types-exclude": .text(\.filesystemTypesExclude),
            "collector.netdev.device-include": .optionalText(\.netdevDeviceInclude),
            "collector.netdev.device-exclude": .optionalText(\.netdevDeviceExclude),
            "collector.netdev.address-info": .bool(\.netdevAddressInfo),
            "collector.netdev.netlink": .bool(\.netdevNetlink),
            "collector.netstat.fields": .text(\.netstatFields),
            "collector.powersupply.ignored-supplies": .text(\.powerSupplyIgnored),
            "collector.stat.softirq": .bool(\.statSoftirq),
            "collector.textfile.directory": .text(\.textfileDirectory),
            "collector.vmstat.fields": .text(\.vmstatFields),
        ]
    }

    /// Every collector node-exporter 1.5 has on Linux: disabling one this
    /// build lacks is harmless, so `--no-collector.<name>` is accepted for them.
    static let upstreamCollectors: Set<String> = [
        "arp", "bcache", "bonding", "btrfs", "buddyinfo", "cgroups", "conntrack", "cpu", "cpufreq", "diskstats",
        "dmi", "drbd", "drm", "edac", "entropy", "ethtool", "fibrechannel", "filefd", "filesystem", "hwmon",
        "infiniband", "interrupts", "ipvs", "ksmd", "lnstat", "loadavg", "logind", "mdadm", "meminfo",
        "meminfo_numa", "mountstats", "netclass", "netdev", "netstat", "network_route", "nfs", "nfsd", "ntp", "nvme",
        "os", "perf", "powersupplyclass", "pressure", "processes", "qdisc", "rapl", "runit", "schedstat", "selinux",
        "slabinfo", "sockstat", "softnet", "stat", "supervisord", "sysctl", "systemd", "tapestats", "tcpstat",
        "textfile", "thermal_zone", "time", "timex", "udp_queues", "uname", "vmstat", "wifi", "xfs", "zfs",
        "zoneinfo",
    ]

    /// Include/exclude flag pairs: they cannot both be given, and an
    /// include replaces the exclude's default.
    private static var exclusive:
        [(include: String, exclude: String, excludeOption: WritableKeyPath<NodeCollectorOptions, String?>)]
    {
        [
            ("collector.arp.device-include", "collector.arp.device-exclude", \.arpDeviceExclude),
            ("collector.diskstats.device-include", "collector.diskstats.device-exclude", \.diskstatsDeviceExclude),
            ("collector.netdev.device-include", "collector.netdev.device-exclude", \.netdevDeviceExclude),
        ]
    }

    /// The enabled collectors after the flags.
    public private(set) var collectors: [String]
    /// The collector options after the flags.
    public private(set) var options: NodeCollectorOptions

    /// Applies `arguments` (the flags the command line did not know) in order.
    public init(
        _ arguments: [String], options: NodeCollectorOptions = NodeCollectorOptions()
    ) throws(NodeCollectorError) {
        var options = options
        let known = Set(NodeExporter.collectorTypes.map { $0.name })
        var enabled = Set(NodeExporter.defaultCollectorNames)
        var explicit: [String: Bool] = [:]
        var given: Set<String> = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else {
                throw .invalidOption(flag: argument, reason: "unexpected argument")
            }
            var name = String(argument.dropFirst(2))
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            let negated = name.hasPrefix("no-")
            let flag = negated ? String(name.dropFirst(3)) : name
            if flag == "collector.disable-defaults" {
                guard value == nil else { throw .invalidOption(flag: flag, reason: "takes no value") }
                if !negated { enabled = [] }
                continue
            }
            let parts = flag.split(separator: ".", maxSplits: 1)
            if parts.count == 2, parts[0] == "collector", known.contains(String(parts[1])) {
                guard value == nil else { throw .invalidOption(flag: flag, reason: "takes no value") }
                explicit[String(parts[1])] = !negated
                continue
            }
            if negated, value == nil, parts.count == 2, parts[0] == "collector",
                Self.upstreamCollectors.contains(String(parts[1]))
            {
                continue
            }
            guard let setting = Self.settings[flag] else {
                if parts.count == 2, parts[0] == "collector" {
                    let collector = parts[1].split(separator: ".").first.map(String.init) ?? ""
                    if !known.contains(collector) {
                        throw .invalidOption(
                            flag: flag, reason: "collector \"\(collector)\" is not supported by Argus")
                    }
                }
                throw .invalidOption(flag: flag, reason: "unknown flag")
            }
            switch setting {
            case .bool(let path):
                guard value == nil || value == "true" || value == "false" else {
                    throw .invalidOption(flag: flag, reason: "expected true or false, got \"\(value ?? "")\"")
                }
                options[keyPath: path] = !negated && value != "false"
            case .text, .optionalText:
                guard !negated else { throw .invalidOption(flag: flag, reason: "is not a boolean flag") }
                if value == nil {
                    guard index < arguments.count else { throw .invalidOption(flag: flag, reason: "expected a value") }
                    value = arguments[index]
                    index += 1
                }
                if case .text(let path) = setting { options[keyPath: path] = value ?? "" }
                if case .optionalText(let path) = setting { options[keyPath: path] = value }
            }
            given.insert(flag)
        }
        for (include, exclude, excludeOption) in Self.exclusive where given.contains(include) {
            guard !given.contains(exclude) else {
                throw .invalidOption(flag: include, reason: "is mutually exclusive with --\(exclude)")
            }
            options[keyPath: excludeOption] = nil
        }
        for (name, on) in explicit {
            if on { enabled.insert(name) } else { enabled.remove(name) }
        }
        self.collectors = enabled.sorted()
        self.options = options
    }
}
