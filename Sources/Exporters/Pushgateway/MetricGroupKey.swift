import ArgusCore

/// The grouping key of a metric group: the `job` label and any other
/// labels of a push URL (`/metrics/job/<job>{/<label>/<value>}`).
public struct MetricGroupKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The labels sorted by name (bytewise), `job` among them.
    public let labels: [PushedLabel]

    /// A key from a label map.
    public init(_ labels: [String: String]) {
        self.labels = labels.map { PushedLabel($0.key, $0.value) }.sorted { $0.name.utf8Less($1.name) }
    }

    /// The value of `job`.
    public var job: String { self["job"] ?? "" }

    /// The value of label `name`, if the key has it.
    public subscript(_ name: String) -> String? {
        labels.first { $0.name == name }?.value
    }

    /// The labels as a dictionary.
    public var dictionary: [String: String] {
        Dictionary(labels.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The Pushgateway's string form of the key: names and values joined
    /// with 0xFF bytes, names sorted. Groups are ordered by it.
    var joined: [UInt8] {
        var out: [UInt8] = []
        for (i, label) in labels.enumerated() {
            if i > 0 { out.append(0xFF) }
            out.append(contentsOf: label.name.utf8)
            out.append(0xFF)
            out.append(contentsOf: label.value.utf8)
        }
        return out
    }

    /// Orders keys by their joined form, as bytes.
    public static func < (lhs: MetricGroupKey, rhs: MetricGroupKey) -> Bool {
        lhs.joined.lexicographicallyPrecedes(rhs.joined)
    }

    /// `{instance="a", job="b"}`.
    public var description: String {
        "{" + labels.map { "\($0.name)=\(GoString.quote($0.value))" }.joined(separator: ", ") + "}"
    }
}

/// A push URL whose grouping key cannot be read; the message is the
/// Pushgateway's.
public struct PushPathError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The answer's text.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

extension MetricGroupKey {
    /// The suffix that marks a job name or label value as base64-encoded.
    public static let base64Suffix = "@base64"

    /// Reads a grouping key from a push URL's parts, as the Pushgateway
    /// does: `job` is the (already percent-decoded) segment after `job` or
    /// `job@base64`, `labelPath` the rest of the path from its `/` on
    /// (empty or `/` for none).
    public init(job: String, jobIsBase64: Bool, labelPath: String) throws(PushPathError) {
        var job = job
        if jobIsBase64 {
            let (decoded, failure) = Self.decodeBase64(job)
            job = decoded
            if let failure {
                throw PushPathError("invalid base64 encoding in job name \(GoString.quote(job)): \(failure)")
            }
        }
        var labels = try Self.splitLabels(labelPath)
        guard !job.isEmpty else { throw PushPathError("job name is required") }
        labels["job"] = job
        self.init(labels)
    }

    /// Splits `/name/value/name@base64/value…` into labels.
    static func splitLabels(_ path: String) throws(PushPathError) -> [String: String] {
        var result: [String: String] = [:]
        guard path.utf8.count > 1 else { return result }
        let components = path.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard components.count % 2 == 0 else {
            throw PushPathError("odd number of components in label string \(GoString.quote(path))")
        }
        var i = 0
        while i + 1 < components.count {
            let name = components[i]
            let value = components[i + 1]
            i += 2
            let isBase64 = name.hasSuffix(base64Suffix)
            let trimmed = isBase64 ? String(name.dropLast(base64Suffix.count)) : name
            guard isValidGroupingLabelName(trimmed) else {
                throw PushPathError("improper label name \(GoString.quote(trimmed))")
            }
            guard isBase64 else {
                result[name] = value
                continue
            }
            let (decoded, failure) = decodeBase64(value)
            if let failure {
                throw PushPathError(
                    "invalid base64 encoding for label \(trimmed)=\(GoString.quote(value)): \(failure)")
            }
            result[trimmed] = decoded
        }
        return result
    }

    /// A legacy label name that does not start with `__`.
    static func isValidGroupingLabelName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first else { return false }
        func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b == 0x5F }
        guard isLetter(first) else { return false }
        guard bytes.allSatisfy({ isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) }) else { return false }
        return !(bytes.count >= 2 && bytes[0] == 0x5F && bytes[1] == 0x5F)
    }

    /// Decodes URL-safe base64 (RFC 4648 §5) as the Pushgateway does: `=`
    /// padding at the end is dropped first, CR and LF are skipped, and the
    /// remaining text must be unpadded base64. Returns what was decoded
    /// before any error (whole 4-character groups) and Go's error text.
    public static func decodeBase64(_ text: String) -> (decoded: String, error: String?) {
        var input = Array(text.utf8)
        while input.last == UInt8(ascii: "=") { input.removeLast() }
        var output: [UInt8] = []
        var quantum: [UInt8] = []
        quantum.reserveCapacity(4)
        func flush() {
            var value: UInt32 = 0
            for (i, sextet) in quantum.enumerated() { value |= UInt32(sextet) << (18 - 6 * UInt32(i)) }
            let bytes = [
                UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
                UInt8(truncatingIfNeeded: value),
            ]
            output.append(contentsOf: bytes.prefix(quantum.count - 1))
            quantum.removeAll(keepingCapacity: true)
        }
        for (index, byte) in input.enumerated() {
            if byte == 0x0A || byte == 0x0D { continue }
            guard let sextet = sextet(byte) else {
                return (String(decoding: output, as: UTF8.self), "illegal base64 data at input byte \(index)")
            }
            quantum.append(sextet)
            if quantum.count == 4 { flush() }
        }
        if quantum.count == 1 {
            return (String(decoding: output, as: UTF8.self), "illegal base64 data at input byte \(input.count - 1)")
        }
        if quantum.count > 1 { flush() }
        return (String(decoding: output, as: UTF8.self), nil)
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): return 62
        case UInt8(ascii: "_"): return 63
        default: return nil
        }
    }
}
