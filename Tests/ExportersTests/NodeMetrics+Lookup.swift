@testable import HostCollectors

extension NodeMetrics {
    /// The value of the series `name{labels}`, or nil if there is none.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let wanted = labels.map { NodeMetrics.Label(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name }
        return sortedFamilies.first { $0.name == name }?.samples.first { $0.labels == wanted }?.value
    }

    /// The family names, sorted.
    var names: [String] { sortedFamilies.map(\.name) }

    /// The values of label `label` over the series of `name`, sorted.
    func labelValues(_ name: String, _ label: String) -> [String] {
        let family = sortedFamilies.first { $0.name == name }
        return (family?.samples ?? []).compactMap { sample in sample.labels.first { $0.name == label }?.value }.sorted()
    }

    /// The label sets of family `name`, each as a dictionary.
    func labelSets(_ name: String) -> [[String: String]] {
        let samples = sortedFamilies.first { $0.name == name }?.samples ?? []
        return samples.map { Dictionary(uniqueKeysWithValues: $0.labels.map { ($0.name, $0.value) }) }
    }
}
