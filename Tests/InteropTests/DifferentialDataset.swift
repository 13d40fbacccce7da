import ArgusCore
import ArgusTesting
import Exposition
import Foundation
import Storage

/// The data both engines query: two hours of 15-second "scrapes" of a few
/// jobs, generated from a seed and ending at `end`.
///
/// Choices that keep Prometheus 2.42 and Argus (Prometheus 3 semantics)
/// comparable:
///
/// - **No sample on a window boundary.** 2.x range windows and lookback are
///   closed (`[t-r, t]`), 3.x left-open (`(t-r, t]`). Every query time,
///   range, offset, `@` time and subquery step is a whole number of seconds,
///   while every sample lies 60–940 ms past a whole second (a per-series
///   phase plus a few ms of jitter per sample), so no window edge ever
///   coincides with a sample.
/// - **Recent timestamps, pushed in time order.** A fresh TSDB head accepts
///   samples no older than an hour before its newest one, so the data is the
///   last two hours (rounded to the minute) and goes out in five-minute
///   batches across all series. Two hours also stays below the head's
///   compaction threshold (3h), so nothing moves to blocks while we query.
/// - **No newlines in label values**: 2.42's regex `.` does not match `\n`,
///   Prometheus 3's does.
struct DifferentialDataset {
    struct Series {
        var labels: [(String, String)]
        var samples: [Sample] = []

        var argusLabels: Labels { Labels(labels) }
    }

    static let scrapeInterval: Int64 = 15_000
    static let span: Int64 = 2 * 3_600_000
    static let batch: Int64 = 5 * 60_000

    /// The first and last instant of the data (milliseconds, whole minutes).
    let start: Int64
    let end: Int64
    private(set) var series: [Series] = []

    /// Targets as (job, instance); the histogram and request counters exist
    /// for the first four only, so joins meet unmatched series.
    static let targets: [(job: String, instance: String)] = [
        ("api", "10.0.0.1:9100"), ("api", "10.0.0.2:9100"), ("web", "10.0.0.3:9100"),
        ("web", "host-4.example:9100"), ("batch", "10.0.0.5:9100"),
    ]
    static let bucketBounds: [String] = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"]

    init(end: Int64, seed: UInt64) {
        precondition(end % 60_000 == 0)
        self.end = end
        self.start = end - Self.span
        var rng = SeededGenerator(seed: seed)
        let steps = Int(Self.span / Self.scrapeInterval)

        for (index, target) in Self.targets.enumerated() {
            let base = [("job", target.job), ("instance", target.instance)]
            if index < 4 {
                for code in ["200", "404", "500"] {
                    let scale: ClosedRange<Int> = code == "200" ? 0...30 : code == "404" ? 0...3 : 0...1
                    // One counter of each code resets once (a restart), at a different place each.
                    let resetTarget = ["200": 2, "404": 0, "500": 1][code]!
                    let resetAt = index == resetTarget ? Int.random(in: 50..<400, using: &rng) : -1
                    var value = Double(Int.random(in: 0...1000, using: &rng))
                    add(name: "http_requests_total", base + [("code", code)], steps: steps, rng: &rng) { step, rng in
                        if step == resetAt { value = Double(Int.random(in: 0...3, using: &rng)) }
                        value += Double(Int.random(in: scale, using: &rng))
                        return value
                    }
                }
                addHistogram(base, steps: steps, rng: &rng)
            }
            for mode in ["user", "system"] {
                var value = Double.random(in: 0...5000, using: &rng)
                add(name: "cpu_seconds_total", base + [("mode", mode)], steps: steps, rng: &rng) { _, rng in
                    value += Double.random(in: 0...(mode == "user" ? 12 : 3), using: &rng)
                    return value
                }
            }
            var memory = Double(Int.random(in: 100_000_000...400_000_000, using: &rng))
            add(name: "memory_bytes", base, steps: steps, rng: &rng) { _, rng in
                memory += Double(Int.random(in: -1_000_000...1_000_000, using: &rng))
                return memory
            }
            // queue_length of the third target has a ten-minute gap, longer than the lookback.
            var queue = Int.random(in: 0...10, using: &rng)
            add(name: "queue_length", base, steps: steps, rng: &rng, skip: index == 2 ? 100..<140 : 0..<0) { _, rng in
                queue = max(0, min(20, queue + Int.random(in: -2...2, using: &rng)))
                return Double(queue)
            }
            // ratio is sometimes NaN, as real gauges are (Prometheus' NormalNaN bits).
            add(name: "ratio", base, steps: steps, rng: &rng) { _, rng in
                Int.random(in: 0..<50, using: &rng) == 0
                    ? Double(bitPattern: StaleMarker.normalNaNBitPattern) : Double.random(in: 0...1, using: &rng)
            }
            add(name: "build_info", base + [("version", ["1.0", "1.1", "2.0"][index % 3])], steps: steps, rng: &rng) {
                _,
                _ in 1
            }
            // up: batch starts 70 minutes before the end; web/host-4 disappears 30 minutes
            // before the end with a stale marker, as a scrape loop would write.
            let upSteps = index == 4 ? 200..<steps : index == 3 ? 0..<(steps - 120) : 0..<steps
            add(name: "up", base, steps: steps, rng: &rng, keep: upSteps, staleAfter: index == 3) { _, rng in
                Int.random(in: 0..<20, using: &rng) == 0 ? 0 : 1
            }
        }
        for (room, offset) in [("a", 21.0), ("b", 19.5), ("c", 23.0), ("freezer", -18.0)] {
            let target = Self.targets[room == "freezer" ? 4 : room == "c" ? 2 : 0]
            var value = offset
            add(
                name: "temperature_celsius",
                [("job", target.job), ("instance", target.instance), ("room", room)],
                steps: steps,
                rng: &rng
            ) { _, rng in
                value += Double.random(in: -0.3...0.3, using: &rng)
                return (value * 10).rounded() / 10
            }
        }
    }

    /// Adds a series sampled every 15 s with a per-series phase and per-sample jitter.
    private mutating func add(
        name: String,
        _ labels: [(String, String)],
        steps: Int,
        rng: inout SeededGenerator,
        skip: Range<Int> = 0..<0,
        keep: Range<Int>? = nil,
        staleAfter: Bool = false,
        value: (Int, inout SeededGenerator) -> Double
    ) {
        // Phase: a whole number of seconds plus 100–900 ms; jitter: ±40 ms.
        let phase = Int64.random(in: 0..<14, using: &rng) * 1000 + Int64.random(in: 100...900, using: &rng)
        var series = Series(labels: [("__name__", name)] + labels)
        let kept = keep ?? 0..<steps
        for step in 0..<steps {
            let v = value(step, &rng)
            let timestamp = start + Int64(step) * Self.scrapeInterval + phase + Int64.random(in: -40...40, using: &rng)
            if skip.contains(step) || !kept.contains(step) { continue }
            series.samples.append(Sample(timestamp: timestamp, value: v))
        }
        if staleAfter, let last = series.samples.last {
            series.samples.append(Sample(timestamp: last.timestamp + Self.scrapeInterval, value: StaleMarker.value))
        }
        self.series.append(series)
    }

    /// A classic histogram: cumulative `_bucket{le}` counters with `_sum` and `_count`.
    private mutating func addHistogram(_ base: [(String, String)], steps: Int, rng: inout SeededGenerator) {
        let bounds = Self.bucketBounds.map { Double($0.replacingOccurrences(of: "+Inf", with: "inf"))! }
        var counts = [Double](repeating: 0, count: bounds.count)
        var sum = 0.0
        var history: [(counts: [Double], sum: Double)] = []
        for _ in 0..<steps {
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                // Mostly fast requests, a tail of slow ones.
                let observed = Double.random(in: 0...1, using: &rng) * Double.random(in: 0...1, using: &rng) * 7
                sum += observed
                for (i, bound) in bounds.enumerated() where observed <= bound { counts[i] += 1 }
            }
            history.append((counts, sum))
        }
        for (i, le) in Self.bucketBounds.enumerated() {
            add(name: "request_duration_seconds_bucket", base + [("le", le)], steps: steps, rng: &rng) { step, _ in
                history[step].counts[i]
            }
        }
        add(name: "request_duration_seconds_sum", base, steps: steps, rng: &rng) { step, _ in history[step].sum }
        add(name: "request_duration_seconds_count", base, steps: steps, rng: &rng) { step, _ in
            history[step].counts[bounds.count - 1]
        }
    }

    /// Every sample in one in-memory storage for Argus.
    func load(into storage: MemoryStorage) throws {
        try Self.load(series, into: storage)
    }

    /// The same samples as remote-write requests of five minutes each, in time order.
    func writeRequests() -> [Prompb.WriteRequest] {
        Self.writeRequests(series, from: start, to: end)
    }

    static func load(_ series: [Series], into storage: MemoryStorage) throws {
        let appender = storage.appender()
        for series in series {
            let labels = series.argusLabels
            for sample in series.samples {
                try appender.append(labels, timestamp: sample.timestamp, value: sample.value)
            }
        }
        try appender.commit()
    }

    /// Remote-write requests of five minutes each across all series, in time
    /// order, so that no sample is older than the head accepts (an hour
    /// before the newest sample written).
    static func writeRequests(_ series: [Series], from start: Int64, to end: Int64) -> [Prompb.WriteRequest] {
        var requests: [Prompb.WriteRequest] = []
        var from = start
        while from <= end {
            let to = from + batch
            var timeseries: [Prompb.TimeSeries] = []
            for series in series {
                let samples = series.samples.filter { $0.timestamp >= from && $0.timestamp < to }
                if samples.isEmpty { continue }
                timeseries.append(
                    Prompb.TimeSeries(
                        // Sorted by name, as the receiver expects.
                        labels: series.argusLabels.map { Prompb.Label(name: $0.name, value: $0.value) },
                        samples: samples.map { Prompb.Sample(value: $0.value, timestamp: $0.timestamp) }
                    )
                )
            }
            if !timeseries.isEmpty { requests.append(Prompb.WriteRequest(timeseries: timeseries)) }
            from = to
        }
        return requests
    }

    var sampleCount: Int { series.reduce(0) { $0 + $1.samples.count } }
}
