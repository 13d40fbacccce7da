import ArgusCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The standard `process_*` metrics every Prometheus-family server exposes
/// (CPU time, memory, open files, start time), read from `/proc/self` on
/// each scrape as client_golang's process collector does. Empty on systems
/// without a proc filesystem.
public enum ProcessMetrics {
    /// One process metric.
    public struct Metric: Sendable {
        public var name: String
        public var help: String
        public var isCounter: Bool
        public var value: Double
    }

    /// The text exposition of the process metrics.
    public static func exposition() -> String {
        var out = ""
        for metric in current() {
            let type = metric.isCounter ? "counter" : "gauge"
            out += "# HELP \(metric.name) \(metric.help)\n# TYPE \(metric.name) \(type)\n"
            out += "\(metric.name) \(GoFloat.formatG(metric.value))\n"
        }
        return out
    }

    /// The process metrics now, in name order.
    public static func current() -> [Metric] {
        guard let stat = read("/proc/self/stat"), let close = stat.lastIndex(of: ")") else { return [] }
        // Fields after the command name, starting with field 3 (state).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 22, let utime = Double(fields[11]), let stime = Double(fields[12]),
            let start = Double(fields[19]), let virtual = Double(fields[20]), let rss = Double(fields[21])
        else { return [] }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        var out: [Metric] = []
        func add(_ name: String, _ help: String, _ type: String, _ value: Double) {
            out.append(Metric(name: name, help: help, isCounter: type == "counter", value: value))
        }
        add(
            "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter",
            (utime + stime) / ticks)
        if let limit = maxOpenFiles() {
            add("process_max_fds", "Maximum number of open file descriptors.", "gauge", limit)
        }
        if let open = openFiles() {
            add("process_open_fds", "Number of open file descriptors.", "gauge", open)
        }
        add("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", rss * pageSize)
        if let boot = bootTime {
            add(
                "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "gauge",
                boot + start / ticks)
        }
        add("process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", virtual)
        return out
    }

    /// The host's boot time; it does not change, so `/proc/stat` is read once.
    private static let bootTime: Double? = {
        guard let stat = read("/proc/stat") else { return nil }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6))
        }
        return nil
    }()

    private static func maxOpenFiles() -> Double? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return Double(limit.rlim_cur)
    }

    private static func openFiles() -> Double? {
        guard let dir = opendir("/proc/self/fd") else { return nil }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            if entry.pointee.d_name.0 != UInt8(ascii: ".") { count += 1 }
        }
        // The directory stream itself holds one descriptor.
        return Double(max(0, count - 1))
    }

    private static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
