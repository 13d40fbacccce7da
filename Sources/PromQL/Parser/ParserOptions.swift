/// Feature switches of the PromQL parser, named after Prometheus' feature flags.
public struct ParserOptions: Hashable, Sendable {
    /// `promql-experimental-functions`: experimental functions of the function
    /// table (`info`, `mad_over_time`, `sort_by_label`, `ts_of_*_over_time`,
    /// `start()`, `step()` …) and the `limitk` / `limit_ratio` aggregations.
    public var experimentalFunctions: Bool
    /// `promql-duration-expr`: arithmetic, `step()`, `range()`, `min_of()` and
    /// `max_of()` in ranges, subquery steps and offsets.
    public var durationExpressions: Bool
    /// `promql-extended-range-selectors`: the `anchored` and `smoothed` modifiers.
    public var extendedRangeSelectors: Bool
    /// `promql-binop-fill-modifiers`: `fill()`, `fill_left()`, `fill_right()`.
    public var binopFillModifiers: Bool

    public init(
        experimentalFunctions: Bool = false,
        durationExpressions: Bool = false,
        extendedRangeSelectors: Bool = false,
        binopFillModifiers: Bool = false
    ) {
        self.experimentalFunctions = experimentalFunctions
        self.durationExpressions = durationExpressions
        self.extendedRangeSelectors = extendedRangeSelectors
        self.binopFillModifiers = binopFillModifiers
    }

    /// Prometheus 3 defaults: every experimental feature off.
    public static let `default` = ParserOptions()

    /// Everything on, as the upstream PromQL test harness parses its corpus.
    public static let corpus = ParserOptions(
        experimentalFunctions: true,
        durationExpressions: true,
        extendedRangeSelectors: true,
        binopFillModifiers: true
    )
}
