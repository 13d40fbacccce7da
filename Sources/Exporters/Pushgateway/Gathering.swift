import ArgusCore

/// Merges the families of several sources into one exposition and checks
/// that it is consistent, with the rules and error texts of Go's
/// `prometheus.Gatherers`, which the Pushgateway runs on every scrape and,
/// on a trial copy, on every push.
enum Gathering {
    /// The merged families (sorted by name, metrics sorted by label values)
    /// and every inconsistency found, in order.
    static func gather(_ sources: [[PushedMetricFamily]]) -> (families: [PushedMetricFamily], errors: [String]) {
        var families: [PushedMetricFamily] = []
        var indexByName: [String: Int] = [:]
        var seen: Set<[UInt8]> = []
        var errors: [String] = []
        for source in sources {
            for family in source {
                let index: Int
                if let existing = indexByName[family.name] {
                    let known = families[existing]
                    if known.help ?? "" != family.help ?? "" {
                        errors.append(
                            "gathered metric family \(family.name) has help \(GoString.quote(family.help ?? "")) "
                                + "but should have \(GoString.quote(known.help ?? ""))")
                        continue
                    }
                    if known.type != family.type {
                        errors.append(
                            "gathered metric family \(family.name) has type \(family.type.goName) "
                                + "but should have \(known.type.goName)")
                        continue
                    }
                    index = existing
                } else {
                    if let collision = suffixCollision(family, indexByName, families) {
                        errors.append(collision)
                        continue
                    }
                    index = families.count
                    indexByName[family.name] = index
                    families.append(PushedMetricFamily(name: family.name, help: family.help, type: family.type))
                }
                for metric in family.metrics {
                    var metric = metric
                    if let error = checkConsistency(families[index], &metric, &seen) {
                        errors.append(error)
                        continue
                    }
                    families[index].metrics.append(metric)
                }
            }
        }
        return (normalize(families), errors)
    }

    /// The errors as one message, as Go's `MultiError` prints them.
    static func message(_ errors: [String]) -> String {
        if errors.count == 1 { return errors[0] }
        return "\(errors.count) error(s) occurred:" + errors.map { "\n* " + $0 }.joined()
    }

    /// A family whose name clashes with the `_count`/`_sum`/`_bucket` series
    /// of a summary or histogram gathered before, or the other way round.
    private static func suffixCollision(
        _ family: PushedMetricFamily, _ indexByName: [String: Int], _ families: [PushedMetricFamily]
    ) -> String? {
        let name = family.name
        var base: String?
        for suffix in ["_count", "_sum", "_bucket"] where name.hasSuffix(suffix) {
            base = String(name.dropLast(suffix.count))
            break
        }
        if let base, let index = indexByName[base] {
            switch families[index].type {
            case .summary where !name.hasSuffix("_bucket"):
                return "collected metric named \(GoString.quote(name)) collides with previously collected summary "
                    + "named \(GoString.quote(base))"
            case .histogram:
                return "collected metric named \(GoString.quote(name)) collides with previously collected histogram "
                    + "named \(GoString.quote(base))"
            default:
                break
            }
        }
        if family.type == .summary || family.type == .histogram {
            for suffix in ["_count", "_sum"] where indexByName[name + suffix] != nil {
                return "collected histogram or summary named \(GoString.quote(name)) collides with previously "
                    + "collected metric named \(GoString.quote(name + suffix))"
            }
        }
        if family.type == .histogram, indexByName[name + "_bucket"] != nil {
            return "collected histogram named \(GoString.quote(name)) collides with previously collected metric "
                + "named \(GoString.quote(name + "_bucket"))"
        }
        return nil
    }

    /// Checks one metric against its family and the series seen so far;
    /// sorts its labels when they are not sorted.
    private static func checkConsistency(
        _ family: PushedMetricFamily, _ metric: inout PushedMetric, _ seen: inout Set<[UInt8]>
    ) -> String? {
        let name = family.name
        let describe = { (metric: PushedMetric) in "collected metric \(GoString.quote(name)) { \(metric.protoText)}" }
        if family.type != .gaugeHistogram && !metric.hasValue(for: family.type) {
            return "\(describe(metric)) is not a \(family.type.goName)"
        }
        var previous = ""
        for label in metric.labels {
            if label.name == previous {
                return "\(describe(metric)) has two or more labels with the same name: \(label.name)"
            }
            if !isValidLabelName(label.name) {
                return "\(describe(metric)) has a label with an invalid name: \(label.name)"
            }
            if metric.summary != nil && label.name == "quantile" {
                return "\(describe(metric)) must not have an explicit \"quantile\" label"
            }
            previous = label.name
        }
        if !metric.labels.isSorted(by: { $0.name.utf8Less($1.name) }) {
            metric.labels.sort { $0.name.utf8Less($1.name) }
        }
        var key = Array(name.utf8)
        key.append(0xFF)
        for label in metric.labels {
            key.append(contentsOf: label.name.utf8)
            key.append(0xFF)
            key.append(contentsOf: label.value.utf8)
            key.append(0xFF)
        }
        guard seen.insert(key).inserted else {
            return "\(describe(metric)) was collected before with the same name and label values"
        }
        return nil
    }

    /// A legacy label name not starting with `__`.
    static func isValidLabelName(_ name: String) -> Bool {
        LabelName.isLegacyLabelName(name) && !name.hasPrefix("__")
    }

    /// Drops empty families, sorts families by name and metrics by their
    /// label values (fewer labels first), as client_golang does.
    static func normalize(_ families: [PushedMetricFamily]) -> [PushedMetricFamily] {
        var result = families.filter { !$0.metrics.isEmpty }
        for index in result.indices {
            result[index].metrics.sort(by: metricLess)
        }
        result.sort { $0.name.utf8Less($1.name) }
        return result
    }

    static func metricLess(_ a: PushedMetric, _ b: PushedMetric) -> Bool {
        if a.labels.count != b.labels.count { return a.labels.count < b.labels.count }
        for (x, y) in zip(a.labels, b.labels) where !x.value.utf8Equal(y.value) {
            return x.value.utf8Less(y.value)
        }
        switch (a.timestampMs, b.timestampMs) {
        case (nil, _): return false
        case (_, nil): return true
        case (let x?, let y?): return x < y
        }
    }
}

extension Array {
    fileprivate func isSorted(by less: (Element, Element) -> Bool) -> Bool {
        guard count > 1 else { return true }
        for i in 1..<count where less(self[i], self[i - 1]) { return false }
        return true
    }
}
