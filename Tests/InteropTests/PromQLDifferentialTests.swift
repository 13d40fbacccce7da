import ArgusCore
import ArgusTesting
import Foundation
import PromQL
import Storage
import Testing

/// Where and when the generated queries run.
///
/// Every evaluation time is a whole second that lies 7 s past a multiple of
/// ten seconds, and so does every `@` time; ranges, offsets and steps are
/// multiples of ten seconds. With samples 60–940 ms off whole seconds
/// (``DifferentialDataset``), no sample and no subquery point ever sits on a
/// window boundary, where Prometheus 2.x (closed windows) and 3.x (left-open)
/// would differ.
enum DifferentialQueries {
    /// `ARGUS_DIFF_SEED` and `ARGUS_DIFF_QUERIES` explore other or more
    /// queries (3000 queries take about 20 s); `ARGUS_DIFF_REPORT=path`
    /// writes every discrepancy to a file.
    static let seed: UInt64 = {
        if let text = ProcessInfo.processInfo.environment["ARGUS_DIFF_SEED"], let seed = UInt64(text) { return seed }
        return 20_250_601
    }()
    static let queryCount: Int = {
        if let text = ProcessInfo.processInfo.environment["ARGUS_DIFF_QUERIES"], let count = Int(text) { return count }
        return 1000
    }()
    /// Every third vector or scalar query also runs as a range query.
    static let rangeEvery = 3

    /// Instant evaluation times in seconds: recent, mid, old, and two minutes
    /// after the last sample (inside the lookback for most series).
    static func instantTimes(end: Int64) -> [Int64] {
        [end - 180 + 7, end - 1020 + 7, end - 3000 + 7, end + 120 + 7]
    }

    /// Times for `@` modifiers, in seconds.
    static func atTimes(end: Int64) -> [Int64] {
        [end - 600 + 7, end - 1800 + 7, end - 3600 + 7]
    }

    /// Range queries as (start, end, step) in seconds: one well inside the
    /// data, one running past its end.
    static func ranges(end: Int64) -> [(start: Int64, end: Int64, step: Int64)] {
        [(end - 2400 + 7, end - 1200 + 7, 60), (end - 600 + 7, end + 300 + 7, 30)]
    }

    static func generate(end: Int64) -> [GeneratedQuery] {
        var generator = QueryGenerator(seed: seed, atTimes: atTimes(end: end))
        return (0..<queryCount).map { _ in generator.next() }
    }
}

/// Runs a few hundred generated PromQL queries against Argus' engine (in
/// process) and a real Prometheus 2.42 fed the same samples by remote write,
/// and expects the same results.
@Suite(.enabled(if: Peer.available("prometheus"), "prometheus (Debian 2.42) is not installed"))
struct PromQLDifferentialTests {
    /// One comparison: a query at one instant, or over one range.
    struct Evaluation {
        var query: GeneratedQuery
        var time: Int64
        var range: (start: Int64, end: Int64, step: Int64)?

        var request: PrometheusPeer.APIRequest {
            if let range {
                return PrometheusPeer.APIRequest(
                    path: "/api/v1/query_range",
                    parameters: [
                        "query": query.text, "start": "\(range.start)", "end": "\(range.end)", "step": "\(range.step)",
                    ]
                )
            }
            return PrometheusPeer.APIRequest(
                path: "/api/v1/query", parameters: ["query": query.text, "time": "\(time)"])
        }

        func placement(relativeTo end: Int64) -> String {
            if let range {
                return
                    "range \(range.start)..\(range.end) step \(range.step)s (end\(range.start - end)s..end+\(range.end - end)s)"
            }
            return "at \(time) (end\(time - end < 0 ? "" : "+")\(time - end)s)"
        }
    }

    @Test func generatedQueriesAgreeWithPrometheus() async throws {
        // Whole minutes, five minutes ago, so that the evaluation times two
        // minutes past the data's end are not in the future either.
        let endSeconds = Int64(Date().timeIntervalSince1970) / 60 * 60 - 300
        let dataset = DifferentialDataset(end: endSeconds * 1000, seed: DifferentialQueries.seed)
        let storage = MemoryStorage()
        try dataset.load(into: storage)

        let peer = try await PrometheusPeer.start()
        defer { peer.stop() }
        try await peer.write(dataset.writeRequests())

        let queries = DifferentialQueries.generate(end: endSeconds)
        var evaluations: [Evaluation] = []
        var rangeEligible = 0
        for query in queries {
            for time in DifferentialQueries.instantTimes(end: endSeconds) {
                evaluations.append(Evaluation(query: query, time: time))
            }
            guard query.kind != .matrix else { continue }
            rangeEligible += 1
            if rangeEligible % DifferentialQueries.rangeEvery == 0 {
                let ranges = DifferentialQueries.ranges(end: endSeconds)
                let range = ranges[rangeEligible / DifferentialQueries.rangeEvery % ranges.count]
                evaluations.append(Evaluation(query: query, time: range.start, range: range))
            }
        }

        let engine = Engine()
        var argus: [QueryOutcome] = []
        for evaluation in evaluations {
            let expr: Expr
            do {
                expr = try PromQLParser.parse(evaluation.query.text, options: .default)
            } catch {
                Issue.record("the generator wrote a query Argus cannot parse: \(evaluation.query.text): \(error)")
                return
            }
            let result = Result<QueryResult, any Error> {
                if let range = evaluation.range {
                    return try engine.rangeQuery(
                        storage, expr, start: range.start * 1000, end: range.end * 1000, step: range.step * 1000)
                }
                return try engine.instantQuery(storage, expr, at: evaluation.time * 1000)
            }
            argus.append(QueryOutcome(result))
        }
        let responses = try await peer.call(evaluations.map(\.request))
        let prometheus = responses.map { QueryOutcome(prometheus: $0) }

        var agreements = 0
        var bothFailed = 0
        var nonEmpty = 0
        var discrepancies: [String] = []
        for (index, evaluation) in evaluations.enumerated() {
            if case .failure(let message) = prometheus[index], message.contains("parse error") {
                Issue.record(
                    "the generator wrote a query Prometheus 2.42 cannot parse: \(evaluation.query.text): \(message)")
                continue
            }
            if let problem = argus[index].mismatch(
                prometheus[index], ordered: evaluation.query.ordered && evaluation.range == nil)
            {
                discrepancies.append(
                    """
                    \(evaluation.query.text)
                      \(evaluation.placement(relativeTo: endSeconds)): \(problem)
                      Argus:      \(argus[index].summary())
                      Prometheus: \(prometheus[index].summary())
                    """
                )
                continue
            }
            agreements += 1
            if argus[index].isFailure { bothFailed += 1 }
            if !argus[index].isEmpty { nonEmpty += 1 }
        }

        print(
            "PromQL differential (seed \(DifferentialQueries.seed), data end \(endSeconds)): \(queries.count) queries, "
                + "\(evaluations.count) evaluations, \(agreements) agree (\(nonEmpty) with data, \(bothFailed) both "
                + "failed), \(discrepancies.count) differ"
        )
        // ARGUS_DIFF_REPORT=path writes every discrepancy, not only the first 40.
        if let path = ProcessInfo.processInfo.environment["ARGUS_DIFF_REPORT"] {
            try Data(discrepancies.joined(separator: "\n\n").utf8).write(to: URL(fileURLWithPath: path))
        }
        for discrepancy in discrepancies.prefix(40) {
            Issue.record("\(discrepancy)")
        }
        #expect(discrepancies.isEmpty, "\(discrepancies.count) of \(evaluations.count) evaluations differ")
        // The comparison is only meaningful if most queries return data.
        #expect(nonEmpty * 2 > evaluations.count, "only \(nonEmpty) of \(evaluations.count) evaluations returned data")
    }
}

/// The generator on its own, without Prometheus: deterministic, and every
/// query parses.
struct QueryGeneratorTests {
    @Test func generatedQueriesParseAndRepeat() async throws {
        let first = DifferentialQueries.generate(end: 1_700_000_000)
        let second = DifferentialQueries.generate(end: 1_700_000_000)
        #expect(first.map(\.text) == second.map(\.text))
        for query in first {
            #expect(throws: Never.self, "\(query.text)") { try PromQLParser.parse(query.text, options: .default) }
        }
    }
}
