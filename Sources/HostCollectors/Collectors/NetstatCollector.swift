import ArgusCore

/// `netstat`: the protocol counters of `/proc/net/netstat`, `/proc/net/snmp`
/// and (when IPv6 is on) `/proc/net/snmp6` whose `<Protocol>_<Name>`
/// matches `--collector.netstat.fields`.
struct NetstatCollector: NodeCollector {
    static let name = "netstat"
    static let enabledByDefault = true

    /// Counter values by protocol and counter name.
    private typealias Statistics = [String: [String: Double]]

    private let paths: NodePaths
    private let fields: MemoizedRegex

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        fields = MemoizedRegex(try RE2(option: environment.options.netstatFields, flag: "collector.netstat.fields"))
    }

    func update(_ metrics: inout NodeMetrics) throws {
        var statistics = try Self.pairedLines(ProcFile(paths.proc("net", "netstat")))
        // A protocol of a later file replaces the same protocol of an earlier one.
        statistics.merge(try Self.pairedLines(ProcFile(paths.proc("net", "snmp")))) { $1 }
        if let snmp6 = try ProcFile.ifPresent(paths.proc("net", "snmp6")) {
            statistics.merge(try Self.namedValues(snmp6)) { $1 }
        }
        for (proto, counters) in statistics {
            for (name, value) in counters where fields.contains(proto + "_" + name) {
                metrics.add(
                    "node_netstat_\(proto)_\(name)", help: "Statistic \(proto)\(name).", type: .untyped, value: value)
            }
        }
    }

    /// The `Proto: Name Name…` / `Proto: value value…` line pairs of
    /// `/proc/net/netstat` and `/proc/net/snmp`, split on single spaces.
    private static func pairedLines(_ file: ProcFile) throws(NodeCollectorError) -> Statistics {
        var statistics: Statistics = [:]
        for index in stride(from: 0, to: file.lines.count, by: 2) {
            let names = file.lines[index].utf8.split(separator: 0x20, omittingEmptySubsequences: false).map {
                Substring($0)
            }
            let valueLine = index + 1 < file.lines.count ? file.lines[index + 1] : ""
            let values = valueLine.utf8.split(separator: 0x20, omittingEmptySubsequences: false).map { Substring($0) }
            guard let first = names.first, first.count > 0 else {
                throw file.malformed(line: index, "missing protocol name")
            }
            let proto = String(first.dropLast())
            guard names.count == values.count else {
                throw file.malformed(line: index + 1, "field count mismatch for \(proto)")
            }
            var counters: [String: Double] = [:]
            for (name, text) in zip(names, values).dropFirst() {
                // Every value must be a number, whether its field is reported or not.
                guard let value = GoFloat.parse(String(text)) else {
                    throw file.malformed(line: index + 1, "invalid value \"\(text)\" for \(proto)\(name)")
                }
                counters[String(name)] = value
            }
            statistics[proto] = counters
        }
        return statistics
    }

    /// The `<Proto>6<Name> value` lines of `/proc/net/snmp6`.
    private static func namedValues(_ file: ProcFile) throws(NodeCollectorError) -> Statistics {
        var statistics: Statistics = [:]
        for (index, line) in file.lines.enumerated() {
            let fields = line.fields()
            guard fields.count >= 2, let six = fields[0].firstIndex(of: "6") else { continue }
            guard let value = GoFloat.parse(String(fields[1])) else {
                throw file.malformed(line: index, "invalid value \"\(fields[1])\" for \(fields[0])")
            }
            let end = fields[0].index(after: six)
            statistics[String(fields[0][..<end]), default: [:]][String(fields[0][end...])] = value
        }
        return statistics
    }
}
