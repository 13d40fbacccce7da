/// The Go type of a function parameter, which decides what an argument may be.
///
/// ``any`` (`interface{}`) takes every value. The others take only values of that type, as Go's
/// reflection would, except that `nil` is accepted wherever Go's type can be nil (lists, maps,
/// named pointer or slice types).
public struct TemplateType: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case any
        case bool
        case int
        case float
        case string
        case list
        case map
        case stringMap
        case named(String, nilable: Bool)
        /// A builtin's `reflect.Value` parameter: receives the raw value, even a missing one.
        case reflectValue
    }

    let kind: Kind

    /// `interface{}`: any value.
    public static let any = TemplateType(kind: .any)
    /// `bool`.
    public static let bool = TemplateType(kind: .bool)
    /// `int`.
    public static let int = TemplateType(kind: .int)
    /// `float64`.
    public static let float = TemplateType(kind: .float)
    /// `string`.
    public static let string = TemplateType(kind: .string)
    /// `[]interface{}`.
    public static let list = TemplateType(kind: .list)
    /// `map[string]interface{}`.
    public static let map = TemplateType(kind: .map)
    /// `map[string]string`.
    public static let stringMap = TemplateType(kind: .stringMap)
    static let reflectValue = TemplateType(kind: .reflectValue)

    /// A ``TemplateObject`` type, matched by its ``TemplateObject/typeName``. `nilable` says whether
    /// Go's type can be nil (pointers, slices and maps can; structs cannot).
    public static func named(_ typeName: String, nilable: Bool = true) -> TemplateType {
        TemplateType(kind: .named(typeName, nilable: nilable))
    }

    /// Go's spelling of the type.
    public var name: String {
        switch kind {
        case .any: return "interface {}"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float64"
        case .string: return "string"
        case .list: return "[]interface {}"
        case .map: return "map[string]interface {}"
        case .stringMap: return "map[string]string"
        case .named(let name, _): return name
        case .reflectValue: return "reflect.Value"
        }
    }

    public var description: String { name }

    /// Whether Go's type has nil among its values.
    var canBeNil: Bool {
        switch kind {
        case .any, .list, .map, .stringMap, .reflectValue: return true
        case .named(_, let nilable): return nilable
        case .bool, .int, .float, .string: return false
        }
    }

    /// Whether a value of a concrete (non-interface) type can be passed as this type.
    func accepts(_ value: TemplateValue) -> Bool {
        switch (kind, value) {
        case (.any, _), (.reflectValue, _): return true
        case (.bool, .bool), (.int, .int), (.float, .float), (.string, .string): return true
        case (.list, .list), (.map, .map), (.stringMap, .stringMap): return true
        case (.named(let name, _), _):
            // Go dereferences a pointer passed where its target type is expected.
            return value.typeName == name || value.typeName == "*" + name
        default: return false
        }
    }
}
