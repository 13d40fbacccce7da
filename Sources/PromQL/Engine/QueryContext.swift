import Storage

/// What every evaluator of one query shares: the query's own range (for
/// `@ start()`, `@ end()`, `step()` and `range()`), limits and the querier.
final class QueryContext {
    let start: Int64
    let end: Int64
    /// The query's step; 0 for instant queries.
    let step: Int64
    let lookbackDelta: Int64
    let defaultSubqueryStep: Int64
    let maxSamples: Int
    let delayedNameRemoval: Bool
    /// Whether functions may read the storage's start timestamps.
    let useStartTimestamps: Bool
    /// Whether `rate` and `increase` judge counters by `__type__`.
    let typeAndUnitLabels: Bool
    /// 1 with Prometheus 2's closed window starts, else 0: how far before the
    /// exclusive start of a window its first sample may lie.
    let windowStartSlack: Int64
    let deadline: ContinuousClock.Instant
    let querier: any Querier
    /// Samples currently held by the evaluation, checked against `maxSamples`.
    var currentSamples = 0
    var annotations: [Annotation] = []
    private var checks = 0

    init(
        start: Int64,
        end: Int64,
        step: Int64,
        lookbackDelta: Int64,
        defaultSubqueryStep: Int64,
        maxSamples: Int,
        delayedNameRemoval: Bool,
        useStartTimestamps: Bool = false,
        typeAndUnitLabels: Bool = false,
        windowStartSlack: Int64 = 0,
        deadline: ContinuousClock.Instant,
        querier: any Querier
    ) {
        self.start = start
        self.end = end
        self.step = step
        self.lookbackDelta = lookbackDelta
        self.defaultSubqueryStep = defaultSubqueryStep
        self.maxSamples = maxSamples
        self.delayedNameRemoval = delayedNameRemoval
        self.useStartTimestamps = useStartTimestamps
        self.typeAndUnitLabels = typeAndUnitLabels
        self.windowStartSlack = windowStartSlack
        self.deadline = deadline
        self.querier = querier
    }

    /// Throws when the query ran past its deadline or was cancelled; cheap
    /// enough to call in inner loops (the clock is read every 1024 calls).
    func checkDeadline() throws(PromQLError) {
        checks &+= 1
        guard checks & 1023 == 0 else { return }
        if Task.isCancelled { throw PromQLError(.canceled, "query was canceled in expression evaluation") }
        if ContinuousClock.now > deadline {
            throw PromQLError(.timeout, "query timed out in expression evaluation")
        }
    }

    /// Accounts for `count` more samples held in memory.
    func addSamples(_ count: Int) throws(PromQLError) {
        currentSamples += count
        if currentSamples > maxSamples { throw PromQLError.tooManySamples() }
    }
}
