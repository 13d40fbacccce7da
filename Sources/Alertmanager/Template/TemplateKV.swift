import ArgusCore
import GoTemplate

/// A label or annotation set as templates see it (Alertmanager's
/// `template.KV`, a `map[string]string` with methods): `.key` reads a value,
/// and `SortedPairs`, `Names`, `Values` and `Remove` list or filter it.
public struct TemplateKV: Sendable, Hashable {
    /// The names and values.
    public var entries: [String: String]

    /// A set with the given entries.
    public init(_ entries: [String: String] = [:]) { self.entries = entries }

    /// The labels as a set.
    public init(_ labels: Labels) {
        var entries: [String: String] = [:]
        for label in labels { entries[label.name] = label.value }
        self.entries = entries
    }

    /// The entries sorted by name, byte-wise, except that `alertname` comes
    /// first when present.
    public var sortedPairs: [TemplatePair] {
        let names = entries.keys.sorted { a, b in
            if a == "alertname" || b == "alertname" { return a == "alertname" && b != "alertname" }
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        return names.map { TemplatePair(name: $0, value: entries[$0] ?? "") }
    }

    /// The set without the given names.
    public func removing(_ names: [String]) -> TemplateKV {
        let excluded = Set(names)
        return TemplateKV(entries.filter { !excluded.contains($0.key) })
    }

    /// A string-list argument as Go's `[]string` receives it.
    static func strings(_ value: TemplateValue) throws(TemplateFunctionError) -> [String] {
        switch value {
        case .nil: return []
        case .list(let items):
            var strings: [String] = []
            for item in items {
                guard case .string(let string) = item else {
                    throw TemplateFunctionError("wrong type for value; expected string; got \(item.typeName)")
                }
                strings.append(string)
            }
            return strings
        default:
            throw TemplateFunctionError("wrong type for value; expected []string; got \(value.typeName)")
        }
    }
}

extension TemplateKV: TemplateObject {
    public var typeName: String { "template.KV" }
    public var underlying: TemplateValue? { .stringMap(entries) }

    public func method(_ name: String) -> TemplateFunc? {
        switch name {
        case "SortedPairs": return TemplateFunc { _ in .object(TemplatePairs(sortedPairs)) }
        case "Names": return TemplateFunc { _ in .strings(sortedPairs.map(\.name)) }
        case "Values": return TemplateFunc { _ in .strings(sortedPairs.map(\.value)) }
        case "Remove":
            return TemplateFunc(parameters: [.list]) { args in
                .object(removing(try Self.strings(args[0])))
            }
        default: return nil
        }
    }
}
