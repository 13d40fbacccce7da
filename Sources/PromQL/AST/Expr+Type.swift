extension Expr {
    /// The type of value the expression evaluates to.
    public var type: ValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector: return .vector
        case .matrixSelector, .subquery: return .matrix
        case .call(let call): return FunctionSignature.all[call.function]?.returnType ?? .vector
        case .aggregate: return .vector
        case .binary(let binary):
            return binary.lhs.type == .scalar && binary.rhs.type == .scalar ? .scalar : .vector
        case .unary(let unary): return unary.expr.type
        case .paren(let paren): return paren.expr.type
        }
    }
}
