/// A value during execution, with the two things Go's `reflect.Value` knows that
/// ``TemplateValue`` does not: whether there is a value at all (a missing map key is an invalid
/// value, printed as `<no value>`), and whether it sits in an `interface{}` slot (list elements,
/// `map[string]interface{}` values), which changes some of Go's error messages.
struct ExecValue: Sendable {
    /// The value; nil is Go's invalid `reflect.Value`.
    var value: TemplateValue?
    /// Held in an `interface{}`: Go's `Kind() == Interface`.
    var isInterface: Bool

    /// Go's zero `reflect.Value`.
    static let missing = ExecValue(value: nil, isInterface: false)

    /// A value of its own type; nil becomes a nil `interface{}`.
    static func concrete(_ value: TemplateValue) -> ExecValue {
        if case .nil = value { return ExecValue(value: .nil, isInterface: true) }
        return ExecValue(value: value, isInterface: false)
    }

    /// A value read out of an `interface{}` slot.
    static func boxed(_ value: TemplateValue) -> ExecValue {
        ExecValue(value: value, isInterface: true)
    }

    var isMissing: Bool { value == nil }

    /// Go's `indirectInterface`: the value inside an interface; a nil interface is missing.
    var unboxed: ExecValue {
        guard isInterface, let value else { return self }
        if case .nil = value { return .missing }
        return ExecValue(value: value, isInterface: false)
    }

    /// Go's `Value.Type().String()`.
    var typeName: String {
        if isInterface { return "interface {}" }
        return value?.typeName ?? "<nil>"
    }

    /// The value as a function argument of type `interface{}`: missing becomes nil.
    var argument: TemplateValue { value ?? .nil }

    /// Go's `isTrue` after `indirectInterface`: missing and nil are false.
    var truth: Bool { value?.isTruthy ?? false }

    /// The reflect kind, for Go's comparison rules.
    enum Kind: Equatable {
        case invalid, bool, int, float, string, slice, map, structure, pointer, function, interface
    }

    var kind: Kind {
        guard let value else { return .invalid }
        if isInterface { return .interface }
        switch value {
        case .nil: return .interface
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .string: return .string
        case .list: return .slice
        case .map, .stringMap: return .map
        case .function: return .function
        case .object(let object):
            if let underlying = object.underlying { return ExecValue.concrete(underlying).kind }
            return object.isPointer || object.isNilPointer ? .pointer : .structure
        }
    }
}

extension TemplateValue {
    /// The list or map a named collection type stands for, or the value itself.
    var collection: TemplateValue {
        if case .object(let object) = self, let underlying = object.underlying { return underlying }
        return self
    }
}
