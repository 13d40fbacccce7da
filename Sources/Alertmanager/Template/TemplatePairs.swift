import GoTemplate

/// A list of pairs with `Names` and `Values` (Alertmanager's `template.Pairs`).
public struct TemplatePairs: Sendable, Hashable {
    public var pairs: [TemplatePair]

    public init(_ pairs: [TemplatePair]) { self.pairs = pairs }
}

extension TemplatePairs: TemplateObject {
    public var typeName: String { "template.Pairs" }
    public var underlying: TemplateValue? { .list(pairs.map { .object($0) }) }

    public func method(_ name: String) -> TemplateFunc? {
        switch name {
        case "Names": return TemplateFunc { _ in .strings(pairs.map(\.name)) }
        case "Values": return TemplateFunc { _ in .strings(pairs.map(\.value)) }
        default: return nil
        }
    }
}
