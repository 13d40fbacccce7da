/// The `--collector.<name>.<option>` flags of node-exporter 1.5 that Argus
/// supports, with node-exporter's defaults.
public struct NodeCollectorOptions: Sendable {
    /// `--collector.arp.device-include` / `-exclude`.
    public var arpDeviceInclude: String?
    public var arpDeviceExclude: String?
    /// `--collector.cpu.guest`: report `node_cpu_guest_seconds_total`.
    public var cpuGuest = true
    /// `--collector.cpu.info`: report `node_cpu_info` and friends.
    public var cpuInfo = false
    public var cpuInfoFlagsInclude: String?
    public var cpuInfoBugsInclude: String?
    /// `--collector.diskstats.device-exclude` / `-include`.
    public var diskstatsDeviceExclude: String? = "^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$"
    public var diskstatsDeviceInclude: String?
    /// `--collector.filesystem.mount-points-exclude` / `fs-types-exclude`.
    public var filesystemMountPointsExclude =
        "^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)"
    public var filesystemTypesExclude =
        "^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$"
    /// `--collector.netdev.device-include` / `-exclude`.
    public var netdevDeviceInclude: String?
    public var netdevDeviceExclude: String?
    /// `--collector.netdev.address-info`.
    public var netdevAddressInfo = false
    /// `--collector.netdev.netlink`: report the families node-exporter's
    /// netlink mode reports (adds `node_network_receive_nohandler_total`,
    /// read from sysfs); false gives the `/proc/net/dev` mode's families.
    public var netdevNetlink = true
    /// `--collector.netstat.fields`.
    public var netstatFields =
        "^(.*_(InErrors|InErrs)|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$"
    /// `--collector.powersupply.ignored-supplies`.
    public var powerSupplyIgnored = "^$"
    /// `--collector.stat.softirq`.
    public var statSoftirq = false
    /// `--collector.textfile.directory`; empty reads nothing.
    public var textfileDirectory = ""
    /// `--collector.vmstat.fields`.
    public var vmstatFields = "^(oom_kill|pgpg|pswp|pg.*fault).*"

    public init() {}
}
