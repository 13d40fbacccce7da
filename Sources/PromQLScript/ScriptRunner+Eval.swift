import ArgusCore
import PromQL
import Storage

extension ScriptRunner {
    /// Runs one eval and judges it (FORMAT §6).
    ///
    /// - Returns: nil when the eval passes, otherwise what went wrong.
    package func evaluate(_ eval: EvalCommand, on storage: any Queryable) -> String? {
        switch eval.kind {
        case .range(let start, let end, let step):
            return evaluateRange(eval, on: storage, start: start, end: end, step: step)
        case .instant:
            return evaluateInstant(eval, on: storage)
        }
    }

    private func evaluateRange(
        _ eval: EvalCommand, on storage: any Queryable, start: Int64, end: Int64, step: Int64
    ) -> String? {
        let result: QueryResult
        do {
            result = try engine.rangeQuery(storage, eval.expr, start: start, end: end, step: step)
        } catch {
            if eval.expectsFailure { return ScriptRunner.checkExpectedFailure(eval, error.message) }
            return "error evaluating query \(GoString.quote(eval.query)): \(error.message)"
        }
        if eval.expectsFailure {
            return "expected error evaluating query \(GoString.quote(eval.query)) but got none"
        }
        if let problem = ScriptRunner.annotationProblem(eval, result.annotations, query: eval.query) {
            return problem
        }
        return ScriptRunner.summarize(eval.differences(result.value))
    }

    /// One run of an instant eval: the expression, its text (positions refer
    /// to it) and the evaluation time.
    private struct InstantRun {
        var expr: Expr
        var text: String
        var time: Int64
    }

    private func evaluateInstant(_ eval: EvalCommand, on storage: any Queryable) -> String? {
        guard let time = eval.evaluationTime else { return nil }
        var runs = [InstantRun(expr: eval.expr, text: eval.query, time: time)]
        if let pinned = AtModifierVariants.pinned(eval.expr, at: time) {
            // Positions of annotations refer to the printed text, so run what it parses to.
            let text = pinned.description
            let reparsed: Expr
            do {
                reparsed = try PromQLParser.parse(text, options: .corpus)
            } catch {
                return "the @-modifier variant \(GoString.quote(text)) of the query does not parse: \(error)"
            }
            for variantTime in AtModifierVariants.evaluationTimes(for: time) {
                runs.append(InstantRun(expr: reparsed, text: text, time: variantTime))
            }
        }
        for (index, run) in runs.enumerated() {
            if let problem = evaluateInstantRun(eval, run, on: storage) {
                guard index > 0 else { return problem }
                return "\(problem) (in the @-modifier variant \(GoString.quote(run.text)) evaluated at \(run.time))"
            }
        }
        return nil
    }

    private func evaluateInstantRun(_ eval: EvalCommand, _ run: InstantRun, on storage: any Queryable) -> String? {
        let result: QueryResult
        do {
            result = try engine.instantQuery(storage, run.expr, at: run.time)
        } catch {
            if eval.expectsFailure { return ScriptRunner.checkExpectedFailure(eval, error.message) }
            return "error evaluating query \(GoString.quote(run.text)): \(error.message)"
        }
        if eval.expectsFailure {
            return "expected error evaluating query \(GoString.quote(run.text)) but got none"
        }
        if let problem = ScriptRunner.annotationProblem(eval, result.annotations, query: run.text) {
            return problem
        }
        if let problem = ScriptRunner.summarize(eval.differences(result.value)) { return problem }
        if eval.excludedFromRangeQuery || ScriptRunner.usesQueryContext(run.text) { return nil }
        return rangeModeProblem(eval, run, instantResult: result.value, on: storage)
    }

    /// Whether the text calls `start()`, `end()`, `range()` or `step()`
    /// (also matching `@ start()`), which resolve differently in range mode.
    package static func usesQueryContext(_ text: String) -> Bool {
        queryContextPattern.contains(text)
    }

    private static let queryContextPattern = try! RE2(#"(start|end|range|step)\(\)"#)

    /// The range-mode cross-check (FORMAT §6.1 c): the same expression as a
    /// range query around the evaluation time must give the same value there.
    private func rangeModeProblem(
        _ eval: EvalCommand, _ run: InstantRun, instantResult: Value, on storage: any Queryable
    ) -> String? {
        let result: QueryResult
        do {
            result = try engine.rangeQuery(
                storage, run.expr, start: run.time - 60_000, end: run.time + 60_000, step: 60_000)
        } catch {
            return "error evaluating query \(GoString.quote(run.text)) in range mode: \(error.message)"
        }
        if eval.isOrdered { return nil }
        guard case .matrix(let matrix) = result.value else {
            return "range mode: expected a matrix, but got a \(result.value.type.rawValue)"
        }
        if let problem = EvalCommand.sortingProblem(matrix) { return "range mode: \(problem)" }
        var vector: [VectorElement] = []
        for series in matrix {
            if let point = series.points.first(where: { $0.timestamp == run.time }) {
                vector.append(VectorElement(labels: series.labels, timestamp: point.timestamp, value: point.value))
            }
        }
        let differences: [String]
        if case .scalar = instantResult {
            guard let first = vector.first else {
                return "range mode: expected a scalar point at \(run.time), but the range query returned none"
            }
            differences = eval.differences(.scalar(timestamp: run.time, value: first.value))
        } else {
            differences = eval.vectorDifferences(vector)
        }
        return ScriptRunner.summarize(differences).map { "range mode: \($0)" }
    }

    /// Joins differences into one line, at most ten of them.
    package static func summarize(_ differences: [String]) -> String? {
        guard !differences.isEmpty else { return nil }
        let limit = 10
        var text = differences.prefix(limit).joined(separator: "; ")
        if differences.count > limit { text += "; and \(differences.count - limit) more" }
        return text
    }

    /// Checks the error of a query that was expected to fail (FORMAT §6.6).
    package static func checkExpectedFailure(_ eval: EvalCommand, _ message: String) -> String? {
        if let expected = eval.expectedFailMessage, !expected.isEmpty, expected != message {
            return "expected error \(GoString.quote(expected)) evaluating query, but got: \(message)"
        }
        if let regex = eval.expectedFailRegexp, !regex.contains(message) {
            return
                "expected error matching pattern \(GoString.quote(regex.pattern)) evaluating query, but got: \(message)"
        }
        if let match = eval.expectFail.first, !match.matches(message) {
            return "expected error matching \(match) evaluating query, but got: \(message)"
        }
        return nil
    }

    /// `message (L:C)`: an annotation as the harness compares it, with the
    /// 1-based line and column in `query` where the offending sub-expression
    /// starts (`1:1` without a position; `invalid position` past the text).
    package static func annotationText(_ annotation: Annotation, query: String) -> String {
        "\(annotation.description) (\(startPosition(annotation.position?.start ?? 0, in: query)))"
    }

    /// Prometheus' `PositionRange.StartPosInput` for a byte offset.
    package static func startPosition(_ offset: Int, in query: String) -> String {
        let bytes = Array(query.utf8)
        guard !bytes.isEmpty else { return "unknown position" }
        guard offset >= 0, offset <= bytes.count else { return "invalid position" }
        var line = 1
        var lastLineBreak = -1
        for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
            lastLineBreak = index
            line += 1
        }
        return "\(line):\(offset - lastLineBreak)"
    }

    /// Checks annotations against `expect warn|info|no_warn|no_info` and the
    /// legacy `_warn`/`_info` suffixes (FORMAT §6.4).
    package static func annotationProblem(_ eval: EvalCommand, _ annotations: [Annotation], query: String) -> String? {
        // Prometheus keeps annotations in a set keyed by their text.
        var seen: Set<String> = []
        var warnings: [String] = []
        var infos: [String] = []
        for annotation in annotations where seen.insert(annotation.description).inserted {
            let text = annotationText(annotation, query: query)
            switch annotation.kind {
            case .warning: warnings.append(text)
            case .info: infos.append(text)
            }
        }
        if eval.legacyWarn && warnings.isEmpty { return "expected warnings but got none" }
        if eval.legacyInfo && infos.isEmpty { return "expected info annotations but got none" }
        if let problem = unmatched(eval.expectWarn, warnings, kind: "warn") { return problem }
        if let problem = unmatched(eval.expectInfo, infos, kind: "info") { return problem }
        if eval.expectNoWarn && !warnings.isEmpty {
            return "unexpected warning annotations: \(warnings.map(GoString.quote).joined(separator: ", "))"
        }
        if eval.expectNoInfo && !infos.isEmpty {
            return "unexpected info annotations: \(infos.map(GoString.quote).joined(separator: ", "))"
        }
        return nil
    }

    private static func unmatched(_ expected: [EvalCommand.Match], _ actual: [String], kind: String) -> String? {
        guard !expected.isEmpty else { return nil }
        guard !actual.isEmpty else { return "expected \(kind) annotations but none were found" }
        for match in expected where !actual.contains(where: match.matches) {
            return
                "expected \(kind) annotation matching \(match) but no matching annotation was found, found: \(actual.map(GoString.quote).joined(separator: ", "))"
        }
        for text in actual where !expected.contains(where: { $0.matches(text) }) {
            return "unexpected \(kind) annotation \(GoString.quote(text))"
        }
        return nil
    }
}
