import ArgusCore

/// `/proc/stat` as procfs 0.8 reads it for the `cpu` and `stat` collectors:
/// a malformed line of any kind (even one only the other collector uses)
/// fails the whole file.
struct ProcStat {
    /// The times of one `cpu` line, in seconds.
    struct CPUTimes: Equatable, Sendable {
        var user = 0.0
        var nice = 0.0
        var system = 0.0
        var idle = 0.0
        var iowait = 0.0
        var irq = 0.0
        var softirq = 0.0
        var steal = 0.0
        var guest = 0.0
        var guestNice = 0.0
    }

    /// The kernel's `USER_HZ`: `/proc/stat` counts in 1/100 s.
    private static let ticksPerSecond = 100.0
    /// More CPUs than Linux supports means the file is garbage.
    private static let maximumCPUs = 1 << 16

    var bootTime: UInt64 = 0
    /// Per-CPU times indexed by CPU number; numbers missing from the file
    /// are all zero, as procfs fills them.
    var cpus: [CPUTimes] = []
    var interruptsTotal: UInt64 = 0
    var contextSwitches: UInt64 = 0
    var processesCreated: UInt64 = 0
    var processesRunning: UInt64 = 0
    var processesBlocked: UInt64 = 0
    /// The ten vectors of the `softirq` line, in ``softirqVectors`` order.
    var softirqs: [UInt64] = Array(repeating: 0, count: 10)

    /// The `vector` label values of `node_softirqs_total`, in file order.
    static let softirqVectors = [
        "hi", "timer", "net_tx", "net_rx", "block", "block_iopoll", "tasklet", "sched", "hrtimer", "rcu",
    ]

    /// Reads and parses the file at `path`.
    init(path: String) throws(NodeCollectorError) {
        try self.init(parsing: HostFiles.readText(path), path: path)
    }

    /// Parses `text`, the content of `path`.
    init(parsing text: String, path: String) throws(NodeCollectorError) {
        for (index, line) in text.scannerLines().enumerated() {
            let parts = line.fields()
            guard parts.count >= 2 else { continue }
            func number(_ token: Substring) throws(NodeCollectorError) -> UInt64 {
                guard let value = ProcNumber.unsigned(token) else {
                    throw .malformed(path: path, line: index + 1, reason: "couldn't parse \"\(token)\" (\(parts[0]))")
                }
                return value
            }
            switch parts[0] {
            case "btime": bootTime = try number(parts[1])
            case "intr":
                interruptsTotal = try number(parts[1])
                for count in parts.dropFirst(2) { _ = try number(count) }
            case "ctxt": contextSwitches = try number(parts[1])
            case "processes": processesCreated = try number(parts[1])
            case "procs_running": processesRunning = try number(parts[1])
            case "procs_blocked": processesBlocked = try number(parts[1])
            case "softirq":
                guard parts.count >= 12 else {
                    throw .malformed(path: path, line: index + 1, reason: "softirq line has fewer than 11 counts")
                }
                _ = try number(parts[1])
                softirqs = try parts[2..<12].map { (token) throws(NodeCollectorError) in try number(token) }
            case let name where name.hasPrefix("cpu"):
                try parseCPU(parts, path: path, line: index + 1)
            default:
                continue
            }
        }
    }

    /// A `cpu` (total, ignored) or `cpuN` line. Like Go's `Sscanf`, missing
    /// trailing times (older kernels) count as zero and extra ones are ignored.
    private mutating func parseCPU(_ parts: [Substring], path: String, line: Int) throws(NodeCollectorError) {
        var values = [Double](repeating: 0, count: 10)
        for (slot, token) in parts.dropFirst().prefix(10).enumerated() {
            guard let value = GoFloat.parse(String(token)) else {
                throw .malformed(path: path, line: line, reason: "couldn't parse \"\(token)\" (\(parts[0]))")
            }
            values[slot] = value / Self.ticksPerSecond
        }
        let label = parts[0].dropFirst(3)
        if label.isEmpty { return }
        guard let number = Int64(label), number >= -1, number < Self.maximumCPUs else {
            throw .malformed(path: path, line: line, reason: "couldn't parse CPU number of \"\(parts[0])\"")
        }
        // procfs reads "cpu-1" as the total line too.
        if number == -1 { return }
        let times = CPUTimes(
            user: values[0], nice: values[1], system: values[2], idle: values[3], iowait: values[4], irq: values[5],
            softirq: values[6], steal: values[7], guest: values[8], guestNice: values[9])
        while cpus.count <= Int(number) { cpus.append(CPUTimes()) }
        cpus[Int(number)] = times
    }
}
