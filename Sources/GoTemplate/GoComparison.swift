/// Go's template comparisons (`eq ne lt le gt ge`): only basic kinds compare, both sides must
/// be the same kind, and anything else is an error with Go's message.
enum GoComparison {
    private enum BasicKind: Equatable {
        case invalid, bool, int, float, string
    }

    private static func basicKind(_ value: ExecValue) -> BasicKind {
        guard !value.isInterface, let content = value.value else { return .invalid }
        switch content {
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .string: return .string
        default: return .invalid
        }
    }

    /// `eq arg1 arg2...`: whether `arg1` equals any of the others.
    static func equal(_ first: ExecValue, _ others: [ExecValue]) throws(BuiltinError) -> Bool {
        let arg1 = first.unboxed
        guard !others.isEmpty else { throw BuiltinError("missing argument for comparison") }
        let k1 = basicKind(arg1)
        for other in others {
            let arg = other.unboxed
            let k2 = basicKind(arg)
            var truth = false
            if k1 != k2 {
                if !arg1.isMissing && !arg.isMissing { throw BuiltinError("incompatible types for comparison") }
            } else {
                switch (arg1.value, arg.value) {
                case (.bool(let a), .bool(let b)): truth = a == b
                case (.int(let a), .int(let b)): truth = a == b
                case (.float(let a), .float(let b)): truth = a == b
                case (.string(let a), .string(let b)): truth = a == b
                default: truth = try equalOther(arg1, arg)
                }
            }
            if truth { return true }
        }
        return false
    }

    /// Go's rules for values that are not of a basic kind: nils compare, comparable types
    /// compare by value, the rest is an error.
    private static func equalOther(_ arg1: ExecValue, _ arg: ExecValue) throws(BuiltinError) -> Bool {
        let kind1 = arg1.kind
        let kind2 = arg.kind
        if kind1 != kind2 && kind1 != .invalid && kind2 != .invalid {
            throw BuiltinError(
                "non-comparable types \(describe(arg1)): \(arg1.typeName), \(arg.typeName): \(GoFormatter.sprint([arg.argument]))"
            )
        }
        let nil1 = isNil(arg1)
        let nil2 = isNil(arg)
        if nil1 || nil2 { return nil1 == nil2 }
        if case .object(let a) = arg1.value, case .object(let b) = arg.value, let equal = a.isEqual(to: b) {
            return equal
        }
        throw BuiltinError("non-comparable type \(describe(arg)): \(arg.typeName)")
    }

    /// How Go's `%s` shows a value in comparison errors.
    private static func describe(_ value: ExecValue) -> String {
        GoFormatter.sprintf("%s", [value.argument])
    }

    private static func isNil(_ value: ExecValue) -> Bool {
        guard let content = value.value else { return true }
        if case .object(let object) = content { return object.isNilPointer }
        if case .nil = content { return true }
        return false
    }

    /// `lt arg1 arg2`.
    static func less(_ first: ExecValue, _ second: ExecValue) throws(BuiltinError) -> Bool {
        let arg1 = first.unboxed
        let k1 = basicKind(arg1)
        if k1 == .invalid { throw BuiltinError("invalid type for comparison") }
        let arg2 = second.unboxed
        let k2 = basicKind(arg2)
        if k2 == .invalid { throw BuiltinError("invalid type for comparison") }
        if k1 != k2 { throw BuiltinError("incompatible types for comparison") }
        switch (arg1.value, arg2.value) {
        case (.int(let a), .int(let b)): return a < b
        case (.float(let a), .float(let b)): return a < b
        case (.string(let a), .string(let b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
        default: throw BuiltinError("invalid type for comparison")
        }
    }

    /// `le arg1 arg2`: less, or else equal.
    static func lessOrEqual(_ first: ExecValue, _ second: ExecValue) throws(BuiltinError) -> Bool {
        if try less(first, second) { return true }
        return try equal(first, [second])
    }
}
