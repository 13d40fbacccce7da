/// `udp_queues`: the bytes queued in all UDP sockets for sending and
/// receiving, summed over the sockets of `/proc/net/udp` and `/proc/net/udp6`.
struct UDPQueuesCollector: NodeCollector {
    static let name = "udp_queues"
    static let enabledByDefault = true

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        var found = false
        for (file, ip) in [("udp", "v4"), ("udp6", "v6")] {
            guard let table = try ProcFile.ifPresent(paths.proc("net", file)) else { continue }
            found = true
            let (transmit, receive) = try Self.queueTotals(table)
            for (queue, bytes) in [("tx", transmit), ("rx", receive)] {
                metrics.add(
                    "node_udp_queues", help: "Number of allocated memory in the kernel for UDP datagrams in bytes.",
                    type: .gauge, labels: ["queue": queue, "ip": ip], value: Double(bytes))
            }
        }
        guard found else { throw NodeCollectorError.noData("no /proc/net/udp or /proc/net/udp6") }
    }

    /// The transmit and receive queue lengths summed over the sockets of
    /// `file`, each socket line checked as procfs checks it.
    private static func queueTotals(_ file: ProcFile) throws(NodeCollectorError) -> (UInt64, UInt64) {
        var transmit: UInt64 = 0
        var receive: UInt64 = 0
        // The first line is the column header.
        for (index, line) in file.lines.enumerated().dropFirst() {
            let fields = line.fields()
            guard fields.count >= 10 else {
                throw file.malformed(line: index, "cannot parse net socket line as it has less then 10 columns")
            }
            let slot = fields[0].split(separator: ":", omittingEmptySubsequences: false)
            guard slot.count == 2, ProcNumber.unsignedAnyBase(slot[0]) != nil else {
                throw file.malformed(line: index, "cannot parse sl field \"\(fields[0])\"")
            }
            for field in fields[1...2] {
                let parts = field.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, isAddress(parts[0]), ProcNumber.unsigned(parts[1], radix: 16) != nil else {
                    throw file.malformed(line: index, "cannot parse address \"\(field)\"")
                }
            }
            guard ProcNumber.unsigned(fields[3], radix: 16) != nil else {
                throw file.malformed(line: index, "cannot parse st value \"\(fields[3])\"")
            }
            let queues = fields[4].split(separator: ":", omittingEmptySubsequences: false)
            guard queues.count == 2, let tx = ProcNumber.unsigned(queues[0], radix: 16),
                let rx = ProcNumber.unsigned(queues[1], radix: 16)
            else {
                throw file.malformed(line: index, "cannot parse tx/rx queues \"\(fields[4])\"")
            }
            guard ProcNumber.unsignedAnyBase(fields[7]) != nil, ProcNumber.unsignedAnyBase(fields[9]) != nil else {
                throw file.malformed(line: index, "cannot parse uid \"\(fields[7])\" or inode \"\(fields[9])\"")
            }
            transmit &+= tx
            receive &+= rx
        }
        return (transmit, receive)
    }

    /// Whether `text` is a hex-encoded IPv4 or IPv6 address (8 or 32 hex digits).
    private static func isAddress(_ text: Substring) -> Bool {
        (text.utf8.count == 8 || text.utf8.count == 32) && text.utf8.allSatisfy(\.isHexDigit)
    }
}

extension UInt8 {
    /// Whether the byte is an ASCII hexadecimal digit.
    fileprivate var isHexDigit: Bool {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }
}
