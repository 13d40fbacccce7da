import ArgusCore

/// One issue found by ``MetricsLinter``: the metric family it concerns and
/// what is wrong, worded exactly as `promtool check metrics` words it.
public struct LintProblem: Hashable, Sendable, CustomStringConvertible {
    /// The name of the metric family the problem concerns.
    public var metric: String
    /// What is wrong, e.g. `counter metrics should have "_total" suffix`.
    public var text: String

    public init(metric: String, text: String) {
        self.metric = metric
        self.text = text
    }

    /// `metric text`, the line promtool prints on standard error.
    public var description: String { "\(metric) \(text)" }
}

/// The linter behind `argus check metrics`: the rules of client_golang's
/// `promlint` as bundled with promtool 2.42.
///
/// promlint lints the metric families that Go's text parser builds, which
/// group samples differently from ``ExpositionDecoder``: a sample joins a
/// family only by its exact name or, for summaries and histograms, by a
/// `_sum`/`_count`/`_bucket` suffix, so a counter's `_total` samples and any
/// `_created` samples form families of their own; families without samples
/// vanish; and the samples of a summary or histogram with equal labels
/// (apart from `quantile`/`le`) are one metric. ``lint(_:)`` rebuilds that
/// grouping first, so its problems (duplicates included) equal promtool's.
public enum MetricsLinter {
    /// Lints `families` (as decoded from the text format), returning every
    /// problem sorted by metric name, then by text, as promlint sorts them.
    public static func lint(_ families: [MetricFamily]) -> [LintProblem] {
        var problems: [LintProblem] = []
        for family in LintedFamily.regroup(families) where !family.metrics.isEmpty {
            problems += lint(family)
        }
        problems.sort { lhs, rhs in
            if lhs.metric.utf8Equal(rhs.metric) { return lhs.text.utf8Less(rhs.text) }
            return lhs.metric.utf8Less(rhs.metric)
        }
        return problems
    }
}

/// A metric family as Go's text parser would have built it: only what the
/// lint rules look at.
struct LintedFamily {
    var name: String
    /// Nil until a `# TYPE` line or the first sample fixes it (then untyped).
    var type: MetricType?
    var hasHelp = false
    /// The label set of each metric (`dto.Metric`) of the family, in order.
    var metrics: [Labels] = []
    /// For summaries and histograms: the metrics already seen, by labels.
    var grouped: Set<Labels> = []

    init(name: String) {
        self.name = name
    }

    /// The type the rules see: untyped when none was given, and the
    /// OpenMetrics-only types as the gauges the text format renders them as.
    var lintType: MetricType {
        switch type {
        case .none, .unknown?: return .unknown
        case .gaugeHistogram?, .info?, .stateSet?: return .gauge
        case let type?: return type
        }
    }

    /// The sample-name suffixes that join a summary or histogram family.
    static let reservedSuffixes: [(MetricType, [String])] = [
        (.summary, ["_count", "_sum"]),
        (.histogram, ["_count", "_sum", "_bucket"]),
    ]

    /// Rebuilds `families` the way Go's `expfmt.TextParser` groups the same
    /// exposition, in order of first appearance.
    static func regroup(_ families: [MetricFamily]) -> [LintedFamily] {
        var result: [LintedFamily] = []
        var indexByName: [String: Int] = [:]

        // expfmt's setOrCreateCurrentMF: exact name first, then the summary
        // or histogram that a suffixed name belongs to, else a new family.
        func resolve(_ name: String) -> Int {
            if let index = indexByName[name] { return index }
            for (type, suffixes) in reservedSuffixes {
                for suffix in suffixes where name.utf8.count > suffix.utf8.count && name.hasSuffix(suffix) {
                    if let index = indexByName[String(name.dropLast(suffix.count))], result[index].type == type {
                        return index
                    }
                }
            }
            result.append(LintedFamily(name: name))
            indexByName[name] = result.count - 1
            return result.count - 1
        }

        for family in families {
            let help = !(family.help ?? "").isEmpty
            if help || family.type != .unknown || family.samples.isEmpty {
                let index = resolve(family.name)
                if help { result[index].hasHelp = true }
                if family.type != .unknown, result[index].type == nil { result[index].type = family.type }
            }
            for sample in family.samples {
                let index = resolve(sample.name)
                if result[index].type == nil { result[index].type = .unknown }
                result[index].add(sample.labels)
            }
        }
        return result
    }

    /// Adds a sample's labels: one metric per sample, except that a summary
    /// or histogram folds samples with equal labels into one metric and
    /// keeps its `quantile` or `le` label out of the metric's labels.
    mutating func add(_ labels: Labels) {
        let special: String
        switch type {
        case .summary?: special = "quantile"
        case .histogram?: special = "le"
        default:
            metrics.append(labels)
            return
        }
        let key = labels.has(special) ? labels.removing([special]) : labels
        if grouped.insert(key).inserted { metrics.append(key) }
    }
}
