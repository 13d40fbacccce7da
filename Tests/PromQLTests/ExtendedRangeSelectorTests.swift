import ArgusCore
import PromQL
import Storage
import Testing

/// Prometheus 3's extended range selectors, `anchored` and `smoothed`
/// (`promql-extended-range-selectors`), on a counter that resets:
/// `x` is 5, 10, 3, 6 at 0, 1m, 2m and 3m.
@Suite struct ExtendedRangeSelectorTests {
    let engine = Engine()

    func data() throws -> MemoryStorage {
        try storage(interval: 60_000, [(["__name__": "x"], [5, 10, 3, 6])])
    }

    /// The single value of an instant query, nil when the result is empty.
    func value(_ query: String, at time: Int64) throws -> Double? {
        let expr = try PromQLParser.parse(query, options: .corpus)
        let result = try engine.instantQuery(try data(), expr, at: time)
        guard case .vector(let elements) = result.value else {
            Issue.record("expected a vector from \(query)")
            return nil
        }
        #expect(elements.count <= 1)
        return elements.first?.value
    }

    func points(_ query: String, at time: Int64) throws -> [Sample] {
        let expr = try PromQLParser.parse(query, options: .corpus)
        guard case .matrix(let series) = try engine.instantQuery(try data(), expr, at: time).value else {
            Issue.record("expected a matrix from \(query)")
            return []
        }
        return series.first?.points ?? []
    }

    func error(_ query: String) throws -> String? {
        let expr = try PromQLParser.parse(query, options: .corpus)
        let data = try data()
        do {
            _ = try engine.instantQuery(data, expr, at: 60_000)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func anchoredRatesStartFromTheNewestSampleAtOrBeforeTheWindow() throws {
        // At 3m the window is (1m, 3m]: anchored at 1m (10), then 3 (a reset) and 6.
        #expect(try value("increase(x[2m] anchored)", at: 180_000) == 6)
        #expect(try value("rate(x[2m] anchored)", at: 180_000) == 6.0 / 120)
        #expect(try value("delta(x[2m] anchored)", at: 180_000) == -4)
        // (90s, 150s] holds only 3: too little for the plain increase.
        #expect(try value("increase(x[1m] anchored)", at: 150_000) == 3)
        #expect(try value("increase(x[1m])", at: 150_000) == nil)
        // One sample after the start and none before: nothing to measure but itself.
        #expect(try value("increase(x[1m] anchored)", at: 30_000) == 0)
        // No sample after the start: no result.
        #expect(try value("increase(x[1m] anchored)", at: 240_000) == nil)
    }

    @Test func anchoredReachesBackOnlyTheLookbackDelta() throws {
        let sparse = try storage(interval: 60_000, [(["__name__": "y"], [1, nil, nil, nil, nil, nil, nil, 4])])
        let expr = try PromQLParser.parse("increase(y[1m] anchored)", options: .corpus)
        // At 7m the window is (6m, 7m]; the sample at 0 is more than 5m before 6m.
        #expect(vector(try engine.instantQuery(sparse, expr, at: 420_000)) == [[:]: 0])
        // At 5m30s the window is (4m30s, 5m30s] and holds no sample.
        #expect(vector(try engine.instantQuery(sparse, expr, at: 330_000)).isEmpty)
    }

    @Test func anchoredChangesAndResetsCountFromTheAnchor() throws {
        // (1m, 3m] anchored at 1m: 10 → 3 → 6.
        #expect(try value("resets(x[2m] anchored)", at: 180_000) == 1)
        #expect(try value("resets(x[2m])", at: 180_000) == 0)
        #expect(try value("changes(x[2m] anchored)", at: 180_000) == 2)
        #expect(try value("changes(x[2m])", at: 180_000) == 1)
        #expect(try value("changes(x[1m] anchored)", at: 240_000) == nil)
    }

    @Test func smoothedRatesInterpolateAtBothBounds() throws {
        // (90s, 150s]: the counter reset between 1m and 2m makes the start
        // 1.5 (rising from zero), the end is 4.5 (between 3 and 6).
        #expect(try value("increase(x[1m] smoothed)", at: 150_000) == 3)
        #expect(try value("rate(x[1m] smoothed)", at: 150_000) == 0.05)
        // delta is no counter: the start is 6.5 (between 10 and 3).
        #expect(try value("delta(x[1m] smoothed)", at: 150_000) == -2)
        // All samples are before the window.
        #expect(try value("increase(x[1m] smoothed)", at: 300_000) == nil)
    }

    @Test func smoothedVectorSelectorInterpolates() throws {
        #expect(try value("x smoothed", at: 90_000) == 6.5)
        #expect(try value("x smoothed", at: 120_000) == 3)
        #expect(try value("x offset 30s smoothed", at: 120_000) == 6.5)
        // After the last sample the value carries forward for the lookback delta.
        #expect(try value("x smoothed", at: 210_000) == 6)
        #expect(try value("x smoothed", at: 480_000) == nil)
        let expr = try PromQLParser.parse("x smoothed", options: .corpus)
        guard
            case .matrix(let series) = try engine.rangeQuery(try data(), expr, start: 0, end: 180_000, step: 30_000)
                .value
        else {
            Issue.record("expected a matrix")
            return
        }
        #expect(series.first?.labels == ["__name__": "x"])
        #expect(series.first?.points.map(\.value) == [5, 7.5, 10, 6.5, 3, 4.5, 6])
    }

    @Test func rangeQueriesMoveTheExtendedWindow() throws {
        let expr = try PromQLParser.parse("increase(x[2m] anchored)", options: .corpus)
        guard
            case .matrix(let series) = try engine.rangeQuery(
                try data(), expr, start: 120_000, end: 180_000, step: 60_000
            ).value
        else {
            Issue.record("expected a matrix")
            return
        }
        // At 2m: 5 → 10 → 3 is 5 up, then 3 after the reset.
        #expect(series.first?.points.map(\.value) == [8, 6])
    }

    @Test func rangeSelectorsOnTheirOwnGetPointsAtTheBounds() throws {
        #expect(
            try points("x[1m] anchored", at: 150_000) == [
                Sample(timestamp: 90_000, value: 10), Sample(timestamp: 120_000, value: 3),
                Sample(timestamp: 150_000, value: 3),
            ])
        #expect(
            try points("x[1m] smoothed", at: 150_000) == [
                Sample(timestamp: 90_000, value: 6.5), Sample(timestamp: 120_000, value: 3),
                Sample(timestamp: 150_000, value: 4.5),
            ])
    }

    @Test func otherFunctionsRejectExtendedSelectors() throws {
        #expect(
            try error("deriv(x[1m] anchored)")
                == "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with deriv")
        #expect(
            try error("max_over_time(x[1m] smoothed)")
                == "smoothed modifier can only be used with: delta, increase, rate - not with max_over_time")
        #expect(
            try error("changes(x[1m] smoothed)")
                == "smoothed modifier can only be used with: delta, increase, rate - not with changes")
        #expect(try error("changes(x[1m] anchored)") == nil)
    }
}
