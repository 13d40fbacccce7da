import ArgusConfig
import ArgusCore
import Foundation
import GoTemplate
import Logging
import PromQL
import PromQLScript
import Storage

/// Runs rule unit-test files as `promtool test rules` does: input series are loaded as time
/// advances, every group is evaluated at each `evaluation_interval` step, and alerts and
/// expressions are compared with what the tests expect.
public struct RuleUnitTester: Sendable {
    /// The outcome of one test file: no errors means it passed.
    public struct FileResult: Sendable {
        public var file: String
        public var errors: [String]
        /// Rule-file patterns that matched nothing (promtool warns about them).
        public var warnings: [String]
    }

    /// Prometheus 2's selection windows (see `EngineOptions.closedWindowStart`), as the
    /// promtool 2 users run their tests with; false gives Prometheus 3's.
    public var closedWindowStart: Bool

    public init(closedWindowStart: Bool = true) {
        self.closedWindowStart = closedWindowStart
    }

    /// Runs the tests of `file`.
    public func run(file: String) -> FileResult {
        var result = FileResult(file: file, errors: [], warnings: [])
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            result.errors = ["open \(file): no such file or directory"]
            return result
        }
        let unitTests: RuleUnitTestFile
        do {
            unitTests = try ConfigDecoder(file: file).decode(RuleUnitTestFile.self, from: text)
        } catch {
            result.errors = [error.description]
            return result
        }
        let directory = (file as NSString).deletingLastPathComponent
        var ruleFiles: [String] = []
        for pattern in unitTests.ruleFiles {
            let path = pattern.hasPrefix("/") || pattern.isEmpty ? pattern : ConfigPaths.join(directory, pattern)
            let matches = ConfigPaths.glob(path).filter { FileManager.default.fileExists(atPath: $0) }
            if matches.isEmpty { result.warnings.append("no file match pattern \(path)") }
            ruleFiles += matches
        }
        let interval =
            unitTests.evaluationInterval.milliseconds == 0 ? 60_000 : unitTests.evaluationInterval.milliseconds
        var order: [String: Int] = [:]
        for (index, name) in unitTests.groupEvalOrder.enumerated() {
            if order[name] != nil {
                result.errors = ["group name repeated in evaluation order: \(name)"]
                return result
            }
            order[name] = index
        }
        for group in unitTests.tests {
            result.errors += RuleTestGroupRun(
                group: group, evaluationInterval: interval, groupOrder: order, ruleFiles: ruleFiles,
                closedWindowStart: closedWindowStart
            ).run()
        }
        return result
    }
}

/// One test group's run over its own in-memory storage.
struct RuleTestGroupRun {
    let group: RuleTestGroup
    let evaluationInterval: Int64
    let groupOrder: [String: Int]
    let ruleFiles: [String]
    let closedWindowStart: Bool

    func run() -> [String] {
        let storage = MemoryStorage()
        var engineOptions = EngineOptions()
        engineOptions.defaultSubqueryStep = evaluationInterval
        engineOptions.closedWindowStart = closedWindowStart
        let engine = Engine(options: engineOptions)
        let query = engine.ruleQueryFunction(storage)
        let loader: SeriesLoader
        do {
            loader = try SeriesLoader(group.inputSeries, interval: group.interval.milliseconds)
        } catch {
            return [error.message]
        }
        // Failures are reported in the test output, not logged.
        let options = RuleGroupOptions(
            appendable: storage, queryable: storage,
            context: RuleEvaluationContext(
                query: query, externalLabels: group.externalLabels, externalURL: group.externalURL),
            logger: Logger(label: "argus.test-rules", factory: { _ in SwiftLogNoOpLogHandler() }))
        var groups: [RuleGroup]
        do {
            groups = try RuleLoader.loadGroups(
                files: ruleFiles, interval: group.interval.milliseconds, options: options)
        } catch {
            return error.errors.map(\.description)
        }
        groups = groups.enumerated().sorted { lhs, rhs in
            let left = groupOrder[lhs.element.name] ?? 0
            let right = groupOrder[rhs.element.name] ?? 0
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)

        var alertTests: [Int64: [AlertTestCase]] = [:]
        for test in group.alertRuleTests {
            if test.alertname.isEmpty {
                let inGroup = group.name.isEmpty ? "" : " (in TestGroup \(group.name))"
                return [
                    "an item under alert_rule_test misses required attribute alertname at eval_time \(test.evalTime)\(inGroup)"
                ]
            }
            alertTests[test.evalTime.milliseconds, default: []].append(test)
        }
        let alertTimes = alertTests.keys.sorted()
        var next = 0
        var errors: [String] = []
        let maxTime = group.maxEvalTime
        var time: Int64 = 0
        while time <= maxTime {
            do {
                try loader.load(through: time, into: storage)
            } catch {
                errors.append("\(error)")
            }
            var evalErrors: [String] = []
            for ruleGroup in groups {
                ruleGroup.evaluate(at: time)
                for rule in ruleGroup.rules {
                    if let lastError = rule.status.lastError {
                        evalErrors.append(
                            "    rule: \(rule.name), time: \(GoDuration(nanoseconds: time * 1_000_000)), err: \(lastError)"
                        )
                    }
                }
            }
            errors += evalErrors
            if !evalErrors.isEmpty { return errors }
            while next < alertTimes.count, time <= alertTimes[next], alertTimes[next] < time + evaluationInterval {
                errors += checkAlerts(alertTests[alertTimes[next]] ?? [], groups: groups)
                next += 1
            }
            time += evaluationInterval
        }
        errors += checkExpressions(query: query)
        return errors
    }

    private func checkAlerts(_ tests: [AlertTestCase], groups: [RuleGroup]) -> [String] {
        let names = Set(tests.map(\.alertname))
        var got: [String: [LabelsAndAnnotations]] = [:]
        for ruleGroup in groups {
            for rule in ruleGroup.alertingRules where names.contains(rule.name) {
                got[rule.name, default: []] += rule.activeAlerts.filter { $0.state == .firing }.map {
                    LabelsAndAnnotations(labels: $0.labels, annotations: $0.annotations)
                }
            }
        }
        var errors: [String] = []
        for test in tests {
            let gotAlerts = (got[test.alertname] ?? []).sorted()
            let expected = test.expAlerts.map { alert in
                var labels = alert.expLabels
                labels["alertname"] = test.alertname
                return LabelsAndAnnotations(labels: Labels(labels), annotations: Labels(alert.expAnnotations))
            }.sorted()
            if expected != gotAlerts {
                let name = group.name.isEmpty ? "" : "    name: \(group.name),\n"
                let indent = "            "
                errors.append(
                    "\(name)    alertname: \(test.alertname), time: \(test.evalTime), \n        exp:"
                        + LabelsAndAnnotations.describe(expected).indentingLines(indent) + ", \n        got:"
                        + LabelsAndAnnotations.describe(gotAlerts).indentingLines(indent))
            }
        }
        return errors
    }

    private func checkExpressions(query: RuleQueryFunction) -> [String] {
        var errors: [String] = []
        tests: for test in group.promqlExprTests {
            let prefix = "    expr: \(GoString.quote(test.expr)), time: \(test.evalTime)"
            let got: [VectorElement]
            do {
                got = try query(try PromQLParser.parse(test.expr), test.evalTime.milliseconds)
            } catch {
                errors.append("\(prefix), err: \(error)")
                continue
            }
            var expected: [(Labels, Double)] = []
            for sample in test.expSamples {
                // An empty string is the empty label set, as Prometheus' metric parser reads it.
                if sample.labels.allSatisfy(\.isWhitespace) {
                    expected.append((Labels(), sample.value))
                    continue
                }
                do {
                    expected.append((try SeriesDescription.parse(sample.labels).labels, sample.value))
                } catch {
                    errors.append(
                        "\(prefix), err: labels \(GoString.quote(sample.labels)): 1:\(error.column): parse error: \(error.message)"
                    )
                    continue tests
                }
            }
            let gotSamples = got.map { ($0.labels, $0.value) }.sorted { $0.0 < $1.0 }
            expected.sort { $0.0 < $1.0 }
            let same =
                gotSamples.count == expected.count
                && zip(gotSamples, expected).allSatisfy { $0.0 == $1.0 && Self.sameValue($0.1, $1.1) }
            if !same {
                errors.append(
                    "\(prefix),\n        exp: \(Self.describe(expected))\n        got: \(Self.describe(gotSamples))")
            }
        }
        return errors
    }

    /// Go's `reflect.DeepEqual` on float64: NaN never equals anything.
    static func sameValue(_ a: Double, _ b: Double) -> Bool { a == b }

    static func describe(_ samples: [(Labels, Double)]) -> String {
        if samples.isEmpty { return "nil" }
        return samples.map { "\($0.0) \(GoFloat.formatE($0.1).replacingOccurrences(of: "e", with: "E"))" }
            .joined(separator: ", ")
    }
}

/// An alert as the tests compare it.
struct LabelsAndAnnotations: Hashable, Comparable {
    var labels: Labels
    var annotations: Labels

    static func < (lhs: LabelsAndAnnotations, rhs: LabelsAndAnnotations) -> Bool {
        lhs.labels != rhs.labels ? lhs.labels < rhs.labels : lhs.annotations < rhs.annotations
    }

    /// promtool's listing: `[\n0:\n  Labels:{…}\n  Annotations:{…},\n1:…\n]`, or `[]`.
    static func describe(_ list: [LabelsAndAnnotations]) -> String {
        if list.isEmpty { return "[]" }
        var text = "["
        for (index, entry) in list.enumerated() {
            text += (index == 0 ? "\n" : ",\n") + "\(index):"
            text += ("\nLabels:\(entry.labels)\nAnnotations:\(entry.annotations)").indentingLines("  ")
        }
        return text + "\n]"
    }
}

extension String {
    /// Prefixes every line but the first with `indent`.
    func indentingLines(_ indent: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 ? String(line) : indent + line
        }.joined(separator: "\n")
    }
}
