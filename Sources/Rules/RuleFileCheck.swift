import ArgusCore

/// What `promtool check rules` reports for one file: the number of rules, the errors, or
/// the duplicate-rule lint finding.
public struct RuleFileCheck: Sendable {
    /// A rule name and label set that more than one rule of the file records.
    public struct Duplicate: Hashable, Sendable {
        public var metric: String
        public var labels: Labels
    }

    public var ruleCount = 0
    public var errors: [String] = []
    public var duplicates: [Duplicate] = []

    /// Checks the rule file at `path`; `lintDuplicates` also looks for duplicate rules.
    public init(path: String, lintDuplicates: Bool) {
        let file: RuleFile
        do {
            file = try RuleFile.load(path: path)
        } catch {
            errors = error.errors.map(\.description)
            return
        }
        ruleCount = file.groups.reduce(0) { $0 + $1.rules.count }
        if lintDuplicates { duplicates = Self.duplicates(in: file) }
    }

    /// The lint message, as promtool words it: `lint error N duplicate rule(s) found.` and the list.
    public var duplicatesMessage: String? {
        guard !duplicates.isEmpty else { return nil }
        var text = "lint error \(duplicates.count) duplicate rule(s) found.\n"
        for duplicate in duplicates {
            text += "Metric: \(duplicate.metric)\nLabel(s):\n"
            for label in duplicate.labels { text += "\t\(label.name): \(label.value)\n" }
        }
        return text + "Might cause inconsistency while recording expressions"
    }

    static func duplicates(in file: RuleFile) -> [Duplicate] {
        var rules: [Duplicate] = []
        for group in file.groups {
            for rule in group.rules {
                let labels: [String: String] = rule.labels.merging(group.labels) { own, _ in own }
                rules.append(Duplicate(metric: rule.name, labels: Labels(labels)))
            }
        }
        rules =
            rules
            .sorted { $0.metric != $1.metric ? $0.metric < $1.metric : $0.labels < $1.labels }
        var found: [Duplicate] = []
        for (previous, rule) in zip(rules, rules.dropFirst()) where previous == rule && found.last != rule {
            found.append(rule)
        }
        return found
    }
}
