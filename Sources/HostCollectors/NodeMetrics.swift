/// The metrics of one scrape, gathered the way client_golang's registry
/// gathers them: families by name with one help text and type each, series
/// unique by label values, everything sorted on output.
public struct NodeMetrics: Sendable {
    /// The value types node-exporter reports.
    public enum ValueType: String, Sendable {
        case counter, gauge, untyped
    }

    /// One series: its labels (sorted by name) and value.
    public struct Sample: Sendable, Equatable {
        public var labels: [Label]
        public var value: Double
    }

    /// A label pair; kept as a plain pair so collectors build them cheaply.
    public struct Label: Sendable, Hashable {
        public var name: String
        public var value: String
    }

    /// A metric family: a name, its help text and type, and its series.
    public struct Family: Sendable {
        public var name: String
        public var help: String
        public var type: ValueType
        public var samples: [Sample]
    }

    private var families: [Family] = []
    private var index: [String: Int] = [:]
    private var seen: [String: Set<[Label]>] = [:]
    /// What was dropped as inconsistent, in client_golang's words.
    public private(set) var errors: [String] = []

    public init() {}

    /// Adds one series. A series whose family was first added with another
    /// help text or type, or whose labels repeat an earlier series of the
    /// family, is dropped and recorded in ``errors``.
    public mutating func add(
        _ name: String, help: String, type: ValueType, labels: KeyValuePairs<String, String> = [:],
        value: Double
    ) {
        add(name, help: help, type: type, labels: labels.map { Label(name: $0.key, value: $0.value) }, value: value)
    }

    /// Adds one series with labels given as a list (for labels computed at run time).
    public mutating func add(_ name: String, help: String, type: ValueType, labels: [Label], value: Double) {
        let sorted = labels.count < 2 ? labels : labels.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        if let position = index[name] {
            let family = families[position]
            guard family.help == help else {
                errors.append(
                    "collected metric \(name) has help \"\(help)\" but should have \"\(family.help)\"")
                return
            }
            guard family.type == type else {
                errors.append("collected metric \(name) has type \(type) but should have \(family.type)")
                return
            }
            guard seen[name, default: []].insert(sorted).inserted else {
                errors.append(
                    "collected metric \(name) \(Self.describe(sorted)) was collected before with the same name and label values"
                )
                return
            }
            families[position].samples.append(Sample(labels: sorted, value: value))
        } else {
            index[name] = families.count
            seen[name] = [sorted]
            families.append(Family(name: name, help: help, type: type, samples: [Sample(labels: sorted, value: value)]))
        }
    }

    /// Adds every series of `other`, with the same consistency checks.
    public mutating func merge(_ other: NodeMetrics) {
        for family in other.families {
            // A family only `other` has is already consistent: take it whole.
            if index[family.name] == nil {
                index[family.name] = families.count
                seen[family.name] = other.seen[family.name]
                families.append(family)
                continue
            }
            for sample in family.samples {
                add(family.name, help: family.help, type: family.type, labels: sample.labels, value: sample.value)
            }
        }
        errors.append(contentsOf: other.errors)
    }

    /// The families sorted by name, each with its series sorted by label
    /// values (labels in name order), as client_golang exposes them.
    public var sortedFamilies: [Family] {
        families.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }.map { family in
            var family = family
            family.samples.sort(by: Self.precedes)
            return family
        }
    }

    /// client_golang's metric order: fewer labels first, then label values pairwise.
    private static func precedes(_ lhs: Sample, _ rhs: Sample) -> Bool {
        if lhs.labels.count != rhs.labels.count { return lhs.labels.count < rhs.labels.count }
        for (left, right) in zip(lhs.labels, rhs.labels) where left.value != right.value {
            return left.value.utf8.lexicographicallyPrecedes(right.value.utf8)
        }
        return false
    }

    private static func describe(_ labels: [Label]) -> String {
        "{" + labels.map { "\($0.name)=\"\($0.value)\"" }.joined(separator: ",") + "}"
    }
}
