/// Prometheus' rules for metric and label names.
///
/// Classic names are `[a-zA-Z_:][a-zA-Z0-9_:]*` for metrics and
/// `[a-zA-Z_][a-zA-Z0-9_]*` for labels. Since Prometheus 3, any non-empty
/// UTF-8 string is allowed when quoted (`{"my.metric", "label.name"="v"}`);
/// `allowUTF8` selects that scheme.
public enum LabelName {
    /// Whether `name` is a classic (legacy) label name.
    public static func isLegacyLabelName(_ name: String) -> Bool {
        var iterator = name.utf8.makeIterator()
        guard let first = iterator.next(), isLetterOrUnderscore(first) else { return false }
        while let byte = iterator.next() {
            guard isLetterOrUnderscore(byte) || isDigit(byte) else { return false }
        }
        return true
    }

    /// Whether `name` is a classic (legacy) metric name.
    public static func isLegacyMetricName(_ name: String) -> Bool {
        var iterator = name.utf8.makeIterator()
        guard let first = iterator.next(), isLetterOrUnderscore(first) || first == UInt8(ascii: ":") else {
            return false
        }
        while let byte = iterator.next() {
            guard isLetterOrUnderscore(byte) || isDigit(byte) || byte == UInt8(ascii: ":") else { return false }
        }
        return true
    }

    /// Whether `name` is valid under the chosen scheme. Names starting with
    /// `__` are reserved for internal use but are still valid names.
    public static func isValidLabelName(_ name: String, allowUTF8: Bool = true) -> Bool {
        allowUTF8 ? !name.isEmpty : isLegacyLabelName(name)
    }

    /// Whether `name` is a valid metric name under the chosen scheme.
    public static func isValidMetricName(_ name: String, allowUTF8: Bool = true) -> Bool {
        allowUTF8 ? !name.isEmpty : isLegacyMetricName(name)
    }

    /// Throws an error naming `name` if it is not a valid label name.
    public static func validate(_ name: String, allowUTF8: Bool = true) throws(ArgusError) {
        guard isValidLabelName(name, allowUTF8: allowUTF8) else {
            throw ArgusError(.invalidLabelName, "invalid label name \(GoString.quote(name))", input: name)
        }
    }

    /// Throws an error naming `name` if it is not a valid metric name.
    public static func validateMetricName(_ name: String, allowUTF8: Bool = true) throws(ArgusError) {
        guard isValidMetricName(name, allowUTF8: allowUTF8) else {
            throw ArgusError(.invalidMetricName, "invalid metric name \(GoString.quote(name))", input: name)
        }
    }

    @inline(__always)
    public static func isLetterOrUnderscore(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F
    }

    @inline(__always)
    public static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
