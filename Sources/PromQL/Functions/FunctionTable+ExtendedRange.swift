import ArgusCore
import Storage

/// Prometheus 3's extended range selectors (`promql-extended-range-selectors`):
/// `anchored` and `smoothed` windows for `rate`, `increase`, `delta`,
/// `changes` and `resets`, and the smoothed value of an instant selector.
///
/// An anchored window starts at the newest sample at or before its start (up
/// to the lookback delta earlier) instead of extrapolating; a smoothed window
/// interpolates its value at both bounds from the neighbouring samples.
extension FunctionTable {
    /// Prometheus' `extendedRate`: the difference between the values at the
    /// window's bounds (plus every value lost to a counter reset when
    /// `isCounter`), per second of the range when `isRate`. Nil when no
    /// sample lies after the window's start or, smoothed, none at or before its end.
    static func extendedRate(_ window: RangeWindow, isCounter: Bool, isRate: Bool) -> Double? {
        let f = window.points
        guard !f.isEmpty else { return nil }
        let smoothed = window.mode == .smoothed
        var first = anchorIndex(f, start: window.start)
        var last = f.endIndex - 1
        if smoothed {
            // The first sample at or after the end, or the last one.
            last = f[f.startIndex..<last].firstIndex { $0.timestamp >= window.end } ?? last
        }
        if f[last].timestamp <= window.start { return nil }
        if smoothed && f[first].timestamp > window.end { return nil }

        let left = valueAtStart(f, first: first, start: window.start, smoothed: smoothed, isCounter: isCounter)
        let right = valueAtEnd(f, last: last, end: window.end, smoothed: smoothed, isCounter: isCounter)
        var result = right - left
        if isCounter {
            // Only the samples strictly inside the window need checking: the
            // bound values already account for resets next to the bounds.
            if f[first].timestamp <= window.start { first += 1 }
            if f[last].timestamp >= window.end { last -= 1 }
            var previous = left
            if first <= last {
                for point in f[first...last] {
                    if point.value < previous { result += previous }
                    previous = point.value
                }
            }
            if right < previous { result += previous }
        }
        if isRate {
            result /= rangeSeconds(window)
        }
        return result
    }

    /// The index of the newest sample at or before `start`, or of the first
    /// sample when there is none (the last sample is never the answer).
    static func anchorIndex(_ points: ArraySlice<Sample>, start: Int64) -> Int {
        // Go's sort.Search over all but the last sample, minus one.
        var low = points.startIndex
        var high = points.endIndex - 1
        while low < high {
            let mid = (low + high) / 2
            if points[mid].timestamp > start { high = mid } else { low = mid + 1 }
        }
        return Swift.max(points.startIndex, low - 1)
    }

    /// The value at the window's start: the anchor sample's, or (smoothed,
    /// anchor before the start) interpolated between it and the next sample.
    static func valueAtStart(
        _ points: ArraySlice<Sample>, first: Int, start: Int64, smoothed: Bool, isCounter: Bool
    ) -> Double {
        if smoothed && points[first].timestamp < start {
            return interpolate(points[first], points[first + 1], at: start, isCounter: isCounter)
        }
        return points[first].value
    }

    /// The value at the window's end: the last sample's, or (smoothed, last
    /// sample after the end) interpolated between it and the one before.
    static func valueAtEnd(
        _ points: ArraySlice<Sample>, last: Int, end: Int64, smoothed: Bool, isCounter: Bool
    ) -> Double {
        if smoothed && last > points.startIndex && points[last].timestamp > end {
            return interpolate(points[last - 1], points[last], at: end, isCounter: isCounter)
        }
        return points[last].value
    }

    /// Linear interpolation between two samples at `time`. For a counter
    /// that reset between them, the line starts from zero at `p1`.
    static func interpolate(_ p1: Sample, _ p2: Sample, at time: Int64, isCounter: Bool) -> Double {
        var y1 = p1.value
        let y2 = p2.value
        if isCounter && y2 < y1 { y1 = 0 }
        return y1 + (y2 - y1) * Double(time - p1.timestamp) / Double(p2.timestamp - p1.timestamp)
    }

    /// The points `changes` and `resets` compare for an anchored window: from
    /// the newest sample at or before the start (when there is one) on. Nil
    /// when no sample lies after the start.
    static func anchoredPoints(_ window: RangeWindow) -> ArraySlice<Sample>? {
        let points = window.points
        // The first sample after the start.
        var low = points.startIndex
        var high = points.endIndex
        while low < high {
            let mid = (low + high) / 2
            if points[mid].timestamp > window.start { high = mid } else { low = mid + 1 }
        }
        guard low < points.endIndex else { return nil }
        return points[Swift.max(points.startIndex, low - 1)...]
    }

    /// Prometheus' `extendFloats`: what an anchored or smoothed range selector
    /// evaluated on its own returns. The samples strictly inside `(start,
    /// end)`, between a point at `start` (the anchor's value, or smoothed,
    /// interpolated) and a point at `end` (the last sample's value, or
    /// smoothed, interpolated). Empty when no sample lies after `start`.
    static func extendedPoints(_ points: ArraySlice<Sample>, start: Int64, end: Int64, smoothed: Bool) -> [Sample] {
        guard !points.isEmpty else { return [] }
        var first = anchorIndex(points, start: start)
        var last = points.endIndex - 1
        if smoothed {
            last = points[points.startIndex..<last].firstIndex { $0.timestamp >= end } ?? last
        }
        if points[last].timestamp <= start { return [] }
        let left = valueAtStart(points, first: first, start: start, smoothed: smoothed, isCounter: false)
        let right = valueAtEnd(points, last: last, end: end, smoothed: smoothed, isCounter: false)
        if points[first].timestamp <= start { first += 1 }
        if points[last].timestamp >= end { last -= 1 }
        var result = [Sample(timestamp: start, value: left)]
        if first <= last { result += points[first...last] }
        result.append(Sample(timestamp: end, value: right))
        return result
    }
}
