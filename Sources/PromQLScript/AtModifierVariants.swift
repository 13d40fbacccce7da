import PromQL

/// The step-invariance check of instant evals (FORMAT §6.1 b): the same
/// expression with `@ t` pinned on every selector and subquery, evaluated at
/// other times, must give the same result.
package enum AtModifierVariants {
    /// Functions whose result varies with the evaluation time even when their
    /// arguments do not (Prometheus' `AtModifierUnsafeFunctions` plus the
    /// query-context functions).
    package static let unsafeFunctions: Set<String> = [
        "days_in_month", "day_of_month", "day_of_week", "day_of_year", "end", "hour", "minute", "month", "year",
        "predict_linear", "range", "start", "step", "time", "timestamp",
    ]

    /// `expr` with `@ at` set on every vector selector, matrix selector and
    /// subquery that has no numeric `@` (outside subqueries, which are not
    /// entered), or nil when the walk meets a time-dependent function.
    package static func pinned(_ expr: Expr, at: Int64) -> Expr? {
        var unsafe = false
        let result = pin(expr, at: at, unsafe: &unsafe)
        return unsafe ? nil : result
    }

    /// The evaluation times of the variants of an instant eval at `t`.
    package static func evaluationTimes(for t: Int64) -> [Int64] {
        t == 0 ? [-1000, 0, 1000] : [-10 * t, 0, t / 5, t, 10 * t]
    }

    private static func pinSelector(_ selector: inout VectorSelector, at: Int64) {
        if case .timestamp = selector.at { return }
        selector.at = .timestamp(at)
    }

    private static func pin(_ expr: Expr, at: Int64, unsafe: inout Bool) -> Expr {
        switch expr {
        case .number, .string:
            return expr
        case .vectorSelector(var selector):
            pinSelector(&selector, at: at)
            return .vectorSelector(selector)
        case .matrixSelector(var matrix):
            pinSelector(&matrix.selector, at: at)
            return .matrixSelector(matrix)
        case .subquery(var subquery):
            // Nothing below a subquery is visited: it ends up with an `@` either way.
            if case .timestamp = subquery.at { return expr }
            subquery.at = .timestamp(at)
            return .subquery(subquery)
        case .call(var call):
            if unsafeFunctions.contains(call.function) { unsafe = true }
            call.args = call.args.map { pin($0, at: at, unsafe: &unsafe) }
            return .call(call)
        case .aggregate(var aggregate):
            if let param = aggregate.param { aggregate.param = pin(param, at: at, unsafe: &unsafe) }
            aggregate.expr = pin(aggregate.expr, at: at, unsafe: &unsafe)
            return .aggregate(aggregate)
        case .binary(var binary):
            binary.lhs = pin(binary.lhs, at: at, unsafe: &unsafe)
            binary.rhs = pin(binary.rhs, at: at, unsafe: &unsafe)
            return .binary(binary)
        case .unary(var unary):
            unary.expr = pin(unary.expr, at: at, unsafe: &unsafe)
            return .unary(unary)
        case .paren(var paren):
            paren.expr = pin(paren.expr, at: at, unsafe: &unsafe)
            return .paren(paren)
        }
    }
}

extension Expr {
    /// Every vector selector in the expression, including those inside
    /// matrix selectors, subqueries and function arguments.
    package var vectorSelectors: [VectorSelector] {
        var result: [VectorSelector] = []
        collect(into: &result)
        return result
    }

    private func collect(into result: inout [VectorSelector]) {
        switch self {
        case .number, .string: return
        case .vectorSelector(let selector): result.append(selector)
        case .matrixSelector(let matrix): result.append(matrix.selector)
        case .subquery(let subquery): subquery.expr.collect(into: &result)
        case .call(let call): for arg in call.args { arg.collect(into: &result) }
        case .aggregate(let aggregate):
            aggregate.param?.collect(into: &result)
            aggregate.expr.collect(into: &result)
        case .binary(let binary):
            binary.lhs.collect(into: &result)
            binary.rhs.collect(into: &result)
        case .unary(let unary): unary.expr.collect(into: &result)
        case .paren(let paren): paren.expr.collect(into: &result)
        }
    }

    /// Whether the expression anywhere satisfies `predicate`.
    package func contains(where predicate: (Expr) -> Bool) -> Bool {
        if predicate(self) { return true }
        switch self {
        case .number, .string, .vectorSelector, .matrixSelector: return false
        case .subquery(let subquery): return subquery.expr.contains(where: predicate)
        case .call(let call): return call.args.contains { $0.contains(where: predicate) }
        case .aggregate(let aggregate):
            return (aggregate.param?.contains(where: predicate) ?? false) || aggregate.expr.contains(where: predicate)
        case .binary(let binary): return binary.lhs.contains(where: predicate) || binary.rhs.contains(where: predicate)
        case .unary(let unary): return unary.expr.contains(where: predicate)
        case .paren(let paren): return paren.expr.contains(where: predicate)
        }
    }
}
