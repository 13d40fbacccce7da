import Foundation

/// A time zone read from the system's TZif database (`/usr/share/zoneinfo`), enough to turn
/// an instant into local wall-clock time as Go's `time.Location` does.
public struct TimeZoneInfo: Hashable, Sendable, CustomStringConvertible {
    /// A zone that cannot be loaded; the text is Go's (`unknown time zone Foo/Bar`).
    public struct LoadError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// One local time type: its offset east of UTC and abbreviation.
    struct LocalType: Hashable, Sendable {
        var offset: Int
        var isDST: Bool
        var abbreviation: String
    }

    /// The name as given (`Europe/Berlin`, `UTC`, `Local`).
    public let name: String
    /// Transition instants (Unix seconds), ascending, and the type that starts at each.
    let transitions: [Int64]
    let transitionTypes: [Int]
    let types: [LocalType]
    /// The POSIX TZ rule for instants after the last transition, when the file has one.
    let rule: PosixTimeZoneRule?

    public static let utc = TimeZoneInfo(name: "UTC", transitions: [], transitionTypes: [], types: [], rule: nil)

    /// The directories searched, in order (Go's list for Unix).
    static let searchDirectories = ["/usr/share/zoneinfo/", "/usr/share/lib/zoneinfo/", "/usr/lib/locale/TZ/"]

    /// Loads a zone the way Go's `time.LoadLocation` does: empty and `UTC` are UTC, `Local` is the
    /// system zone (`TZ`, else `/etc/localtime`), anything else is a file of the database.
    public static func load(_ name: String) throws(LoadError) -> TimeZoneInfo {
        if name.isEmpty || name == "UTC" { return .utc }
        if name == "Local" { return local() }
        if name.hasPrefix("/") || name.hasPrefix("\\") || name.split(separator: "/").contains("..")
            || name.contains("\\")
        {
            throw LoadError(description: "time: invalid location name")
        }
        var directories = searchDirectories
        if let zoneinfo = ProcessInfo.processInfo.environment["ZONEINFO"], !zoneinfo.isEmpty {
            directories.insert(zoneinfo.hasSuffix("/") ? zoneinfo : zoneinfo + "/", at: 0)
        }
        for directory in directories {
            if let data = FileManager.default.contents(atPath: directory + name),
                let zone = try? TimeZoneInfo(name: name, tzif: data)
            {
                return zone
            }
        }
        throw LoadError(description: "unknown time zone \(name)")
    }

    /// The system's zone named `Local`; UTC when it cannot be read.
    public static func local() -> TimeZoneInfo {
        let environment = ProcessInfo.processInfo.environment
        if let tz = environment["TZ"] {
            if tz.isEmpty { return TimeZoneInfo(renaming: .utc, to: "Local") }
            let name = tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
            if name.hasPrefix("/"), let data = FileManager.default.contents(atPath: name),
                let zone = try? TimeZoneInfo(name: "Local", tzif: data)
            {
                return zone
            }
            if let zone = try? load(name), name != "Local" { return TimeZoneInfo(renaming: zone, to: "Local") }
        }
        if let data = FileManager.default.contents(atPath: "/etc/localtime"),
            let zone = try? TimeZoneInfo(name: "Local", tzif: data)
        {
            return zone
        }
        return TimeZoneInfo(renaming: .utc, to: "Local")
    }

    init(name: String, transitions: [Int64], transitionTypes: [Int], types: [LocalType], rule: PosixTimeZoneRule?) {
        self.name = name
        self.transitions = transitions
        self.transitionTypes = transitionTypes
        self.types = types
        self.rule = rule
    }

    init(renaming zone: TimeZoneInfo, to name: String) {
        self.init(
            name: name, transitions: zone.transitions, transitionTypes: zone.transitionTypes, types: zone.types,
            rule: zone.rule)
    }

    /// The offset east of UTC, in seconds, in effect at `seconds` since the Unix epoch.
    public func offset(at seconds: Int64) -> Int {
        localType(at: seconds).offset
    }

    /// The abbreviation (`CET`, `CEST`) in effect at `seconds` since the Unix epoch.
    public func abbreviation(at seconds: Int64) -> String {
        localType(at: seconds).abbreviation
    }

    func localType(at seconds: Int64) -> LocalType {
        guard !types.isEmpty else { return LocalType(offset: 0, isDST: false, abbreviation: "UTC") }
        guard let first = transitions.first, seconds >= first else { return firstStandardType() }
        if let last = transitions.last, seconds >= last, let rule {
            return rule.localType(at: seconds)
        }
        // The last transition at or before `seconds`.
        var low = 0
        var high = transitions.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if transitions[middle] <= seconds { low = middle } else { high = middle }
        }
        return types[transitionTypes[low]]
    }

    /// What Go uses before the first transition: the first standard-time type, else the first type.
    private func firstStandardType() -> LocalType {
        types.first { !$0.isDST } ?? types[0]
    }

    public var description: String { name }
}
