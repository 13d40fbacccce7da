import ArgusConfig
import GoTemplate

/// A named entry of `time_intervals` (or the deprecated `mute_time_intervals`): a time is
/// inside it when any of its ranges contains it.
public struct TimeInterval: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "time_interval"

    public var name: String
    public var ranges: [TimeIntervalRange]

    public init(name: String, ranges: [TimeIntervalRange]) {
        self.name = name
        self.ranges = ranges
    }

    /// Whether any range contains `time`.
    public func contains(_ time: GoTime) -> Bool {
        ranges.contains { $0.contains(time) }
    }

    enum CodingKeys: String, CodingKey {
        case name, ranges = "time_intervals"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        ranges = try container.decodeIfPresent([TimeIntervalRange].self, forKey: .ranges) ?? []
    }
}
