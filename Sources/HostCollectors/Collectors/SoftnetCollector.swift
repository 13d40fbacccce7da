/// `softnet`: per-CPU packets processed, dropped and time squeezes from
/// `/proc/net/softnet_stat` (hexadecimal columns, one line per CPU).
struct SoftnetCollector: NodeCollector {
    static let name = "softnet"
    static let enabledByDefault = true

    /// Lines narrower than this come from a kernel procfs does not know.
    private static let minimumColumns = 9

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let path = paths.proc("net", "softnet_stat")
        var rows: [[UInt32]] = []
        for (index, line) in try HostFiles.readText(path).scannerLines().enumerated() {
            let columns = line.fields()
            guard columns.count >= Self.minimumColumns else {
                throw NodeCollectorError.malformed(
                    path: path, line: index + 1,
                    reason: "\(columns.count) columns were detected, but at least \(Self.minimumColumns) were expected")
            }
            var row: [UInt32] = []
            for column in columns.prefix(3) {
                guard column.utf8.allSatisfy(\.isHexDigit), let value = UInt32(column, radix: 16) else {
                    throw NodeCollectorError.malformed(path: path, line: index + 1, reason: "invalid column \(column)")
                }
                row.append(value)
            }
            rows.append(row)
        }
        // The CPU label is the line number, as procfs 0.8 counts.
        for (number, row) in rows.enumerated() {
            let labels: KeyValuePairs<String, String> = ["cpu": String(number)]
            metrics.add(
                "node_softnet_processed_total", help: "Number of processed packets", type: .counter, labels: labels,
                value: Double(row[0]))
            metrics.add(
                "node_softnet_dropped_total", help: "Number of dropped packets", type: .counter, labels: labels,
                value: Double(row[1]))
            metrics.add(
                "node_softnet_times_squeezed_total", help: "Number of times processing packets ran out of quota",
                type: .counter, labels: labels, value: Double(row[2]))
        }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
