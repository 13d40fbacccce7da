import ArgusCore

extension LoadCommand {
    /// A native histogram with custom buckets that `load_with_nhcb`
    /// synthesises from classic `_bucket`/`_sum`/`_count` series (FORMAT §3.5).
    package struct SynthesizedHistogram: Hashable, Sendable {
        package var labels: Labels
        package var timestamp: Int64
        package var histogram: ScriptHistogram
    }

    /// Why a `load_with_nhcb` conversion failed; the load fails with it.
    package struct ConversionError: Error, Hashable, Sendable {
        package var message: String
    }

    private struct Accumulator {
        var buckets: [(le: Double, count: Double)] = []
        var count: Double?
        var sum: Double = 0
        var error: String?
    }

    /// The histograms `load_with_nhcb` adds, sorted by labels and time.
    package func synthesizedHistograms() throws(ConversionError) -> [SynthesizedHistogram] {
        var accumulators: [Labels: [Int64: Accumulator]] = [:]
        for series in self.series {
            guard let name = series.labels.name else { continue }
            let suffix: String
            if name.hasSuffix("_bucket") {
                suffix = "_bucket"
            } else if name.hasSuffix("_sum") {
                suffix = "_sum"
            } else if name.hasSuffix("_count") {
                suffix = "_count"
            } else {
                continue
            }
            var le = 0.0
            if suffix == "_bucket" {
                guard let text = series.labels["le"] else {
                    throw ConversionError(message: "expected bucket label in metric \(series.labels)")
                }
                guard let parsed = GoFloat.parseAllowingSeparators(text), !parsed.isNaN else { continue }
                le = parsed
            }
            var builder = Labels.Builder(series.labels)
            builder.set(Labels.metricName, String(name.dropLast(suffix.count)))
            builder.delete("le")
            let base = builder.labels
            for (index, value) in series.values.enumerated() {
                guard case .float(let value) = value else { continue }
                let timestamp = Int64(index) * interval
                var accumulator = accumulators[base, default: [:]][timestamp, default: Accumulator()]
                guard accumulator.error == nil else { continue }
                switch suffix {
                case "_bucket":
                    if value < 0 {
                        accumulator.error =
                            "bucket count must be non-negative: le=\(GoFloat.formatG(le)), count=\(GoFloat.formatG(value))"
                    } else if !accumulator.buckets.contains(where: { $0.le == le }) {
                        accumulator.buckets.append((le, value))
                    }
                case "_count":
                    if value < 0 {
                        accumulator.error = "count must be non-negative: count=\(GoFloat.formatG(value))"
                    } else {
                        accumulator.count = value
                    }
                default:
                    accumulator.sum = value
                }
                accumulators[base, default: [:]][timestamp] = accumulator
            }
        }
        var result: [SynthesizedHistogram] = []
        for (labels, byTime) in accumulators {
            for (timestamp, accumulator) in byTime {
                let histogram = try LoadCommand.convert(accumulator)
                result.append(SynthesizedHistogram(labels: labels, timestamp: timestamp, histogram: histogram))
            }
        }
        result.sort { $0.labels == $1.labels ? $0.timestamp < $1.timestamp : $0.labels < $1.labels }
        return result
    }

    /// `convertnhcb.TempHistogram.Convert`.
    private static func convert(_ accumulator: Accumulator) throws(ConversionError) -> ScriptHistogram {
        if let error = accumulator.error { throw ConversionError(message: error) }
        var buckets = accumulator.buckets.sorted { $0.le < $1.le }
        for index in buckets.indices.dropFirst() where buckets[index].count < buckets[index - 1].count {
            throw ConversionError(
                message:
                    "count is not cumulative: \(GoFloat.formatG(buckets[index].count)) < \(GoFloat.formatG(buckets[index - 1].count))"
            )
        }
        let count = accumulator.count ?? buckets.last?.count ?? 0
        if buckets.last?.le != .infinity { buckets.append((.infinity, count)) }
        let last = buckets[buckets.count - 1]
        if count != last.count {
            throw ConversionError(
                message:
                    "count mismatch: count=\(GoFloat.formatG(count)) != le=\(GoFloat.formatG(last.le)) count=\(GoFloat.formatG(last.count))"
            )
        }
        var histogram = ScriptHistogram()
        histogram.schema = ScriptHistogram.customBucketsSchema
        histogram.count = count
        histogram.sum = accumulator.sum
        histogram.customValues = buckets.dropLast().map(\.le)
        var previous = 0.0
        histogram.positive.counts = buckets.map { bucket in
            defer { previous = bucket.count }
            return bucket.count - previous
        }
        return histogram
    }
}
