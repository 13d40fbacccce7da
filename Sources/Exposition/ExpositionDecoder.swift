import ArgusCore

/// Decodes a whole exposition body into metric families, grouping samples
/// under the `# HELP`/`# TYPE`/`# UNIT` lines that describe them.
///
/// Scrapes use ``ExpositionParser`` directly; this is for tools that need
/// the whole picture: `argus check metrics`, the push gateway, round trips.
public enum ExpositionDecoder {
    /// How strictly metadata is checked.
    public enum Strictness: Sendable {
        /// What Prometheus' scrape parser accepts.
        case scrape
        /// Also what Go's `expfmt` text parser (promtool, Pushgateway)
        /// rejects: a second `# HELP` or `# TYPE` line for one name, a
        /// `# TYPE` line after the family's samples, and `le`/`quantile`
        /// label values that are not floats.
        case expfmt
    }

    /// Decodes `bytes` in `format`.
    public static func decode(
        _ bytes: some Collection<UInt8>,
        format: ExpositionFormat,
        strictness: Strictness = .scrape
    ) throws(ExpositionError) -> [MetricFamily] {
        var parser = ExpositionParser(bytes, format: format)
        var families: [MetricFamily] = []
        var indexByName: [String: Int] = [:]
        var current: Int?
        var helpSeen: Set<String> = []
        var typeSeen: Set<String> = []
        let strict = strictness == .expfmt

        func family(named name: String) -> Int {
            if let index = indexByName[name] { return index }
            families.append(MetricFamily(name: name))
            indexByName[name] = families.count - 1
            return families.count - 1
        }

        while let entry = try parser.next() {
            switch entry {
            case .help:
                if strict, !helpSeen.insert(parser.metadataName).inserted {
                    throw parser.metadataError(
                        "second HELP line for metric name \(GoString.quote(parser.metadataName))")
                }
                let index = family(named: parser.metadataName)
                families[index].help = parser.helpText
                current = index
            case .type:
                if strict {
                    let existing = indexByName[parser.metadataName].map { families[$0].samples.isEmpty } ?? true
                    if !typeSeen.insert(parser.metadataName).inserted || !existing {
                        throw parser.metadataError(
                            "second TYPE line for metric name \(GoString.quote(parser.metadataName)), "
                                + "or TYPE reported after samples"
                        )
                    }
                }
                let index = family(named: parser.metadataName)
                families[index].type = parser.metricType
                current = index
            case .unit:
                let index = family(named: parser.metadataName)
                families[index].unit = parser.unitText
                current = index
            case .comment:
                break
            case .sample:
                let name = parser.metricName
                let sample = ExposedSample(
                    name: name,
                    labels: parser.labelsWithoutName(),
                    value: parser.value,
                    timestamp: parser.timestamp,
                    exemplar: parser.exemplar()
                )
                if strict { try parser.checkBucketLabels() }
                if let index = current, families[index].owns(sampleName: name) {
                    families[index].samples.append(sample)
                } else {
                    let index = family(named: name)
                    families[index].samples.append(sample)
                    current = index
                }
            }
        }
        return families
    }
}

extension ExpositionParser {
    /// An error located at the metric name of the current metadata line.
    func metadataError(_ reason: String) -> ExpositionError {
        error(at: nameSpan.start, reason)
    }

    /// Rejects `le` and `quantile` values that are not floats, as Go's
    /// `expfmt` does.
    func checkBucketLabels() throws(ExpositionError) {
        for span in labelSpans where span.name.end - span.name.start <= 8 {
            let name = input.decode(span.name)
            guard name == "le" || name == "quantile" else { continue }
            let value = input.decode(span.value)
            if GoFloat.parse(value) == nil || value.contains(where: { $0 == "p" || $0 == "P" }) {
                throw error(
                    at: span.value.start,
                    "expected float as value for '\(name)' label, got \(GoString.quote(value))"
                )
            }
        }
    }
}
