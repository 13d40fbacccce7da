/// Why a collector could not report.
public enum NodeCollectorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The host has nothing for this collector (no bonding, no hwmon, …):
    /// node-exporter's `ErrNoData`, logged at debug level.
    case noData(String)
    /// A file the collector reads could not be read.
    case unreadable(path: String, reason: String)
    /// A file had content the collector could not parse.
    case malformed(path: String, line: Int?, reason: String)
    /// A collector option (a `--collector.<name>.<option>` flag) is invalid.
    case invalidOption(flag: String, reason: String)

    public var description: String {
        switch self {
        case .noData(let what): return "collector returned no data: \(what)"
        case .unreadable(let path, let reason): return "couldn't read \(path): \(reason)"
        case .malformed(let path, let line?, let reason): return "\(path):\(line): \(reason)"
        case .malformed(let path, nil, let reason): return "\(path): \(reason)"
        case .invalidOption(let flag, let reason): return "--\(flag): \(reason)"
        }
    }

    /// Whether this error is node-exporter's "no data" (debug, not error).
    public var isNoData: Bool {
        if case .noData = self { return true }
        return false
    }
}
