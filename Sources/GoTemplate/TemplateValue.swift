/// A value a template works on: the data passed to ``Template/execute(data:)``, what fields,
/// functions and methods return, and what functions receive as arguments.
///
/// The cases stand for the Go types templates usually see, and keep their Go behaviour:
///
/// | case | Go type | notes |
/// |---|---|---|
/// | ``nil`` | `nil` (an empty `interface{}`) | `{{.}}` of nil prints `<no value>`, `print` shows `<nil>` |
/// | ``bool(_:)`` | `bool` | |
/// | ``int(_:)`` | `int` | template number literals without `.`/`e` are ints |
/// | ``float(_:)`` | `float64` | prints like `strconv.FormatFloat(f, 'g', -1, 64)`: `1e+06`, `0.1` |
/// | ``string(_:)`` | `string` | |
/// | ``list(_:)`` | `[]interface{}` | |
/// | ``map(_:)`` | `map[string]interface{}` | iterated and printed in key order; a missing key is `<no value>` |
/// | ``stringMap(_:)`` | `map[string]string` | like ``map(_:)``, but with `missingkey=zero` a missing key is `""` |
/// | ``object(_:)`` | a struct, pointer or named type with methods | see ``TemplateObject`` |
/// | ``function(_:)`` | a `func` value | for the `call` builtin |
///
/// Numbers keep Go's strictness: `eq 1 1.0` is an error ("incompatible types for comparison"),
/// exactly as in Go, so pick ``int(_:)`` or ``float(_:)`` to match the Go type being mirrored.
public enum TemplateValue: Sendable {
    case `nil`
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case list([TemplateValue])
    case map([String: TemplateValue])
    case stringMap([String: String])
    case object(any TemplateObject)
    case function(TemplateFunc)

    /// Go's name for the value's type, as error messages and `%T` print it.
    public var typeName: String {
        switch self {
        case .nil: return "interface {}"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float64"
        case .string: return "string"
        case .list: return "[]interface {}"
        case .map: return "map[string]interface {}"
        case .stringMap: return "map[string]string"
        case .object(let object): return object.typeName
        case .function(let function): return function.typeName
        }
    }

    /// Go's truth for `if`, `with`, `and`, `or` and `not`: false for nil, `false`, zero numbers,
    /// and empty strings, lists and maps; true for everything else.
    public var isTruthy: Bool {
        switch self {
        case .nil: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .float(let value): return value != 0
        case .string(let value): return !value.isEmpty
        case .list(let value): return !value.isEmpty
        case .map(let value): return !value.isEmpty
        case .stringMap(let value): return !value.isEmpty
        case .object(let object): return object.underlying?.isTruthy ?? !object.isNilPointer
        case .function: return true
        }
    }

    /// A `map[string]string` value, such as Prometheus' `$labels`.
    public static func labels(_ labels: [String: String]) -> TemplateValue { .stringMap(labels) }

    /// A list of strings, as Go's `[]string` would be seen by a template.
    public static func strings(_ values: [String]) -> TemplateValue { .list(values.map { .string($0) }) }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }

    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        var map: [String: TemplateValue] = [:]
        for (key, value) in elements { map[key] = value }
        self = .map(map)
    }
}

extension TemplateValue: CustomStringConvertible {
    /// The value as `{{.}}` would print it (Go's `fmt.Sprint`).
    public var description: String { GoFormatter.sprint([self]) }
}

extension TemplateValue {
    /// The string inside a ``string(_:)`` value, or nil for any other case.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// Whether this is Go's nil `interface{}`.
    var isNilInterface: Bool {
        if case .nil = self { return true }
        return false
    }

    /// Keys in Go's map order: byte-wise, as `fmt` and `range` sort string keys.
    static func sortedKeys<Value>(_ map: [String: Value]) -> [String] {
        map.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
