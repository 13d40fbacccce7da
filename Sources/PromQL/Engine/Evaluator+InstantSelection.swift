import ArgusCore
import Storage

extension Evaluator {
    /// What an instant selection reports at each step.
    enum InstantValue {
        /// The selected sample's value.
        case sampleValue
        /// The selected sample's timestamp in seconds (`timestamp()`).
        case sampleTimestampSeconds
        /// The selected sample's timestamp in milliseconds (`info()` matching).
        case sampleTimestampMilliseconds
        /// The selected sample's start timestamp in seconds, 0 when it has
        /// none (`start_timestamp()`).
        case sampleStartTimestampSeconds
    }

    /// Instant selection: at each step the newest sample in the left-open
    /// window `(t − lookback, t]` (t = step or `@` time, minus the offset),
    /// absent when that sample is a stale marker.
    func selectInstant(
        _ matchers: [LabelMatcher],
        offset: Int64,
        at: Int64?,
        value: InstantValue,
        dropName: Bool = false
    ) throws(PromQLError) -> [EvalSeries] {
        let firstRef = (at ?? start) - offset
        let lastRef = (at ?? end) - offset
        let lookback = query.lookbackDelta + query.windowStartSlack
        let stored = try select(matchers, mint: firstRef - lookback + 1, maxt: lastRef)
        var result: [EvalSeries] = []
        result.reserveCapacity(stored.count)
        for series in stored {
            try query.checkDeadline()
            let samples = series.samples
            var points: [Sample] = []
            var cursor = -1  // index of the newest sample at or before the reference time
            for step in 0..<stepCount {
                let ts = time(ofStep: step)
                let ref = (at ?? ts) - offset
                while cursor + 1 < samples.count, samples[cursor + 1].timestamp <= ref { cursor += 1 }
                guard cursor >= 0 else { continue }
                let sample = samples[cursor]
                guard sample.timestamp > ref - lookback, !StaleMarker.isStale(sample.value) else { continue }
                switch value {
                case .sampleValue: points.append(Sample(timestamp: ts, value: sample.value))
                case .sampleTimestampSeconds:
                    points.append(Sample(timestamp: ts, value: Double(sample.timestamp) / 1000))
                case .sampleTimestampMilliseconds: points.append(Sample(timestamp: ts, value: Double(sample.timestamp)))
                case .sampleStartTimestampSeconds:
                    let start = series.startTimestamps?[cursor] ?? 0
                    points.append(Sample(timestamp: ts, value: Double(start) / 1000))
                }
            }
            if !points.isEmpty {
                try query.addSamples(points.count)
                result.append(EvalSeries(labels: series.labels, points: points, dropName: dropName))
            }
        }
        return result
    }
}
