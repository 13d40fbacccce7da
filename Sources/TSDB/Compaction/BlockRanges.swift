/// The time ranges blocks are compacted into: the smallest is the range of a
/// block cut from the head, each next one a multiple of it
/// (`ExponentialBlockRanges` and the block-duration options of `tsdb/db.go`
/// and `cmd/prometheus/main.go`).
///
/// All durations are in milliseconds.
public enum BlockRanges {
    /// Two hours, the range of a block cut from the head (`DefaultBlockDuration`).
    public static let defaultMinSize: Int64 = 2 * 3_600_000
    /// 31 days, the largest block range when retention does not lower it.
    public static let defaultMaxSize: Int64 = 31 * 24 * 3_600_000

    /// `steps` ranges starting at `minSize`, each `stepSize` times the one
    /// before: `exponential(minSize: 2h, steps: 10, stepSize: 3)` is
    /// 2h, 6h, 18h, 54h, … (`ExponentialBlockRanges`).
    public static func exponential(
        minSize: Int64 = defaultMinSize, steps: Int = 10, stepSize: Int = 3
    ) -> [Int64] {
        var ranges: [Int64] = []
        ranges.reserveCapacity(max(steps, 0))
        var current = minSize
        for _ in 0..<max(steps, 0) {
            ranges.append(current)
            let (next, overflow) = current.multipliedReportingOverflow(by: Int64(stepSize))
            current = overflow ? .max : next
        }
        return ranges
    }

    /// The start of the window of `range` milliseconds, aligned to multiples
    /// of it, that holds `timestamp` (floor division, so negative times
    /// fall in the window below zero). Saturates at the ends of `Int64`.
    public static func alignedStart(_ timestamp: Int64, range: Int64) -> Int64 {
        let (quotient, remainder) = timestamp.quotientAndRemainder(dividingBy: range)
        let (start, overflow) = (remainder < 0 ? quotient - 1 : quotient).multipliedReportingOverflow(by: range)
        return overflow ? .min : start
    }

    /// The end (exclusive) of the aligned window holding `timestamp`;
    /// saturates at `Int64.max`.
    public static func alignedEnd(_ timestamp: Int64, range: Int64) -> Int64 {
        let (end, overflow) = alignedStart(timestamp, range: range).addingReportingOverflow(range)
        return overflow ? .max : end
    }

    /// The largest block range for a time retention (0: none): a tenth of
    /// the retention, at most 31 days, as Prometheus sets
    /// `--storage.tsdb.max-block-duration` when it is not given.
    public static func maxBlockDuration(retention: Int64) -> Int64 {
        if retention > 0 && retention / 10 < defaultMaxSize { return retention / 10 }
        return defaultMaxSize
    }

    /// The compaction ranges for a time retention (0: none): the exponential
    /// ranges from `minSize`, cut before the first one longer than
    /// `maxSize` (by default ``maxBlockDuration(retention:)``). The smallest
    /// range is always kept, as upstream raises the maximum to the minimum.
    ///
    /// With the default 15 days of retention this is 2h, 6h, 18h (54h is
    /// more than 1.5 days).
    public static func forRetention(
        _ retention: Int64, minSize: Int64 = defaultMinSize, maxSize: Int64? = nil
    ) -> [Int64] {
        let limit = max(maxSize ?? maxBlockDuration(retention: retention), minSize)
        let all = exponential(minSize: minSize, steps: 10, stepSize: 3)
        guard let cut = all.firstIndex(where: { $0 > limit }) else { return all }
        return Array(all[..<cut])
    }
}
