import ArgusCore

/// The identity of an alert or of a group: a 64-bit FNV-1a hash over the
/// sorted label pairs, exactly as Prometheus' `model.LabelSet.Fingerprint`,
/// so fingerprints printed by Argus match those of Alertmanager.
public struct Fingerprint: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64

    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// The fingerprint of a label set.
    public init(_ labels: Labels) {
        var hash: UInt64 = 14_695_981_039_346_656_037
        @inline(__always) func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 1_099_511_628_211
        }
        for label in labels {  // `Labels` is sorted by name
            for byte in label.name.utf8 { mix(byte) }
            mix(0xFF)
            for byte in label.value.utf8 { mix(byte) }
            mix(0xFF)
        }
        rawValue = hash
    }

    /// Parses the 16-digit hexadecimal form (any length up to 16 digits).
    public init?(hex: some StringProtocol) {
        guard !hex.isEmpty, hex.count <= 16, let value = UInt64(hex, radix: 16) else { return nil }
        rawValue = value
    }

    /// Sixteen lowercase hexadecimal digits, as Go's `%016x`.
    public var description: String {
        let digits = String(rawValue, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func < (lhs: Fingerprint, rhs: Fingerprint) -> Bool { lhs.rawValue < rhs.rawValue }
}
