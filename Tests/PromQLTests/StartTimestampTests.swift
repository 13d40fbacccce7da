import ArgusCore
import PromQL
import Storage
import Testing

/// Start timestamps in `rate`-like functions (`use-start-timestamps`): a
/// counter `c` sampled every minute from 2m that restarts between the
/// samples at 3m and 4m without its value ever dropping. Only its start
/// timestamps show the restart.
@Suite struct StartTimestampTests {
    /// `c`: 10 @2m (started at 1m30s), 20 @3m (same start), 25 @4m
    /// (restarted at 3m30s), 35 @5m (same start).
    func data() throws -> MemoryStorage {
        let storage = MemoryStorage()
        let appender = try #require(storage.appender() as? any StartTimestampAppender)
        let labels = Labels(["__name__": "c_total"])
        for (t, start, value) in [
            (120_000, 90_000, 10.0), (180_000, 90_000, 20), (240_000, 210_000, 25), (300_000, 210_000, 35),
        ] as [(Int64, Int64, Double)] {
            try appender.append(labels, startTimestamp: start, timestamp: t, value: value)
        }
        try appender.commit()
        return storage
    }

    func engine(_ useStartTimestamps: Bool) -> Engine {
        var options = EngineOptions()
        options.useStartTimestamps = useStartTimestamps
        return Engine(options: options)
    }

    func vector(_ query: String, at time: Int64, startTimestamps: Bool) throws -> QueryResult {
        let expr = try PromQLParser.parse(query, options: .corpus)
        return try engine(startTimestamps).instantQuery(try data(), expr, at: time)
    }

    func value(_ query: String, at time: Int64, startTimestamps: Bool = true) throws -> Double? {
        guard case .vector(let elements) = try vector(query, at: time, startTimestamps: startTimestamps).value else {
            Issue.record("expected a vector from \(query)")
            return nil
        }
        #expect(elements.count <= 1)
        return elements.first?.value
    }

    @Test func theStorageKeepsStartTimestampsAlignedWithSamples() throws {
        let series = try data().querier().select([try LabelMatcher(.equal, "__name__", "c_total")], mint: 0, maxt: .max)
        #expect(series.first?.startTimestamps == [90_000, 90_000, 210_000, 210_000])
        let plain = MemoryStorage()
        let appender = plain.appender()
        try appender.append(Labels(["__name__": "p"]), timestamp: 1, value: 1)
        try appender.commit()
        #expect(try plain.querier().select([], mint: 0, maxt: .max).first?.startTimestamps == nil)
    }

    @Test func resetsAreFoundFromStartTimestamps() throws {
        #expect(try value("resets(c_total[5m])", at: 300_000) == 1)
        #expect(try value("resets(c_total[5m])", at: 300_000, startTimestamps: false) == 0)
    }

    @Test func increaseCountsTheValueBeforeARestart() throws {
        // Window (0, 5m]: the first sample's start (1m30s) is inside it, so
        // the counter counts from 0 there: 10 + 10 + 25 + 10 = 55 over the
        // sampled 3m30s, and the end is not extrapolated (the last sample is at 5m).
        #expect(try value("increase(c_total[5m])", at: 300_000) == 55)
        // Without them: 35 − 10 over the sampled 3m, extrapolated by half
        // an interval (30s) towards the window's start.
        let off = try #require(try value("increase(c_total[5m])", at: 300_000, startTimestamps: false))
        #expect(abs(off - 25 * 210 / 180) < 1e-9)
    }

    @Test func irateTakesTheLastValueAfterARestart() throws {
        #expect(try value("irate(c_total[2m])", at: 240_000) == 25.0 / 60)
        #expect(try value("irate(c_total[2m])", at: 240_000, startTimestamps: false) == 5.0 / 60)
    }

    @Test func aSingleSampleIsEnoughWhenItsStartIsInTheWindow() throws {
        // Window (1m, 2m]: only 10 @2m, started at 1m30s.
        #expect(try value("increase(c_total[1m])", at: 120_000) == 10)
        #expect(try value("increase(c_total[1m])", at: 120_000, startTimestamps: false) == nil)
    }

    @Test func subqueriesCarryNoStartTimestamps() throws {
        #expect(try value("resets(c_total[5m:1m])", at: 300_000) == 0)
    }

    @Test func startTimestampFunction() throws {
        #expect(try value("start_timestamp(c_total)", at: 250_000) == 210)
        #expect(try value("start_timestamp(c_total)", at: 250_000, startTimestamps: false) == nil)
        #expect(try value("start_timestamp(c_total * 1)", at: 250_000) == nil)
    }

    @Test func overlappingStartsAreWarnedOncePerMetricWithACount() throws {
        let storage = MemoryStorage()
        let appender = try #require(storage.appender() as? any StartTimestampAppender)
        for (t, value) in [(120_000, 1.0), (180_000, 2), (240_000, 3)] as [(Int64, Double)] {
            // Every sample claims to have started at 1m, before its predecessor.
            try appender.append(
                Labels(["__name__": "o_total"]), startTimestamp: 60_000 + t / 1000, timestamp: t, value: value)
        }
        try appender.commit()
        let expr = try PromQLParser.parse("rate(o_total[5m])", options: .corpus)
        let instant = try engine(true).instantQuery(storage, expr, at: 300_000)
        #expect(
            instant.annotations.map(\.description) == [
                "PromQL warning: sample has start time that overlaps with previous sample timestamp for metric \"o_total\""
            ])
        let range = try engine(true).rangeQuery(storage, expr, start: 240_000, end: 300_000, step: 60_000)
        #expect(
            range.annotations.map(\.description) == [
                "PromQL warning: sample has start time that overlaps with previous sample timestamp for metric \"o_total\" (2 occurrences)"
            ])
        #expect(try engine(false).instantQuery(storage, expr, at: 300_000).annotations.isEmpty)
    }
}
