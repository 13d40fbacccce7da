import ArgusConfig
import ArgusCore
import Foundation
import PromQL
import Yams

extension RuleFile {
    /// Reads and validates the rule file at `path`; every problem found is in the thrown error.
    /// Expressions are parsed with `parserOptions` (the server's `--enable-feature` PromQL features).
    public static func load(path: String, parserOptions: ParserOptions = .default) throws(RuleFileErrors)
        -> RuleFile
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "\(error)"
            throw RuleFileErrors([RuleFileError(file: path, message: "open \(path): \(reason)")])
        }
        return try parse(text, file: path, parserOptions: parserOptions)
    }

    /// Decodes `yaml` strictly (unknown fields and wrong types are errors) and validates it
    /// as Prometheus does: group names, rule kinds, expressions, names, labels and templates.
    public static func parse(_ yaml: String, file: String, parserOptions: ParserOptions = .default)
        throws(RuleFileErrors) -> RuleFile
    {
        let ruleFile: RuleFile
        do {
            ruleFile = try ConfigDecoder(file: file).decode(RuleFile.self, from: yaml)
        } catch {
            var detail = error.description
            if detail.hasPrefix(file + ":") { detail.removeFirst(file.count + 1) }
            throw RuleFileErrors([RuleFileError(file: file, message: detail.trimmingLeadingSpace())])
        }
        let positions = RuleFilePositions(yaml: yaml)
        let errors = ruleFile.validate(file: file, positions: positions, parserOptions: parserOptions)
        if !errors.isEmpty { throw RuleFileErrors(errors) }
        return ruleFile
    }

    func validate(file: String, positions: RuleFilePositions, parserOptions: ParserOptions = .default)
        -> [RuleFileError]
    {
        var errors: [RuleFileError] = []
        var seen = Set<String>()
        for (groupIndex, group) in groups.enumerated() {
            let groupPosition = positions.group(groupIndex)
            if group.name.isEmpty {
                errors.append(
                    RuleFileError(file: file, positions: [groupPosition], message: "Groupname must not be empty"))
            }
            if !seen.insert(group.name).inserted {
                errors.append(
                    RuleFileError(
                        file: file, positions: [groupPosition],
                        message: "groupname: \"\(group.name)\" is repeated in the same file"))
            }
            for name in group.labels.keys.sorted() {
                if let problem = Self.labelProblem(name: name) {
                    errors.append(RuleFileError(file: file, message: problem))
                }
            }
            for (ruleIndex, rule) in group.rules.enumerated() {
                let location = RuleFileError.RuleLocation(group: group.name, index: ruleIndex + 1, name: rule.name)
                for (problemPositions, message) in rule.problems(
                    positions: positions.rule(group: groupIndex, rule: ruleIndex), parserOptions: parserOptions)
                {
                    errors.append(
                        RuleFileError(file: file, rule: location, positions: problemPositions, message: message))
                }
            }
        }
        return errors
    }

    static func labelProblem(name: String) -> String? {
        // Label values are always valid: a Swift string cannot hold invalid UTF-8.
        if !LabelName.isValidLabelName(name, allowUTF8: false) || name == Labels.metricName {
            return "invalid label name: \(name)"
        }
        return nil
    }
}

extension RuleDefinition {
    /// Every problem with this rule, each with the YAML positions it concerns.
    func problems(positions: RuleFilePositions.RulePositions, parserOptions: ParserOptions = .default)
        -> [([RuleFileError.Position], String)]
    {
        var problems: [([RuleFileError.Position], String)] = []
        if !record.isEmpty && !alert.isEmpty {
            problems.append(([positions.record, positions.alert], "only one of 'record' and 'alert' must be set"))
        }
        if record.isEmpty && alert.isEmpty {
            // Prometheus 2 points at the `record` field only.
            problems.append(([positions.record], "one of 'record' or 'alert' must be set"))
        }
        if expr.isEmpty {
            problems.append(([positions.expr], "field 'expr' must be set in rule"))
        } else {
            do {
                _ = try PromQLParser.parse(expr, options: parserOptions)
            } catch {
                problems.append(([positions.expr], "could not parse expression: \(error)"))
            }
        }
        if !record.isEmpty {
            if !annotations.isEmpty {
                problems.append(([positions.record], "invalid field 'annotations' in recording rule"))
            }
            if holdDuration.milliseconds != 0 {
                problems.append(([positions.record], "invalid field 'for' in recording rule"))
            }
            if keepFiringFor.milliseconds != 0 {
                problems.append(([positions.record], "invalid field 'keep_firing_for' in recording rule"))
            }
            if !LabelName.isValidMetricName(record, allowUTF8: false) {
                problems.append(([positions.record], "invalid recording rule name: \(record)"))
            }
            if record.contains("{") || record.contains("}") {
                problems.append(
                    (
                        [positions.record],
                        "braces present in the recording rule name; should it be in expr?: \(record)"
                    ))
            }
        }
        for name in labels.keys.sorted() {
            if let problem = RuleFile.labelProblem(name: name) {
                problems.append(([], problem))
            }
        }
        for name in annotations.keys.sorted() where !LabelName.isValidLabelName(name, allowUTF8: false) {
            problems.append(([], "invalid annotation name: \(name)"))
        }
        if !alert.isEmpty {
            for (name, text) in labels.sorted(by: { $0.key < $1.key }) {
                if let error = RuleTemplates.parseError(text, alert: alert) {
                    problems.append(([], "label \(GoString.quote(name)): \(error)"))
                }
            }
            for (name, text) in annotations.sorted(by: { $0.key < $1.key }) {
                if let error = RuleTemplates.parseError(text, alert: alert) {
                    problems.append(([], "annotation \(GoString.quote(name)): \(error)"))
                }
            }
        }
        return problems
    }
}

/// Where the groups and rules of a rule file are, for error messages.
struct RuleFilePositions {
    struct RulePositions {
        var record = RuleFileError.Position.absent
        var alert = RuleFileError.Position.absent
        var expr = RuleFileError.Position.absent
    }

    private let groups: [Node]

    init(yaml: String) {
        let root = (try? Yams.compose(yaml: yaml)) ?? nil
        groups = root?.mapping?["groups"]?.sequence.map(Array.init) ?? []
    }

    func group(_ index: Int) -> RuleFileError.Position {
        guard index < groups.count else { return .absent }
        return Self.position(groups[index])
    }

    func rule(group: Int, rule: Int) -> RulePositions {
        guard group < groups.count, let rules = groups[group].mapping?["rules"]?.sequence, rule < rules.count,
            let mapping = rules[rule].mapping
        else { return RulePositions() }
        return RulePositions(
            record: mapping["record"].map(Self.position) ?? .absent,
            alert: mapping["alert"].map(Self.position) ?? .absent,
            expr: mapping["expr"].map(Self.position) ?? .absent)
    }

    private static func position(_ node: Node) -> RuleFileError.Position {
        guard let mark = node.mark else { return .absent }
        return RuleFileError.Position(line: mark.line, column: mark.column)
    }
}

extension String {
    fileprivate func trimmingLeadingSpace() -> String {
        String(drop(while: { $0 == " " }))
    }
}
