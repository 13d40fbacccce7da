import ArgusCore
import Storage
import Testing

@testable import PromQL

/// `rate`, `increase`, `delta`, `irate` and `idelta`, with the cases of
/// upstream's `functions.test`.
@Suite struct FunctionRateTests {
    typealias F = FunctionFixture

    struct Case: CustomTestStringConvertible, Sendable {
        var function: String
        var interval: Double
        var values: [Double?]
        var range: Double
        var at: Double
        var expected: Double?
        var testDescription: String { "\(function)[\(range)s] at \(at)s = \(expected.map { "\($0)" } ?? "nothing")" }
    }

    static let cases: [Case] = [
        // increase(http_requests_total[50m]) at 50m: extrapolated from the
        // 10 samples in (0, 50m] to the window start.
        Case(
            function: "increase", interval: 300, values: F.expand(0, 10, times: 10), range: 3000, at: 3000,
            expected: 100),
        Case(
            function: "increase", interval: 300, values: F.expand(0, 18, times: 5) + F.expand(0, 18, times: 5),
            range: 3000, at: 3000, expected: 160),
        Case(
            function: "increase", interval: 300, values: F.expand(10, 10, times: 10), range: 3000, at: 3000,
            expected: 100),
        // [100m]: "foo" is already 0 at t=0; "dings" extrapolates by half an
        // interval; "bumms" stops where the counter would reach zero.
        Case(
            function: "increase", interval: 300, values: F.expand(0, 10, times: 10), range: 6000, at: 3000,
            expected: 100),
        Case(
            function: "increase", interval: 300, values: F.expand(0, 18, times: 5) + F.expand(0, 18, times: 5),
            range: 6000, at: 3000, expected: 162),
        Case(
            function: "increase", interval: 300, values: F.expand(10, 10, times: 10), range: 6000, at: 3000,
            expected: 105),
        Case(
            function: "increase", interval: 300, values: F.expand(1, 10, times: 10), range: 6000, at: 3000,
            expected: 101),
        // A counter reset: 3 2 counts as 3 0 1 2.
        Case(function: "increase", interval: 300, values: [0, 1, 2, 3, 2, 3, 4], range: 1800, at: 1800, expected: 7),
        Case(
            function: "rate", interval: 300, values: F.expand(0, 27, times: 4) + F.expand(0, 27, times: 5),
            range: 3000, at: 3000, expected: 0.08),
        // A reset at the very end: one sample in 5m gives nothing, two give 0.
        Case(
            function: "rate", interval: 300, values: F.expand(0, 10, times: 9) + [0, 10], range: 300, at: 3000,
            expected: nil),
        Case(
            function: "rate", interval: 300, values: F.expand(0, 10, times: 9) + [0, 10], range: 360, at: 3000,
            expected: 0),
        Case(
            function: "rate", interval: 300, values: F.expand(0, 80, times: 10), range: 3000, at: 3000,
            expected: 0.26666666666666666),
        // Zero cutoff for the left-side extrapolation (load 4m).
        Case(function: "rate", interval: 240, values: F.expand(0, 240, times: 10), range: 1200, at: 600, expected: 0.5),
        Case(
            function: "rate", interval: 240, values: F.expand(60, 240, times: 10), range: 1200, at: 600, expected: 0.55),
        Case(
            function: "rate", interval: 240, values: F.expand(120, 240, times: 10), range: 1200, at: 600, expected: 0.6),
        Case(
            function: "rate", interval: 240, values: F.expand(300, 240, times: 10), range: 1200, at: 600, expected: 0.6),
        Case(
            function: "rate", interval: 240, values: F.expand(0, 240, times: 10), range: 1200, at: 3000, expected: 0.6),
        Case(function: "delta", interval: 300, values: [0, 50, 100, 150, 200], range: 1200, at: 1200, expected: 200),
        Case(function: "delta", interval: 300, values: [200, 150, 100, 50, 0], range: 1200, at: 1200, expected: -200),
        Case(
            function: "irate", interval: 300, values: F.expand(0, 10, times: 10), range: 3000, at: 3000,
            expected: 0.03333333333333333),
        // irate across a reset uses the value after the reset.
        Case(
            function: "irate", interval: 300, values: F.expand(0, 10, times: 5) + F.expand(0, 10, times: 5),
            range: 3000, at: 1800, expected: 0),
        Case(function: "irate", interval: 300, values: [1, .nan, .nan, 5, 11], range: 901, at: 300, expected: .nan),
        Case(function: "irate", interval: 300, values: [1, .nan, .nan, 5, 11], range: 901, at: 1200, expected: 0.02),
        Case(function: "irate", interval: 300, values: [1, .nan, .nan, 5, 11], range: 901, at: 0, expected: nil),
        Case(function: "idelta", interval: 300, values: [0, 50, 100, 150], range: 1200, at: 1200, expected: 50),
        Case(function: "idelta", interval: 300, values: [0, 50, 100, 50], range: 1200, at: 1200, expected: -50),
        Case(function: "idelta", interval: 300, values: [1, .nan, .nan, 5, 11], range: 901, at: 1200, expected: 6),
    ]

    @Test(arguments: cases)
    func rateFamily(_ c: Case) {
        let window = F.window(F.series(interval: c.interval, c.values), range: c.range, end: c.at)
        let (value, annotations) = F.callRange(c.function, window)
        #expect(F.close(value, c.expected), "got \(value.map { "\($0)" } ?? "nothing")")
        #expect(annotations.isEmpty)
    }

    /// The extrapolation limit: a gap at the start of more than 1.1 average
    /// intervals extrapolates by only half an interval.
    @Test func extrapolationThreshold() {
        // Samples at 40, 50, 60 (interval 10): 40s from the start is beyond
        // 11s, so only 5s are added at the start; the end is 0s away.
        let samples: [(Double, Double)] = [(40, 10), (50, 20), (60, 30)]
        let window = F.window(samples, range: 60, end: 60)
        // delta: 20 over 20s, extrapolated to 25s.
        #expect(F.callRange("delta", window).value == 25)
        // Within 1.1 intervals (10.9s ≤ 11s): extrapolated all the way.
        let near = F.window([(10.9, 10), (20.9, 20), (30.9, 30)], range: 30.9, end: 30.9)
        #expect(F.close(F.callRange("delta", near).value, 30.9))
    }

    /// The window is left-open: a sample exactly at the start is outside.
    @Test func leftOpenWindow() {
        let window = F.window([(0, 0), (10, 10), (20, 20)], range: 20, end: 20)
        #expect(window.points.count == 2)
        #expect(F.callRange("delta", window).value == 20)
    }

    @Test func rateNeedsTwoSamplesAndIrateDistinctTimes() {
        #expect(F.callRange("rate", F.window([(10, 5)], range: 60, end: 60)).value == nil)
        let sameTime = RangeWindow(
            points: [Sample(timestamp: 1000, value: 1), Sample(timestamp: 1000, value: 2)][...],
            start: 0, end: 2000, stepTime: 2000, labels: Labels())
        #expect(F.callRange("irate", sameTime).value == nil)
        #expect(F.callRange("idelta", sameTime).value == nil)
    }

    /// A decrease is no reset for `delta`, and a negative first value stops
    /// the zero-point cutoff for counters.
    @Test func gaugesAndNegativeCounters() {
        let samples: [(Double, Double)] = [(30, -10), (40, -5), (50, 0), (60, 5)]
        let window = F.window(samples, range: 60, end: 60)
        // 15 over 30s; start extrapolated by half an interval (5s).
        #expect(F.close(F.callRange("increase", window).value, 17.5))
        #expect(F.close(F.callRange("delta", window).value, 17.5))
        let drop = F.window([(20, 10), (40, 4), (60, 1)], range: 60, end: 60)
        // delta: -9 over 40s extrapolated to 60s.
        #expect(F.close(F.callRange("delta", drop).value, -13.5))
        // increase: 1 - 10 + 10 + 4 = 5 over 40s; zero cutoff at 40·(10/5) = 80s is beyond 20s.
        #expect(F.close(F.callRange("increase", drop).value, 7.5))
    }

    @Test func rangeSecondsMatchesGoDuration() {
        let window = RangeWindow(points: [], start: -1001, end: 0, stepTime: 0, labels: Labels())
        #expect(FunctionTable.rangeSeconds(window) == 1 + 0.001)
    }
}

/// The info `rate` and `increase` give for a metric that may not be a counter.
@Suite struct CounterNameInfoTests {
    /// The infos of `function` over each metric in turn (together their
    /// results would collide once the names are dropped).
    func infos(_ function: String, typeAndUnitLabels: Bool) throws -> [String] {
        let storage = MemoryStorage()
        let appender = storage.appender()
        for (name, type) in [("requests_total", "gauge"), ("temperature", "counter"), ("bytes_total", nil)] {
            var labels = ["__name__": name]
            if let type { labels["__type__"] = type }
            for t in [0, 60_000, 120_000] as [Int64] {
                try appender.append(Labels(labels), timestamp: t, value: Double(t))
            }
        }
        try appender.commit()
        var options = EngineOptions()
        options.typeAndUnitLabels = typeAndUnitLabels
        var infos: [String] = []
        for name in ["requests_total", "temperature", "bytes_total"] {
            let result = try Engine(options: options).instantQuery(
                storage, try PromQLParser.parse("\(function)(\(name)[5m])"), at: 120_000)
            infos += result.annotations.map(\.description)
        }
        return infos.sorted()
    }

    @Test func byDefaultTheNameDecides() throws {
        #expect(
            try infos("rate", typeAndUnitLabels: false) == [
                "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"temperature\""
            ])
    }

    @Test func withTypeAndUnitLabelsTheTypeDecides() throws {
        #expect(
            try infos("increase", typeAndUnitLabels: true) == [
                "PromQL info: metric might not be a counter, __type__ label is not set to \"counter\" or \"histogram\", got \"\": \"bytes_total\"",
                "PromQL info: metric might not be a counter, __type__ label is not set to \"counter\" or \"histogram\", got \"gauge\": \"requests_total\"",
            ])
    }
}
