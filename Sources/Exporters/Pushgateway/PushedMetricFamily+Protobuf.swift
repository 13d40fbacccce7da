import Exposition

/// The media type of the protobuf push format: length-delimited
/// client_model `MetricFamily` messages.
public enum PushProtobuf {
    /// Whether a request's `Content-Type` selects the protobuf format (the
    /// same test as the Pushgateway's: media type, `proto` and `encoding`).
    public static func isProtobuf(contentType: String?) -> Bool {
        guard let contentType else { return false }
        let parts = contentType.split(separator: ";").map { part in
            String(part.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }
        guard parts.first?.lowercased() == "application/vnd.google.protobuf" else { return false }
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return false }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            parameters[pair[0].lowercased()] = value
        }
        return parameters["encoding"] == "delimited" && parameters["proto"] == "io.prometheus.client.MetricFamily"
    }

    /// Reads length-delimited families; a later family of the same name
    /// replaces an earlier one, as in the Pushgateway.
    public static func decodeDelimited(_ bytes: [UInt8]) throws(PushParseError) -> [String: PushedMetricFamily] {
        let decoded = bytes.withUnsafeBytes { buffer in
            Result { () throws(WireFormatError) -> [String: PushedMetricFamily] in
                var result: [String: PushedMetricFamily] = [:]
                var reader = ProtobufReader(buffer)
                while !reader.isAtEnd {
                    var message: ProtobufReader
                    do {
                        message = try reader.readLengthDelimited()
                    } catch {
                        // A length prefix or message cut short: io.ErrUnexpectedEOF in Go.
                        throw WireFormatError(.protobufTruncated, "unexpected EOF", offset: reader.offset)
                    }
                    let family = try PushedMetricFamily(reading: &message)
                    result[family.name] = family
                }
                return result
            }
        }
        switch decoded {
        case .success(let result): return result
        case .failure(let error): throw PushParseError(line: nil, reason: error.message)
        }
    }
}

extension PushedMetricFamily {
    /// Reads a `MetricFamily` message. Fields Argus does not keep (native
    /// histogram buckets, exemplars) are skipped.
    init(reading reader: inout ProtobufReader) throws(WireFormatError) {
        self.init(name: "", type: .counter)
        while !reader.isAtEnd {
            let tag = try reader.readTag()
            switch tag.fieldNumber {
            case 1: name = try reader.readString(tag)
            case 2: help = try reader.readString(tag)
            case 3: type = PushedMetricType(rawValue: Int(try reader.readInt32(tag))) ?? .counter
            case 4:
                try reader.expect(tag, .lengthDelimited)
                var sub = try reader.readLengthDelimited()
                metrics.append(try PushedMetric(reading: &sub))
            default: try reader.skip(tag)
            }
        }
    }

    /// Writes the family as a `MetricFamily` message body.
    func encode(to writer: inout ProtobufWriter) {
        writer.writeString(1, name)
        if let help { writer.writeString(2, help) }
        writer.writeVarintField(3, UInt64(type.rawValue))
        for metric in metrics {
            writer.writeMessage(4) { metric.encode(to: &$0) }
        }
    }
}

extension PushedMetric {
    init(reading reader: inout ProtobufReader) throws(WireFormatError) {
        self.init()
        while !reader.isAtEnd {
            let tag = try reader.readTag()
            switch tag.fieldNumber {
            case 1:
                var sub = try Self.message(tag, &reader)
                var label = PushedLabel("", "")
                while !sub.isAtEnd {
                    let inner = try sub.readTag()
                    switch inner.fieldNumber {
                    case 1: label.name = try sub.readString(inner)
                    case 2: label.value = try sub.readString(inner)
                    default: try sub.skip(inner)
                    }
                }
                labels.append(label)
            case 2: gauge = try Self.singleValue(tag, &reader)
            case 3: counter = try Self.singleValue(tag, &reader)
            case 4:
                var sub = try Self.message(tag, &reader)
                var summary = PushedSummary()
                while !sub.isAtEnd {
                    let inner = try sub.readTag()
                    switch inner.fieldNumber {
                    case 1: summary.sampleCount = try sub.readUInt64(inner)
                    case 2: summary.sampleSum = try sub.readDouble(inner)
                    case 3:
                        var q = try Self.message(inner, &sub)
                        var quantile = PushedQuantile(quantile: 0, value: 0)
                        while !q.isAtEnd {
                            let field = try q.readTag()
                            switch field.fieldNumber {
                            case 1: quantile.quantile = try q.readDouble(field)
                            case 2: quantile.value = try q.readDouble(field)
                            default: try q.skip(field)
                            }
                        }
                        summary.quantiles.append(quantile)
                    default: try sub.skip(inner)
                    }
                }
                self.summary = summary
            case 5: untyped = try Self.singleValue(tag, &reader)
            case 6: timestampMs = try reader.readInt64(tag)
            case 7:
                var sub = try Self.message(tag, &reader)
                var histogram = PushedHistogram()
                while !sub.isAtEnd {
                    let inner = try sub.readTag()
                    switch inner.fieldNumber {
                    case 1: histogram.sampleCount = try sub.readUInt64(inner)
                    case 2: histogram.sampleSum = try sub.readDouble(inner)
                    case 3:
                        var b = try Self.message(inner, &sub)
                        var bucket = PushedBucket(upperBound: 0, cumulativeCount: 0)
                        while !b.isAtEnd {
                            let field = try b.readTag()
                            switch field.fieldNumber {
                            case 1: bucket.cumulativeCount = try b.readUInt64(field)
                            case 2: bucket.upperBound = try b.readDouble(field)
                            default: try b.skip(field)
                            }
                        }
                        histogram.buckets.append(bucket)
                    default: try sub.skip(inner)
                    }
                }
                self.histogram = histogram
            default: try reader.skip(tag)
            }
        }
    }

    private static func message(_ tag: ProtobufTag, _ reader: inout ProtobufReader) throws(WireFormatError)
        -> ProtobufReader
    {
        try reader.expect(tag, .lengthDelimited)
        return try reader.readLengthDelimited()
    }

    /// The `value` (field 1) of a `Gauge`, `Counter` or `Untyped` message.
    private static func singleValue(_ tag: ProtobufTag, _ reader: inout ProtobufReader) throws(WireFormatError)
        -> Double
    {
        var sub = try message(tag, &reader)
        var value = 0.0
        while !sub.isAtEnd {
            let inner = try sub.readTag()
            if inner.fieldNumber == 1 {
                value = try sub.readDouble(inner)
            } else {
                try sub.skip(inner)
            }
        }
        return value
    }

    func encode(to writer: inout ProtobufWriter) {
        for label in labels {
            writer.writeMessage(1) {
                $0.writeString(1, label.name)
                $0.writeString(2, label.value)
            }
        }
        if let gauge { writer.writeMessage(2) { $0.writeDouble(1, gauge) } }
        if let counter { writer.writeMessage(3) { $0.writeDouble(1, counter) } }
        if let summary {
            writer.writeMessage(4) {
                $0.writeVarintField(1, summary.sampleCount)
                $0.writeDouble(2, summary.sampleSum)
                for quantile in summary.quantiles {
                    $0.writeMessage(3) {
                        $0.writeDouble(1, quantile.quantile)
                        $0.writeDouble(2, quantile.value)
                    }
                }
            }
        }
        if let untyped { writer.writeMessage(5) { $0.writeDouble(1, untyped) } }
        if let timestampMs { writer.writeInt64(6, timestampMs) }
        if let histogram {
            writer.writeMessage(7) {
                $0.writeVarintField(1, histogram.sampleCount)
                $0.writeDouble(2, histogram.sampleSum)
                for bucket in histogram.buckets {
                    $0.writeMessage(3) {
                        $0.writeVarintField(1, bucket.cumulativeCount)
                        $0.writeDouble(2, bucket.upperBound)
                    }
                }
            }
        }
    }
}
