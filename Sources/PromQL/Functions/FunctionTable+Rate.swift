import ArgusCore
import Storage

/// `rate`, `increase`, `delta`, `irate` and `idelta`.
extension FunctionTable {
    static var rateFunctions: [String: FunctionImplementation] {
        [
            "rate": .range(keepsName: false) { window, _, context in
                extrapolatedRate(window, isCounter: true, isRate: true, context: &context)
            },
            "increase": .range(keepsName: false) { window, _, context in
                extrapolatedRate(window, isCounter: true, isRate: false, context: &context)
            },
            "delta": .range(keepsName: false) { window, _, context in
                extrapolatedRate(window, isCounter: false, isRate: false, context: &context)
            },
            "irate": .range(keepsName: false) { window, _, _ in instantValue(window, isRate: true) },
            "idelta": .range(keepsName: false) { window, _, _ in instantValue(window, isRate: false) },
        ]
    }

    /// Prometheus' `extrapolatedRate` for float samples: the difference
    /// between the last and first sample (plus every value lost to a counter
    /// reset when `isCounter`), extrapolated towards the window's bounds.
    ///
    /// A bound is extrapolated to fully when the first or last sample lies
    /// within 1.1 average sample intervals of it, and by half an average
    /// interval otherwise. For counters the start is never extrapolated past
    /// the point where the counter would have been zero. Needs two samples.
    /// Anchored and smoothed windows are not extrapolated (``extendedRate(_:isCounter:isRate:)``).
    ///
    /// With start timestamps, a counter also resets where a sample's start
    /// timestamp says so, and when the first sample's start lies inside the
    /// window the counter is taken to be 0 there instead of extrapolating
    /// to the start (which also makes a single sample enough).
    static func extrapolatedRate(
        _ window: RangeWindow, isCounter: Bool, isRate: Bool, context: inout FunctionContext
    ) -> Double? {
        if window.mode != .standard { return extendedRate(window, isCounter: isCounter, isRate: isRate) }
        let points = window.points
        guard let first = points.first, let last = points.last else { return nil }
        let startTimestamps = isCounter ? window.startTimestamps : nil
        var result = last.value - first.value
        if isCounter {
            var overlapSeen = false
            for i in points.indices.dropFirst() {
                let previous = points[i - 1]
                let current = points[i]
                var reset = current.value < previous.value
                if let sts = startTimestamps {
                    if !overlapSeen, startTimeOverlaps(sts[i - 1], previous.timestamp, sts[i]) {
                        context.startTimeOverlaps[window.labels.name ?? "", default: 0] += 1
                        overlapSeen = true
                    }
                    reset = reset || isStartTimestampReset(sts[i - 1], previous.timestamp, sts[i], current.timestamp)
                }
                if reset { result += previous.value }
            }
        }

        var durationToStart = Double(first.timestamp - window.start) / 1000
        var durationToEnd = Double(window.end - last.timestamp) / 1000
        var sampledInterval = Double(last.timestamp - first.timestamp) / 1000
        let averageDurationBetweenSamples = points.count > 1 ? sampledInterval / Double(points.count - 1) : 0
        let extrapolationThreshold = averageDurationBetweenSamples * 1.1

        if let firstStart = startTimestamps?.first, firstStart != 0, firstStart > window.start,
            firstStart < first.timestamp
        {
            // The counter started inside the window: count from 0 at its start.
            durationToStart = 0
            sampledInterval = Double(last.timestamp - firstStart) / 1000
            result += first.value
        } else if points.count == 1 {
            return nil
        } else {
            if durationToStart >= extrapolationThreshold {
                durationToStart = averageDurationBetweenSamples / 2
            }
            if isCounter {
                // A counter cannot go below zero: if the slope would reach zero
                // before the start bound, extrapolate only to that point.
                var durationToZero = durationToStart
                if result > 0 && first.value >= 0 {
                    durationToZero = sampledInterval * (first.value / result)
                }
                if durationToZero < durationToStart {
                    durationToStart = durationToZero
                }
            }
        }
        if durationToEnd >= extrapolationThreshold {
            durationToEnd = averageDurationBetweenSamples / 2
        }

        var factor = 1.0
        if sampledInterval != 0 {
            factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval
        }
        if isRate {
            factor /= rangeSeconds(window)
        }
        return result * factor
    }

    /// `irate` and `idelta`: the last two samples' difference (for `irate`
    /// a drop, or a start timestamp that says so, counts as a reset and the
    /// last value is the increase), per second for `irate`. Needs two samples
    /// at different times.
    static func instantValue(_ window: RangeWindow, isRate: Bool) -> Double? {
        let points = window.points
        guard points.count >= 2 else { return nil }
        let previousIndex = points.index(points.endIndex, offsetBy: -2)
        let lastIndex = points.index(before: points.endIndex)
        let previous = points[previousIndex]
        let last = points[lastIndex]
        let sampledInterval = last.timestamp - previous.timestamp
        if sampledInterval == 0 { return nil }
        var reset = last.value < previous.value
        if isRate, let sts = window.startTimestamps {
            reset =
                reset || isStartTimestampReset(sts[previousIndex], previous.timestamp, sts[lastIndex], last.timestamp)
        }
        var result = last.value
        if !isRate || !reset {
            result = last.value - previous.value
        }
        if isRate {
            result /= Double(sampledInterval) / 1000
        }
        return result
    }

    /// Whether a sample's start timestamp says its counter was reset since
    /// the previous sample (Prometheus' `isStartTimestampReset`). 0 means no
    /// start timestamp; one at or after its own sample is unknown or
    /// invalid. One equal to the previous sample's time is a delta sample (a
    /// reset) when the previous sample had a start of its own, and a
    /// cumulative counter of unknown start (no reset) when it had none.
    static func isStartTimestampReset(
        _ previousStart: Int64, _ previousTime: Int64, _ currentStart: Int64, _ currentTime: Int64
    ) -> Bool {
        if currentStart == 0 || currentStart >= currentTime { return false }
        if currentStart < previousTime { return false }
        if currentStart > previousTime { return true }
        if previousStart > previousTime { return false }
        return previousStart != 0 && previousStart != previousTime
    }

    /// Whether a sample's start timestamp lies before the previous sample
    /// although it is not that sample's own start: the two samples claim
    /// overlapping intervals.
    static func startTimeOverlaps(_ previousStart: Int64, _ previousTime: Int64, _ currentStart: Int64) -> Bool {
        currentStart != 0 && currentStart < previousTime && currentStart != previousStart
    }

    /// The window's length in seconds, computed like Go's
    /// `time.Duration.Seconds()` (whole seconds plus the remainder).
    static func rangeSeconds(_ window: RangeWindow) -> Double {
        let milliseconds = window.end - window.start
        let seconds = milliseconds / 1000
        let remainder = milliseconds % 1000
        return Double(seconds) + Double(remainder * 1_000_000) / 1e9
    }
}
