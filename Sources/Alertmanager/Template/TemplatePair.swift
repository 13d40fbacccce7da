import GoTemplate

/// One name and value of a ``TemplateKV`` (Alertmanager's `template.Pair`).
public struct TemplatePair: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension TemplatePair: TemplateObject {
    public var typeName: String { "template.Pair" }

    public func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Name": return .string(self.name)
        case "Value": return .string(value)
        default: return nil
        }
    }

    public var printedFields: [(name: String, value: TemplateValue)] {
        [("Name", .string(name)), ("Value", .string(value))]
    }

    public func isEqual(to other: any TemplateObject) -> Bool? {
        guard let other = other as? TemplatePair else { return false }
        return self == other
    }
}
