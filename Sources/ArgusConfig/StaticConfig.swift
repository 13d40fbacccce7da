import ArgusCore

/// One entry of `static_configs`: fixed targets and the labels they share.
public struct StaticConfig: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "static_config"

    /// `host:port` addresses.
    public var targets: [String]
    /// Labels added to every target of the group.
    public var labels: Labels

    public init(targets: [String], labels: Labels = Labels()) {
        self.targets = targets
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case targets, labels
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        targets = try container.decode(.targets, default: [])
        let labels = try container.decode(.labels, default: [String: String]())
        for name in labels.keys.sorted() where name.isEmpty {
            throw ConfigValidationError("\"\" is not a valid label name", field: "labels")
        }
        self.labels = Labels(labels.filter { !$0.value.isEmpty })
    }

    /// Upstream's `CheckTargetAddress` for every target: an address cannot hold a path.
    func checkTargetAddresses() throws(ConfigValidationError) {
        for (index, target) in targets.enumerated() where target.contains("/") {
            throw ConfigValidationError(
                "\(GoString.quote(target)) is not a valid hostname", at: [.key("targets"), .index(index)])
        }
    }

    /// ``checkTargetAddresses()`` for each group of a section's `static_configs`,
    /// with errors located under that key. Sections call it only without
    /// `relabel_configs`, which may still rewrite `__address__`.
    static func checkTargetAddresses(of groups: [StaticConfig]) throws(ConfigValidationError) {
        for (index, group) in groups.enumerated() {
            do {
                try group.checkTargetAddresses()
            } catch {
                throw ConfigValidationError(error.message, at: [.key("static_configs"), .index(index)] + error.path)
            }
        }
    }
}
