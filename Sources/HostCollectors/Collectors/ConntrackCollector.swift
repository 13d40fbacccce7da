/// `conntrack`: the size of netfilter's connection tracking table from
/// `/proc/sys/net/netfilter/nf_conntrack_{count,max}`, and its event
/// counters summed over the CPUs of `/proc/net/stat/nf_conntrack`.
struct ConntrackCollector: NodeCollector {
    static let name = "conntrack"
    static let enabledByDefault = true

    /// The counters reported from `/proc/net/stat/nf_conntrack`: column
    /// position, metric name suffix and help text.
    private static let statistics: [(column: Int, name: String, help: String)] = [
        (2, "found", "Number of searched entries which were successful."),
        (4, "invalid", "Number of packets seen which can not be tracked."),
        (5, "ignore", "Number of packets seen which are already connected to a conntrack entry."),
        (8, "insert", "Number of entries inserted into the list."),
        (9, "insert_failed", "Number of entries for which list insertion was attempted but failed."),
        (10, "drop", "Number of packets dropped due to conntrack failure."),
        (
            11, "early_drop",
            "Number of dropped conntrack entries to make room for new ones, if maximum table size was reached."
        ),
        (16, "search_restart", "Number of conntrack table lookups which had to be restarted due to hashtable resizes."),
    ]

    /// The columns of a CPU's line in `/proc/net/stat/nf_conntrack`.
    private static let columnCount = 17

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let count = try value(paths.proc("sys", "net", "netfilter", "nf_conntrack_count"))
        metrics.add(
            "node_nf_conntrack_entries", help: "Number of currently allocated flow entries for connection tracking.",
            type: .gauge, value: Double(count))
        let limit = try value(paths.proc("sys", "net", "netfilter", "nf_conntrack_max"))
        metrics.add(
            "node_nf_conntrack_entries_limit", help: "Maximum size of connection tracking table.", type: .gauge,
            value: Double(limit))
        let totals = try statisticTotals()
        for (statistic, total) in zip(Self.statistics, totals) {
            metrics.add(
                "node_nf_conntrack_stat_" + statistic.name, help: statistic.help, type: .gauge, value: Double(total))
        }
    }

    /// A decimal value file; its absence means the conntrack module is not loaded.
    private func value(_ path: String) throws(NodeCollectorError) -> UInt64 {
        let text: Substring
        do {
            text = try HostFiles.readText(path).trimmingASCIIWhitespace()
        } catch {
            throw ProcFile.isMissing(error) ? .noData("conntrack probably not loaded") : error
        }
        guard let value = ProcNumber.unsigned(text) else {
            throw .malformed(path: path, line: nil, reason: "not an unsigned integer: \"\(text)\"")
        }
        return value
    }

    /// The reported counters summed over all CPU lines (hexadecimal, after a header line).
    private func statisticTotals() throws(NodeCollectorError) -> [UInt64] {
        guard let file = try ProcFile.ifPresent(paths.proc("net", "stat", "nf_conntrack")) else {
            throw .noData("conntrack probably not loaded")
        }
        var totals = [UInt64](repeating: 0, count: Self.statistics.count)
        for (index, line) in file.lines.enumerated().dropFirst() {
            let fields = line.fields()
            guard fields.count == Self.columnCount else {
                throw file.malformed(line: index, "invalid conntrackstat entry, missing fields")
            }
            // The entries column is checked too, though not reported.
            guard ProcNumber.unsigned(fields[0], radix: 16) != nil else {
                throw file.malformed(line: index, "couldn't parse \"\(fields[0])\" field")
            }
            for (position, statistic) in Self.statistics.enumerated() {
                guard let value = ProcNumber.unsigned(fields[statistic.column], radix: 16) else {
                    throw file.malformed(line: index, "couldn't parse \"\(fields[statistic.column])\" field")
                }
                totals[position] &+= value
            }
        }
        return totals
    }
}
