/// Settings of the PromQL engine, with Prometheus' defaults.
public struct EngineOptions: Sendable {
    /// How far back an instant selector looks for a sample
    /// (`--query.lookback-delta`, default 5m), in milliseconds.
    public var lookbackDelta: Int64 = 300_000
    /// The step of subqueries written without one (`x[1h:]`), in
    /// milliseconds: Prometheus uses the global evaluation interval (1m).
    public var defaultSubqueryStep: Int64 = 60_000
    /// The most samples a query may hold in memory at once
    /// (`--query.max-samples`, default 50,000,000).
    public var maxSamples: Int = 50_000_000
    /// How long a query may run (`--query.timeout`, default 2m).
    public var timeout: Duration = .seconds(120)
    /// Prometheus' `promql-delayed-name-removal` feature: operations that
    /// change a metric's meaning only mark `__name__` (and `__type__`,
    /// `__unit__`) for removal at the end of the query, so later
    /// `label_replace` calls can still see it. Off by default, as upstream;
    /// the upstream PromQL test corpus runs with it on.
    public var delayedNameRemoval = false
    /// Prometheus 2's selection windows: a range selector `[r]` at `t` takes samples in
    /// `[t-r, t]` and the lookback delta includes its start, where Prometheus 3 takes
    /// `(t-r, t]`. Off by default; `argus test rules` turns it on to give promtool 2's answers.
    public var closedWindowStart = false
    /// Prometheus' `use-start-timestamps` feature: `rate`, `irate`,
    /// `increase` and `resets` read the start timestamps a storage keeps
    /// (``Storage/StoredSeries/startTimestamps``) to find counter resets and
    /// to measure an increase from a counter's start instead of
    /// extrapolating; `start_timestamp()` returns them. Off by default, as
    /// upstream; the upstream PromQL test corpus runs with it on.
    public var useStartTimestamps = false
    /// The engine's part of Prometheus' `type-and-unit-labels` feature:
    /// `rate` and `increase` judge whether a metric is a counter by its
    /// `__type__` label instead of its name's suffix. Off by default, as
    /// upstream (and in its test harness).
    public var typeAndUnitLabels = false

    public init(
        lookbackDelta: Int64 = 300_000,
        defaultSubqueryStep: Int64 = 60_000,
        maxSamples: Int = 50_000_000,
        timeout: Duration = .seconds(120)
    ) {
        self.lookbackDelta = lookbackDelta
        self.defaultSubqueryStep = defaultSubqueryStep
        self.maxSamples = maxSamples
        self.timeout = timeout
    }
}
