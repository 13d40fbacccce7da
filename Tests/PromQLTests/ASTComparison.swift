import ArgusCore
import PromQL

/// Compares trees while ignoring source positions, matcher order and whether a
/// whole duration was written as a plain number (`[100]` vs `[1m40s]`): the
/// differences printing is allowed to make.
enum ASTComparison {
    static func equalIgnoringPositions(_ a: Expr, _ b: Expr) -> Bool {
        stripped(a) == stripped(b)
    }

    static let zero = PositionRange(start: 0, end: 0)

    static func stripped(_ expr: Expr) -> Expr {
        switch expr {
        case .number(var e):
            e.position = zero
            return .number(e)
        case .string(var e):
            e.position = zero
            return .string(e)
        case .vectorSelector(let e):
            return .vectorSelector(stripped(e))
        case .matrixSelector(var e):
            e.position = zero
            e.selector = stripped(e.selector)
            e.range = stripped(e.range)
            return .matrixSelector(e)
        case .subquery(var e):
            e.position = zero
            e.expr = stripped(e.expr)
            e.range = stripped(e.range)
            e.step = e.step.map(stripped)
            e.offset = e.offset.map(stripped)
            return .subquery(e)
        case .call(var e):
            e.position = zero
            e.args = e.args.map(stripped)
            return .call(e)
        case .aggregate(var e):
            e.position = zero
            e.expr = stripped(e.expr)
            e.param = e.param.map(stripped)
            return .aggregate(e)
        case .binary(var e):
            e.position = zero
            e.lhs = stripped(e.lhs)
            e.rhs = stripped(e.rhs)
            return .binary(e)
        case .unary(var e):
            e.position = zero
            e.expr = stripped(e.expr)
            return .unary(e)
        case .paren(var e):
            e.position = zero
            e.expr = stripped(e.expr)
            return .paren(e)
        }
    }

    static func stripped(_ selector: VectorSelector) -> VectorSelector {
        var copy = selector
        copy.position = zero
        copy.matchers.sort { $0.description.utf8.lexicographicallyPrecedes($1.description.utf8) }
        copy.offset = copy.offset.map(stripped)
        return copy
    }

    static func stripped(_ duration: DurationExpr) -> DurationExpr {
        if case .literal(let milliseconds, _) = duration {
            return .literal(milliseconds: milliseconds, isNumber: false)
        }
        return duration
    }
}
