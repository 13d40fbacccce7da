/// Prometheus' special float values.
///
/// A stale marker is a NaN with a specific bit pattern written when a series
/// disappears from a scrape; it ends the series for PromQL's lookback. It must
/// be preserved bit for bit through storage and the wire.
public enum StaleMarker {
    /// The bit pattern of the stale-marker NaN (`value.StaleNaN`).
    public static let bitPattern: UInt64 = 0x7FF0_0000_0000_0002
    /// The bit pattern of the ordinary NaN Prometheus writes (`value.NormalNaN`).
    public static let normalNaNBitPattern: UInt64 = 0x7FF8_0000_0000_0001

    /// The stale-marker value.
    public static var value: Double { Double(bitPattern: bitPattern) }

    /// Whether `value` is the stale marker (and not any other NaN).
    @inlinable
    public static func isStale(_ value: Double) -> Bool {
        value.bitPattern == 0x7FF0_0000_0000_0002
    }
}
