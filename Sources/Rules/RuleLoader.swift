import ArgusCore
import Logging
import PromQL

/// Builds rule groups from rule files.
public enum RuleLoader {
    /// Loads and validates `files` and builds their groups. `interval` (milliseconds) applies
    /// to groups without their own; `shouldRestore` makes alerting rules wait for their `for`
    /// state to be restored before writing `ALERTS`. Every problem of every file is in the error.
    public static func loadGroups(
        files: [String], interval: Int64, options: RuleGroupOptions, shouldRestore: Bool = false
    ) throws(RuleFileErrors) -> [RuleGroup] {
        var groups: [RuleGroup] = []
        var errors: [RuleFileError] = []
        for file in files {
            do {
                let ruleFile = try RuleFile.load(path: file, parserOptions: options.parserOptions)
                groups += makeGroups(
                    ruleFile, file: file, interval: interval, options: options, shouldRestore: shouldRestore)
            } catch {
                errors += error.errors
            }
        }
        if !errors.isEmpty { throw RuleFileErrors(errors) }
        return groups
    }

    /// The groups of a validated rule file.
    public static func makeGroups(
        _ ruleFile: RuleFile, file: String, interval: Int64, options: RuleGroupOptions, shouldRestore: Bool = false
    ) -> [RuleGroup] {
        ruleFile.groups.map { group in
            var definitions: [RuleDefinition] = []
            var rules: [any Rule] = []
            for var definition in group.rules {
                definition.labels.merge(group.labels) { own, _ in own }
                definitions.append(definition)
                // The file was validated: the expression parses.
                guard let expression = try? PromQLParser.parse(definition.expr, options: options.parserOptions) else {
                    continue
                }
                if definition.alert.isEmpty {
                    rules.append(
                        RecordingRule(
                            name: definition.record, expression: expression, labels: Labels(definition.labels)))
                } else {
                    rules.append(
                        AlertingRule(
                            name: definition.alert, expression: expression,
                            holdDuration: definition.holdDuration.milliseconds,
                            keepFiringFor: definition.keepFiringFor.milliseconds, labels: Labels(definition.labels),
                            annotations: Labels(definition.annotations), restored: !shouldRestore,
                            logger: options.logger))
                }
            }
            return RuleGroup(
                name: group.name, file: file, interval: group.interval?.milliseconds ?? interval, limit: group.limit,
                queryOffset: group.queryOffset?.milliseconds, rules: rules, definitions: definitions,
                shouldRestore: shouldRestore, options: options)
        }
    }
}
