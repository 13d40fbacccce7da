import ArgusCore
import Storage

/// `rate`, `increase`, `delta`, `irate` and `idelta`.
extension FunctionTable {
    static var rateFunctions: [String: FunctionImplementation] {
        [
            "rate": .range(keepsName: false) { window, _, _ in
                extrapolatedRate(window, isCounter: true, isRate: true)
            },
            "increase": .range(keepsName: false) { window, _, _ in
                extrapolatedRate(window, isCounter: true, isRate: false)
            },
            "delta": .range(keepsName: false) { window, _, _ in
                extrapolatedRate(window, isCounter: false, isRate: false)
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
    static func extrapolatedRate(_ window: RangeWindow, isCounter: Bool, isRate: Bool) -> Double? {
        if window.mode != .standard { return extendedRate(window, isCounter: isCounter, isRate: isRate) }
        let points = window.points
        guard points.count >= 2, let first = points.first, let last = points.last else { return nil }
        var result = last.value - first.value
        if isCounter {
            var previous = first.value
            for point in points.dropFirst() {
                if point.value < previous { result += previous }
                previous = point.value
            }
        }

        var durationToStart = Double(first.timestamp - window.start) / 1000
        var durationToEnd = Double(window.end - last.timestamp) / 1000
        let sampledInterval = Double(last.timestamp - first.timestamp) / 1000
        let averageDurationBetweenSamples = sampledInterval / Double(points.count - 1)
        let extrapolationThreshold = averageDurationBetweenSamples * 1.1

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
    /// a drop counts as a reset and the last value is the increase), per
    /// second for `irate`. Needs two samples at different times.
    static func instantValue(_ window: RangeWindow, isRate: Bool) -> Double? {
        let points = window.points
        guard points.count >= 2 else { return nil }
        let previous = points[points.index(points.endIndex, offsetBy: -2)]
        let last = points[points.index(before: points.endIndex)]
        let sampledInterval = last.timestamp - previous.timestamp
        if sampledInterval == 0 { return nil }
        var result = last.value
        if !isRate || !(last.value < previous.value) {
            result = last.value - previous.value
        }
        if isRate {
            result /= Double(sampledInterval) / 1000
        }
        return result
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
