import ArgusCore
import Exposition

/// A family that cannot be written in the text format (a metric whose
/// value does not match the family's type).
struct TextEncodingError: Error, CustomStringConvertible {
    var description: String
}

extension PushedMetricFamily {
    /// Appends the family in the text format 0.0.4 exactly as Go's
    /// `expfmt.MetricFamilyToText` writes it: summaries as quantile lines,
    /// `_sum` and `_count`; histograms as their buckets (plus a `+Inf`
    /// bucket when missing), `_sum` and `_count`; labels in stored order
    /// with `quantile`/`le` last.
    func appendText(to out: inout [UInt8]) throws(TextEncodingError) {
        guard !metrics.isEmpty else { return }
        if let help {
            out.append(contentsOf: "# HELP ".utf8)
            out.append(contentsOf: name.utf8)
            out.append(0x20)
            ExpositionEncoder.appendEscaped(help, quote: false, to: &out)
            out.append(0x0A)
        }
        guard type != .gaugeHistogram else {
            throw TextEncodingError(description: "unknown metric type \(type.goName)")
        }
        out.append(contentsOf: "# TYPE \(name) \(type.keyword)\n".utf8)
        for metric in metrics {
            guard metric.hasValue(for: type) else {
                throw TextEncodingError(
                    description: "expected \(type.keyword) in metric \(name) \(metric.protoText)")
            }
            switch type {
            case .counter: appendSample("", metric, nil, metric.counter ?? 0, to: &out)
            case .gauge: appendSample("", metric, nil, metric.gauge ?? 0, to: &out)
            case .untyped: appendSample("", metric, nil, metric.untyped ?? 0, to: &out)
            case .summary:
                let summary = metric.summary ?? PushedSummary()
                for quantile in summary.quantiles {
                    appendSample("", metric, ("quantile", quantile.quantile), quantile.value, to: &out)
                }
                appendSample("_sum", metric, nil, summary.sampleSum, to: &out)
                appendSample("_count", metric, nil, Double(summary.sampleCount), to: &out)
            case .histogram, .gaugeHistogram:
                let histogram = metric.histogram ?? PushedHistogram()
                var infinitySeen = false
                for bucket in histogram.buckets {
                    appendSample(
                        "_bucket", metric, ("le", bucket.upperBound), Double(bucket.cumulativeCount), to: &out)
                    if bucket.upperBound == .infinity { infinitySeen = true }
                }
                if !infinitySeen {
                    appendSample("_bucket", metric, ("le", .infinity), Double(histogram.sampleCount), to: &out)
                }
                appendSample("_sum", metric, nil, histogram.sampleSum, to: &out)
                appendSample("_count", metric, nil, Double(histogram.sampleCount), to: &out)
            }
        }
    }

    private func appendSample(
        _ suffix: String, _ metric: PushedMetric, _ extra: (String, Double)?, _ value: Double, to out: inout [UInt8]
    ) {
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: suffix.utf8)
        if !metric.labels.isEmpty || extra != nil {
            out.append(UInt8(ascii: "{"))
            var first = true
            for label in metric.labels {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out.append(contentsOf: label.name.utf8)
                out.append(contentsOf: "=\"".utf8)
                ExpositionEncoder.appendEscaped(label.value, quote: true, to: &out)
                out.append(UInt8(ascii: "\""))
            }
            if let (name, bound) = extra {
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: "\(name)=\"".utf8)
                out.append(contentsOf: Self.formatValue(bound).utf8)
                out.append(UInt8(ascii: "\""))
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(0x20)
        out.append(contentsOf: Self.formatValue(value).utf8)
        if let timestamp = metric.timestampMs {
            out.append(0x20)
            out.append(contentsOf: String(timestamp).utf8)
        }
        out.append(0x0A)
    }

    /// A sample value as the text format writes it (`-0` as `0`).
    static func formatValue(_ value: Double) -> String {
        value == 0 ? "0" : GoFloat.formatG(value)
    }
}

extension PushedMetric {
    /// The metric in the compact protobuf text form that Go's client
    /// library prints in its error messages:
    /// `label:<name:"job" value:"a" > gauge:<value:1 > `.
    public var protoText: String {
        var out = ""
        for label in labels {
            out += "label:<name:\(Self.protoString(label.name)) value:\(Self.protoString(label.value)) > "
        }
        if let gauge { out += "gauge:<value:\(Self.protoFloat(gauge)) > " }
        if let counter { out += "counter:<value:\(Self.protoFloat(counter)) > " }
        if let summary {
            out += "summary:<sample_count:\(summary.sampleCount) sample_sum:\(Self.protoFloat(summary.sampleSum)) "
            for quantile in summary.quantiles {
                out += "quantile:<quantile:\(Self.protoFloat(quantile.quantile)) "
                out += "value:\(Self.protoFloat(quantile.value)) > "
            }
            out += "> "
        }
        if let untyped { out += "untyped:<value:\(Self.protoFloat(untyped)) > " }
        if let histogram {
            out += "histogram:<sample_count:\(histogram.sampleCount) "
            out += "sample_sum:\(Self.protoFloat(histogram.sampleSum)) "
            for bucket in histogram.buckets {
                out += "bucket:<cumulative_count:\(bucket.cumulativeCount) "
                out += "upper_bound:\(Self.protoFloat(bucket.upperBound)) > "
            }
            out += "> "
        }
        if let timestampMs { out += "timestamp_ms:\(timestampMs) " }
        return out
    }

    static func protoFloat(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return GoFloat.formatG(value)
    }

    /// A quoted string as the protobuf text format writes it: bytes outside
    /// printable ASCII as three-digit octal escapes.
    static func protoString(_ text: String) -> String {
        var out = "\""
        for byte in text.utf8 {
            switch byte {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x20..<0x7F: out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let octal = String(byte, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        return out + "\""
    }
}
