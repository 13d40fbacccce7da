import ArgusCore

/// Prometheus' `util/almost.Equal` with the test harness' epsilon (FORMAT §6.5).
public enum AlmostEqual {
    /// The relative tolerance the corpus uses.
    public static let defaultEpsilon = 0.000001

    private static let minNormal = 2.2250738585072014e-308

    /// Whether `a` and `b` are equal within `epsilon`, relative to the sum of
    /// their magnitudes. The stale marker equals only itself; any two NaNs
    /// are equal; an exact `0` only matches zero or a subnormal.
    public static func equal(_ a: Double, _ b: Double, epsilon: Double = defaultEpsilon) -> Bool {
        if StaleMarker.isStale(a) || StaleMarker.isStale(b) {
            return StaleMarker.isStale(a) && StaleMarker.isStale(b)
        }
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let absSum = abs(a) + abs(b)
        let diff = abs(a - b)
        if a == 0 || b == 0 || absSum < minNormal {
            return diff < epsilon * minNormal
        }
        return diff / Swift.min(absSum, Double.greatestFiniteMagnitude) < epsilon
    }
}
