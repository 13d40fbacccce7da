import ArgusCore

/// `schedstat`: per-CPU running and waiting time and timeslices from
/// `/proc/schedstat` (no data when the kernel lacks `CONFIG_SCHEDSTATS`).
struct SchedstatCollector: NodeCollector {
    static let name = "schedstat"
    static let enabledByDefault = true

    private let paths: NodePaths
    private let cpuLine: RE2

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        cpuLine = try RE2(#"cpu(\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)"#)
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let text: String
        do {
            text = try HostFiles.readText(paths.proc("schedstat"))
        } catch {
            if error.isFileNotFound { throw NodeCollectorError.noData("schedstat file does not exist") }
            throw error
        }
        for line in text.scannerLines() {
            // Lines that don't match, or whose times overflow, are skipped.
            guard let groups = cpuLine.firstMatchGroups(in: String(line)), groups.count == 11,
                let cpu = groups[1], let running = groups[8].flatMap({ ProcNumber.unsigned($0) }),
                let waiting = groups[9].flatMap({ ProcNumber.unsigned($0) }),
                let timeslices = groups[10].flatMap({ ProcNumber.unsigned($0) })
            else { continue }
            let labels: KeyValuePairs<String, String> = ["cpu": String(cpu)]
            // The times are in nanoseconds.
            metrics.add(
                "node_schedstat_running_seconds_total", help: "Number of seconds CPU spent running a process.",
                type: .counter, labels: labels, value: Double(running) / 1e9)
            metrics.add(
                "node_schedstat_waiting_seconds_total",
                help: "Number of seconds spent by processing waiting for this CPU.", type: .counter, labels: labels,
                value: Double(waiting) / 1e9)
            metrics.add(
                "node_schedstat_timeslices_total", help: "Number of timeslices executed by CPU.", type: .counter,
                labels: labels, value: Double(timeslices))
        }
    }
}
