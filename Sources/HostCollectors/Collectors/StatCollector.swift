/// `stat`: boot time, context switches, forks, interrupts and process
/// counts from `/proc/stat`; with `--collector.stat.softirq` also the
/// softirq calls per vector.
struct StatCollector: NodeCollector {
    static let name = "stat"
    static let enabledByDefault = true

    private let paths: NodePaths
    private let softirq: Bool

    init(environment: NodeEnvironment) {
        paths = environment.paths
        softirq = environment.options.statSoftirq
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let stat = try ProcStat(path: paths.proc("stat"))
        metrics.add(
            "node_intr_total", help: "Total number of interrupts serviced.", type: .counter,
            value: Double(stat.interruptsTotal))
        metrics.add(
            "node_context_switches_total", help: "Total number of context switches.", type: .counter,
            value: Double(stat.contextSwitches))
        metrics.add(
            "node_forks_total", help: "Total number of forks.", type: .counter, value: Double(stat.processesCreated))
        metrics.add(
            "node_boot_time_seconds", help: "Node boot time, in unixtime.", type: .gauge, value: Double(stat.bootTime))
        metrics.add(
            "node_procs_running", help: "Number of processes in runnable state.", type: .gauge,
            value: Double(stat.processesRunning))
        metrics.add(
            "node_procs_blocked", help: "Number of processes blocked waiting for I/O to complete.", type: .gauge,
            value: Double(stat.processesBlocked))
        guard softirq else { return }
        for (vector, count) in zip(ProcStat.softirqVectors, stat.softirqs) {
            metrics.add(
                "node_softirqs_total", help: "Number of softirq calls.", type: .counter, labels: ["vector": vector],
                value: Double(count))
        }
    }
}
