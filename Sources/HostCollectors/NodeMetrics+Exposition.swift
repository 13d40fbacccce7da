import ArgusCore
import Exposition

extension NodeMetrics.ValueType {
    var metricType: MetricType {
        switch self {
        case .counter: return .counter
        case .gauge: return .gauge
        case .untyped: return .unknown
        }
    }
}

extension NodeMetrics {
    /// The families in exposition order, ready for ``ExpositionEncoder``.
    public var metricFamilies: [MetricFamily] {
        sortedFamilies.map { family in
            MetricFamily(
                name: family.name, type: family.type.metricType, help: family.help,
                samples: family.samples.map { sample in
                    ExposedSample(
                        name: family.name,
                        labels: Labels(
                            sortedUnique: sample.labels.map { ArgusCore.Label(name: $0.name, value: $0.value) }),
                        value: sample.value)
                })
        }
    }

    /// The text exposition (format 0.0.4) of every family, as node-exporter serves it.
    public var textExposition: String {
        ExpositionEncoder(format: .text).encodeString(metricFamilies)
    }
}
