import Dispatch
import Foundation
import PromQL
import Storage

/// Runs PromQL queries for the API: at most `maxConcurrency` at once
/// (`--query.max-concurrency`), each on a thread of its own so that a long
/// query never holds up the cooperative pool that runs scrapes and HTTP.
public struct QueryRunner: Sendable {
    public let engineOptions: EngineOptions
    let limiter: QueryLimiter
    let queryable: any Queryable
    /// Secondary sources read alongside `queryable` (the `remote_read` endpoints).
    let secondaries: @Sendable () -> [any Querier]
    let queryLog: QueryLog?

    /// Whether queries are being written to a query log now.
    var logsQueries: Bool { queryLog.map { !$0.path.isEmpty } ?? false }

    /// Where the query being run came from, for the query log; the API
    /// sets it around each request.
    @TaskLocal static var origin: QueryLog.HTTPOrigin?

    public init(
        queryable: any Queryable, engineOptions: EngineOptions, maxConcurrency: Int, queryLog: QueryLog? = nil,
        secondaries: @escaping @Sendable () -> [any Querier] = { [] }
    ) {
        self.queryable = queryable
        self.secondaries = secondaries
        self.engineOptions = engineOptions
        self.limiter = QueryLimiter(maxConcurrent: maxConcurrency)
        self.queryLog = queryLog
    }

    /// Options for one query: a request's `timeout` can only shorten the
    /// server's, and `lookback_delta` overrides the default when set.
    func options(timeout: Int64?, lookbackDelta: Int64?) -> EngineOptions {
        var options = engineOptions
        if let timeout, timeout > 0, .milliseconds(timeout) < options.timeout {
            options.timeout = .milliseconds(timeout)
        }
        if let lookbackDelta, lookbackDelta > 0 {
            options.lookbackDelta = lookbackDelta
        }
        return options
    }

    /// Evaluates `expr` (written as `text`) at `time`.
    func instant(_ expr: Expr, text: String, at time: Int64, options: EngineOptions) async throws(PromQLError)
        -> QueryResult
    {
        try await run(QueryLog.Entry(text: text, start: time, end: time, step: 0)) {
            queryable throws(PromQLError) in
            try Engine(options: options).instantQuery(queryable, expr, at: time)
        }
    }

    /// Evaluates `expr` (written as `text`) over `start...end` every `step`.
    func range(_ expr: Expr, text: String, start: Int64, end: Int64, step: Int64, options: EngineOptions)
        async throws(PromQLError) -> QueryResult
    {
        try await run(QueryLog.Entry(text: text, start: start, end: end, step: step)) {
            queryable throws(PromQLError) in
            try Engine(options: options).rangeQuery(queryable, expr, start: start, end: end, step: step)
        }
    }

    /// Runs `body` on its own thread over local storage and the secondary
    /// sources; a secondary that fails becomes a warning of the result.
    private func run(
        _ entry: QueryLog.Entry, _ body: @escaping @Sendable (any Queryable) throws(PromQLError) -> QueryResult
    ) async throws(PromQLError) -> QueryResult {
        let queued = ContinuousClock.now
        let warnings = StorageWarnings()
        let queryable = fanout(warnings: warnings)
        let (result, started): (Result<QueryResult, PromQLError>, ContinuousClock.Instant) = await limiter.withPermit {
            let started = ContinuousClock.now
            let result = await Self.onThread { () -> Result<QueryResult, PromQLError> in
                do throws(PromQLError) {
                    var result = try body(queryable)
                    result.storageWarnings = warnings.all
                    return .success(result)
                } catch {
                    return .failure(error)
                }
            }
            return (result, started)
        }
        if let queryLog, logsQueries {
            var entry = entry
            entry.queueTime = started - queued
            entry.evalTime = ContinuousClock.now - started
            entry.origin = Self.origin
            if case .failure(let error) = result { entry.error = error.message }
            queryLog.log(entry)
        }
        return try result.get()
    }

    /// Runs `body` on a thread of its own, off the cooperative pool: storage
    /// reads that may wait on a remote endpoint must not hold a pool thread.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }

    /// Local storage and the `remote_read` endpoints of now, for one request.
    func fanout(warnings: StorageWarnings) -> FanoutQueryable {
        FanoutQueryable(primary: queryable, secondaries: secondaries(), warnings: warnings)
    }
}
