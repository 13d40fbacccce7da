import ArgusCore

/// Writes metric families in the text format 0.0.4 or OpenMetrics 1.0.
public struct ExpositionEncoder: Sendable {
    public let format: ExpositionFormat

    public init(format: ExpositionFormat) { self.format = format }

    /// Encodes `families` into a complete body (OpenMetrics bodies end with `# EOF`).
    public func encode(_ families: [MetricFamily]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(families.count * 128)
        for family in families { append(family, to: &out) }
        if format == .openMetrics { out.append(contentsOf: "# EOF\n".utf8) }
        return out
    }

    /// Encodes `families` into a string.
    public func encodeString(_ families: [MetricFamily]) -> String {
        String(decoding: encode(families), as: UTF8.self)
    }

    /// Appends one family's metadata and samples to `out`.
    public func append(_ family: MetricFamily, to out: inout [UInt8]) {
        if let help = family.help {
            out.append(contentsOf: "# HELP ".utf8)
            appendName(family.name, to: &out)
            out.append(0x20)
            Self.appendEscaped(help, quote: format == .openMetrics, to: &out)
            out.append(0x0A)
        }
        out.append(contentsOf: "# TYPE ".utf8)
        appendName(family.name, to: &out)
        out.append(0x20)
        out.append(contentsOf: family.type.keyword(for: format).utf8)
        out.append(0x0A)
        if format == .openMetrics, let unit = family.unit, !unit.isEmpty {
            out.append(contentsOf: "# UNIT ".utf8)
            appendName(family.name, to: &out)
            out.append(0x20)
            out.append(contentsOf: unit.utf8)
            out.append(0x0A)
        }
        for sample in family.samples { append(sample, to: &out) }
    }

    /// Appends one sample line to `out`.
    public func append(_ sample: ExposedSample, to out: inout [UInt8]) {
        let legacyName = LabelName.isLegacyMetricName(sample.name)
        if legacyName {
            out.append(contentsOf: sample.name.utf8)
        }
        if !legacyName || !sample.labels.isEmpty {
            out.append(UInt8(ascii: "{"))
            var first = true
            if !legacyName {
                appendQuoted(sample.name, to: &out)
                first = false
            }
            for label in sample.labels {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                appendLabel(label, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(0x20)
        appendValue(sample.value, to: &out)
        if let timestamp = sample.timestamp {
            out.append(0x20)
            appendTimestamp(timestamp, to: &out)
        }
        if format == .openMetrics, let exemplar = sample.exemplar {
            out.append(contentsOf: " # {".utf8)
            var first = true
            for label in exemplar.labels {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                appendLabel(label, to: &out)
            }
            out.append(contentsOf: "} ".utf8)
            appendValue(exemplar.value, to: &out)
            if let timestamp = exemplar.timestamp {
                out.append(0x20)
                appendTimestamp(timestamp, to: &out)
            }
        }
        out.append(0x0A)
    }

    private func appendName(_ name: String, to out: inout [UInt8]) {
        if LabelName.isLegacyMetricName(name) {
            out.append(contentsOf: name.utf8)
        } else {
            appendQuoted(name, to: &out)
        }
    }

    private func appendLabel(_ label: Label, to out: inout [UInt8]) {
        if LabelName.isLegacyLabelName(label.name) {
            out.append(contentsOf: label.name.utf8)
        } else {
            appendQuoted(label.name, to: &out)
        }
        out.append(UInt8(ascii: "="))
        appendQuoted(label.value, to: &out)
    }

    private func appendQuoted(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        Self.appendEscaped(value, quote: true, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Escapes `\` and newline, and `"` when `quote` is set.
    public static func appendEscaped(_ text: String, quote: Bool, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case UInt8(ascii: "\"") where quote: out.append(contentsOf: [0x5C, 0x22])
            default: out.append(byte)
            }
        }
    }

    private func appendValue(_ value: Double, to out: inout [UInt8]) {
        if format == .text {
            out.append(contentsOf: GoFloat.formatG(value).utf8)
            return
        }
        // OpenMetrics wants integral values to look like floats ("1.0").
        let text = GoFloat.formatG(value)
        out.append(contentsOf: text.utf8)
        if value.isFinite, !text.utf8.contains(UInt8(ascii: ".")), !text.utf8.contains(UInt8(ascii: "e")) {
            out.append(contentsOf: ".0".utf8)
        }
    }

    private func appendTimestamp(_ milliseconds: Int64, to out: inout [UInt8]) {
        if format == .text {
            out.append(contentsOf: String(milliseconds).utf8)
            return
        }
        let (seconds, millis) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        if millis == 0 {
            out.append(contentsOf: String(seconds).utf8)
            return
        }
        // Exact decimal seconds with millisecond precision, sign-correct for negatives.
        let negative = milliseconds < 0
        let magnitude = milliseconds.magnitude
        if negative { out.append(UInt8(ascii: "-")) }
        out.append(contentsOf: String(magnitude / 1000).utf8)
        var fraction = String(magnitude % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: fraction.utf8)
    }
}
