import ArgusCore

/// Decodes a whole exposition body into metric families, grouping samples
/// under the `# HELP`/`# TYPE`/`# UNIT` lines that describe them.
///
/// Scrapes use ``ExpositionParser`` directly; this is for tools that need
/// the whole picture: `argus check metrics`, the push gateway, round trips.
public enum ExpositionDecoder {
    /// Decodes `bytes` in `format`.
    public static func decode(_ bytes: some Collection<UInt8>, format: ExpositionFormat) throws(ExpositionError)
        -> [MetricFamily]
    {
        var parser = ExpositionParser(bytes, format: format)
        var families: [MetricFamily] = []
        var indexByName: [String: Int] = [:]
        var current: Int?

        func family(named name: String) -> Int {
            if let index = indexByName[name] { return index }
            families.append(MetricFamily(name: name))
            indexByName[name] = families.count - 1
            return families.count - 1
        }

        while let entry = try parser.next() {
            switch entry {
            case .help:
                let index = family(named: parser.metadataName)
                families[index].help = parser.helpText
                current = index
            case .type:
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
