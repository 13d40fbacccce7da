import ArgusCore

/// `pressure`: total stall times of the pressure stall information in
/// `/proc/pressure/{cpu,io,memory}`. Without PSI (kernel before 4.20,
/// `CONFIG_PSI` off, or `psi=0`) there is no data.
struct PressureCollector: NodeCollector {
    static let name = "pressure"
    static let enabledByDefault = true

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        for resource in ["cpu", "io", "memory"] {
            let path = paths.proc("pressure", resource)
            let text: String
            do {
                text = try HostFiles.readText(path)
            } catch {
                if error.isFileNotFound { throw NodeCollectorError.noData("pressure information is unavailable") }
                if error.isNotSupported { throw NodeCollectorError.noData("pressure information is disabled") }
                throw error
            }
            let (some, full) = try Self.parse(text, path: path)
            // node-exporter crashes on a file without the lines it reports.
            guard let some, resource == "cpu" || full != nil else {
                throw NodeCollectorError.malformed(path: path, line: nil, reason: "missing \"some\" or \"full\" line")
            }
            // The totals are in microseconds.
            let someSeconds = Double(some) / 1000.0 / 1000.0
            let fullSeconds = Double(full ?? 0) / 1000.0 / 1000.0
            switch resource {
            case "cpu":
                metrics.add(
                    "node_pressure_cpu_waiting_seconds_total",
                    help: "Total time in seconds that processes have waited for CPU time", type: .counter,
                    value: someSeconds)
            case "io":
                metrics.add(
                    "node_pressure_io_waiting_seconds_total",
                    help: "Total time in seconds that processes have waited due to IO congestion", type: .counter,
                    value: someSeconds)
                metrics.add(
                    "node_pressure_io_stalled_seconds_total",
                    help: "Total time in seconds no process could make progress due to IO congestion",
                    type: .counter, value: fullSeconds)
            default:
                metrics.add(
                    "node_pressure_memory_waiting_seconds_total",
                    help: "Total time in seconds that processes have waited for memory", type: .counter,
                    value: someSeconds)
                metrics.add(
                    "node_pressure_memory_stalled_seconds_total",
                    help: "Total time in seconds no process could make progress due to memory congestion",
                    type: .counter, value: fullSeconds)
            }
        }
    }

    /// The `total=` microseconds of the "some" and "full" lines (nil when
    /// missing); lines of other kinds are ignored.
    static func parse(_ text: String, path: String) throws(NodeCollectorError) -> (some: UInt64?, full: UInt64?) {
        var some: UInt64?
        var full: UInt64?
        for (index, line) in text.scannerLines().enumerated() {
            let kind = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard kind == "some" || kind == "full" else { continue }
            let total = try parseLine(line, path: path, line: index + 1)
            if kind == "some" { some = total } else { full = total }
        }
        return (some, full)
    }

    /// "some avg10=0.00 avg60=0.00 avg300=0.00 total=0": checks the averages, returns the total.
    private static func parseLine(_ text: Substring, path: String, line: Int) throws(NodeCollectorError) -> UInt64 {
        let parts = text.fields()
        let keys = ["avg10=", "avg60=", "avg300=", "total="]
        guard parts.count >= 5 else {
            throw .malformed(path: path, line: line, reason: "expected \"avg10=… avg60=… avg300=… total=…\"")
        }
        for (key, part) in zip(keys, parts.dropFirst()) {
            let valid =
                part.hasPrefix(key)
                && (key == "total="
                    ? ProcNumber.unsigned(part.dropFirst(key.count)) != nil
                    : GoFloat.parse(String(part.dropFirst(key.count))) != nil)
            guard valid else { throw .malformed(path: path, line: line, reason: "invalid \"\(part)\"") }
        }
        return ProcNumber.unsigned(parts[4].dropFirst(6)) ?? 0
    }
}
