#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `sockstat`: socket counts and memory per protocol from
/// `/proc/net/sockstat` and, when IPv6 is on, `/proc/net/sockstat6`.
struct SockstatCollector: NodeCollector {
    static let name = "sockstat"
    static let enabledByDefault = true

    /// The counters of one protocol line, in the order node-exporter reports them.
    private static let counters = ["inuse", "orphan", "tw", "alloc", "mem", "memory"]

    /// One protocol line: `TCP: inuse 1 orphan 0 tw 0 alloc 1 mem 3`.
    private struct ProtocolLine {
        var name: String
        var counters: [String: Int64]
    }

    /// One parsed file.
    private struct Sockstat {
        /// `sockets: used N`, which only the IPv4 file has.
        var socketsUsed: Int64?
        var protocols: [ProtocolLine] = []
    }

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        // Both files are read before anything is reported: an unreadable one fails the scrape.
        let ipv4 = try ProcFile.ifPresent(paths.proc("net", "sockstat")).map(Self.parse)
        let ipv6 = try ProcFile.ifPresent(paths.proc("net", "sockstat6")).map(Self.parse)
        if let used = ipv4?.socketsUsed {
            metrics.add(
                "node_sockstat_sockets_used", help: "Number of IPv4 sockets in use.", type: .gauge, value: Double(used))
        }
        let pageSize = Int64(sysconf(Int32(_SC_PAGESIZE)))
        for line in (ipv4?.protocols ?? []) + (ipv6?.protocols ?? []) {
            var values: [(String, Int64)] = []
            for counter in Self.counters {
                // inuse is always reported (0 when missing), the others only when present.
                if let value = line.counters[counter] ?? (counter == "inuse" ? 0 : nil) {
                    values.append((counter, value))
                }
            }
            if let pages = line.counters["mem"] {
                values.append(("mem_bytes", pages &* pageSize))
            }
            for (counter, value) in values {
                metrics.add(
                    "node_sockstat_\(line.name)_\(counter)",
                    help: "Number of \(line.name) sockets in state \(counter).", type: .gauge, value: Double(value))
            }
        }
    }

    /// Parses `Proto: key value key value…` lines, split on single spaces.
    private static func parse(_ file: ProcFile) throws(NodeCollectorError) -> Sockstat {
        var sockstat = Sockstat()
        for (index, line) in file.lines.enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count >= 3 else { throw file.malformed(line: index, "malformed sockstat line") }
            guard fields.count % 2 == 1 else {
                throw file.malformed(line: index, "odd number of fields in key/value pairs")
            }
            var counters: [String: Int64] = [:]
            for pair in stride(from: 1, to: fields.count, by: 2) {
                guard let value = ProcNumber.signedAnyBase(fields[pair + 1]) else {
                    throw file.malformed(line: index, "invalid value \"\(fields[pair + 1])\" for \(fields[pair])")
                }
                counters[String(fields[pair])] = value
            }
            let name = fields[0].hasSuffix(":") ? fields[0].dropLast() : fields[0]
            if name == "sockets" {
                sockstat.socketsUsed = counters["used", default: 0]
            } else {
                sockstat.protocols.append(ProtocolLine(name: String(name), counters: counters))
            }
        }
        return sockstat
    }
}
