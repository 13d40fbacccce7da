import ArgusCore
import ArgusTesting
import Foundation
import PromQL
import Storage
import Testing

/// Where Argus and Prometheus 2.42 disagree and the query generator
/// therefore avoids the shape, each as a minimal reproducer with both
/// answers as observed.
///
/// ``KnownDifferencesTests`` replays every case against both engines. When a
/// case stops reproducing (Argus or the peer changed), re-enable the shape
/// in ``QueryGenerator`` (its comment names the case) and delete the case.
enum KnownDifferences {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var query: String
        /// Instant time in seconds, or the start of `range`.
        var time: Int64
        var range: (start: Int64, end: Int64, step: Int64)?
        /// ``QueryOutcome/summary(limit:)`` of each side.
        var argus: String
        var prometheus: String

        var testDescription: String { name }
    }

    /// The data: one sample every 15 s, 500 ms past each 15 s, from the epoch.
    static let series: [DifferentialDataset.Series] = [
        make("kx", ["job": "a"], (0..<300).map { Double($0) }),
        make("ky", ["job": "a"], (0..<300).map { Double(2 * $0) }),
        make("km", ["job": "a", "code": "1"], Array(repeating: 1, count: 40)),
        make("km", ["job": "a", "code": "2"], Array(repeating: 2, count: 40)),
        make("kn", ["job": "a"], Array(repeating: 0, count: 40)),
        make("kt", ["job": "a"], Array(repeating: 25.9, count: 40)),
        make("kv", ["job": "a", "version": "1"], Array(repeating: 1, count: 40)),
        make(
            "kq", ["job": "a"], [3, 4, 2, 5, 6, 4, 3, 7, 8, 6, 5, 4, 6, 7, 8, 9, 5, 4, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11]),
    ]

    static let cases: [Case] = [
        // Prometheus 2.42 bug: in a range query, predict_linear over an `@`
        // matrix selector has a value at the first step only. Its value
        // depends on the step's time (the regression over the window at 307 is
        // extrapolated from each step), so Argus has one value per step.
        Case(
            name: "predictLinearWithAt",
            query: "predict_linear(kq[1m] @ 307, 0)",
            time: 67,
            range: (67, 367, 60),
            argus:
                "matrix(1) [{job=\"a\"} [4.656666666666666@67000 4.256666666666667@127000 3.8566666666666665@187000 3.4566666666666666@247000 …6]]",
            prometheus: "matrix(1) [{job=\"a\"} [4.656666666666666@67000]]"
        ),
        // 3.x checks one-to-one uniqueness for every match, 2.x only for
        // samples the filter keeps (upstream #18810 made it deterministic).
        Case(
            name: "filterHidesManyToOne",
            query: "km < on (job) kn",
            time: 307,
            argus: "error: multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)",
            prometheus: "vector(0) []"
        ),
        // `timestamp(x @ t offset d)`: Prometheus' timestamp() special case
        // sets the selector's offset to the one `@` implies and drops `d`
        // (2.42, and upstream 3.x by its code); Argus honours `d`.
        Case(
            name: "timestampAtWithOffset",
            query: "timestamp(kx @ 3607 offset -2m)",
            time: 4207,
            argus: "vector(1) [{job=\"a\"} 3720.5]",
            prometheus: "vector(1) [{job=\"a\"} 3600.5]"
        ),
        // 2.x keeps the metric name for atan2 (missing from its
        // shouldDropMetricName); 3.x drops it like every arithmetic operator.
        Case(
            name: "atan2KeepsName",
            query: "5 atan2 kx",
            time: 307,
            argus: "vector(1) [{job=\"a\"} 0.24497866312686414]",
            prometheus: "vector(1) [{__name__=\"kx\", job=\"a\"} 0.24497866312686414]"
        ),
        // 3.x: the deviation of a group whose first value is NaN or ±Inf is
        // NaN; 2.x gives 0 for a group of one.
        Case(
            name: "stddevOfInf",
            query: "stddev(kx / 0)",
            time: 307,
            argus: "vector(1) [{} NaN]",
            prometheus: "vector(1) [{} 0]"
        ),
        // Go's math.Atan2 and glibc's atan2 differ in the last bit here;
        // count_values turns that bit into a different label value.
        Case(
            name: "countValuesOfComputedFloat",
            query: "count_values(\"v\", 1 atan2 kt)",
            time: 307,
            argus: "vector(1) [{v=\"0.03859086997265166\"} 1]",
            prometheus: "vector(1) [{v=\"0.038590869972651654\"} 1]"
        ),
        // Nested subqueries: the inner subquery runs at the outer one's
        // aligned steps, so its window can start exactly on one of its own
        // steps, which 2.x includes (closed) and 3.x excludes (left-open):
        // 21 rates summed instead of 20.
        Case(
            name: "nestedSubqueryBoundary",
            query: "last_over_time((sum_over_time((rate(kx[2m]))[20m:1m]))[20m:10s] offset 1m)",
            time: 3667,
            argus: "vector(1) [{job=\"a\"} 1.3333333333333333]",
            prometheus: "vector(1) [{job=\"a\"} 1.4]"
        ),
        // Go's math.Cosh is Exp(x)/2 and overflows before glibc's cosh.
        Case(
            name: "coshNearOverflow",
            query: "cosh(vector(710))",
            time: 307,
            argus: "vector(1) [{} 1.1169973830808557e+308]",
            prometheus: "vector(1) [{} +Inf]"
        ),
        // 2.x's kahanSumInc turns a sum overflowing to +Inf into NaN
        // (Inf - Inf in the compensation); 3.x keeps +Inf.
        Case(
            name: "kahanOverflow",
            query: "stdvar_over_time((kx * 1e300)[1m:10s])",
            time: 307,
            argus: "vector(1) [{job=\"a\"} +Inf]",
            prometheus: "vector(1) [{job=\"a\"} NaN]"
        ),
        // Prometheus 2.42 bug: count_values grouping by a label the series
        // lack (instance) and one sorting after the value label (version)
        // keeps `version` at the first step of a range query only.
        Case(
            name: "countValuesGroupingAfterValueLabel",
            query: "count_values by (instance, job, version) (\"value\", kv)",
            time: 307,
            range: (307, 487, 60),
            argus: "matrix(1) [{job=\"a\", value=\"1\", version=\"1\"} [1@307000 1@367000 1@427000 1@487000]]",
            prometheus:
                "matrix(2) [{job=\"a\", value=\"1\"} [1@367000 1@427000 1@487000]; {job=\"a\", value=\"1\", version=\"1\"} [1@307000]]"
        ),
        // Go's math.Cosh (via its own Exp) and glibc's cosh differ in the
        // last bit at 108; the cosine of a value near 4e46 turns that bit
        // into a different result.
        Case(
            name: "trigOfHugeArgument",
            query: "cos(cosh(vector(108)))",
            time: 307,
            argus: "vector(1) [{} 0.8121424661519857]",
            prometheus: "vector(1) [{} -0.8897405135762858]"
        ),
    ]

    private static func make(_ name: String, _ labels: [String: String], _ values: [Double])
        -> DifferentialDataset.Series
    {
        DifferentialDataset.Series(
            labels: [("__name__", name)] + labels.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            samples: values.enumerated().map { Sample(timestamp: Int64($0.offset) * 15_000 + 500, value: $0.element) }
        )
    }
}

/// Replays ``KnownDifferences`` against Argus and a fresh Prometheus 2.42.
@Suite(.enabled(if: Peer.available("prometheus"), "prometheus (Debian 2.42) is not installed"))
struct KnownDifferencesTests {
    @Test func eachKnownDifferenceStillReproduces() async throws {
        let storage = MemoryStorage()
        try DifferentialDataset.load(KnownDifferences.series, into: storage)
        let peer = try await PrometheusPeer.start()
        defer { peer.stop() }
        try await peer.write(DifferentialDataset.writeRequests(KnownDifferences.series, from: 0, to: 4_500_000))

        let engine = Engine()
        let requests = KnownDifferences.cases.map { known in
            if let range = known.range {
                return PrometheusPeer.APIRequest(
                    path: "/api/v1/query_range",
                    parameters: [
                        "query": known.query, "start": "\(range.start)", "end": "\(range.end)", "step": "\(range.step)",
                    ]
                )
            }
            return PrometheusPeer.APIRequest(
                path: "/api/v1/query", parameters: ["query": known.query, "time": "\(known.time)"])
        }
        let responses = try await peer.call(requests)
        for (known, response) in zip(KnownDifferences.cases, responses) {
            let argus = QueryOutcome(
                Result<QueryResult, any Error> {
                    let expr = try PromQLParser.parse(known.query, options: .default)
                    if let range = known.range {
                        return try engine.rangeQuery(
                            storage, expr, start: range.start * 1000, end: range.end * 1000, step: range.step * 1000)
                    }
                    return try engine.instantQuery(storage, expr, at: known.time * 1000)
                }
            ).summary()
            let prometheus = QueryOutcome(prometheus: response).summary()
            let advice = "\(known.name) no longer reproduces: re-enable its shape in QueryGenerator and remove the case"
            #expect(argus == known.argus, "\(advice) (Argus)")
            #expect(prometheus == known.prometheus, "\(advice) (Prometheus)")
        }
    }
}
