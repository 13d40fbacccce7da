/// A duration where PromQL expects one: a range `[5m]`, a subquery step,
/// an `offset`. Usually a literal; with duration expressions (feature
/// `promql-duration-expr`) also arithmetic, `step()`, `range()`,
/// `min_of(a, b)` and `max_of(a, b)`, evaluated once per query.
public indirect enum DurationExpr: Hashable, Sendable {
    /// A literal duration or number of seconds, in milliseconds.
    /// `isNumber` records that it was written as a plain number (`[100]`, `offset 50`).
    case literal(milliseconds: Int64, isNumber: Bool)
    /// A plain number inside duration arithmetic (`2` in `[5m * 2]`), in seconds.
    case number(Double)
    /// `-d` (for offsets) or `+d`.
    case negate(DurationExpr)
    /// `a + b`, `a - b`, `a * b`, `a / b`, `a % b`, `a ^ b`.
    case binary(op: BinaryOp, lhs: DurationExpr, rhs: DurationExpr)
    /// `( d )`, kept for printing.
    case paren(DurationExpr)
    /// `step()`: the query's step (0 for instant queries).
    case step
    /// `range()`: the query's end minus start (0 for instant queries).
    case range
    /// `min_of(a, b)`.
    case minOf(DurationExpr, DurationExpr)
    /// `max_of(a, b)`.
    case maxOf(DurationExpr, DurationExpr)

    /// Builds a literal from milliseconds.
    public static func milliseconds(_ value: Int64) -> DurationExpr {
        .literal(milliseconds: value, isNumber: false)
    }
}
