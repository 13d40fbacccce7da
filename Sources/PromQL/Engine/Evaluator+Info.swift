import ArgusCore
import Storage

/// `info(v [, {data label selector}])`: enriches each series of `v` with the
/// data labels of the info series (by default `target_info`) that share its
/// identifying labels `instance` and `job`, as Prometheus 3's experimental
/// `info()` does.
extension Evaluator {
    static let identifyingLabels = ["instance", "job"]

    func evalInfo(_ call: Call) throws(PromQLError) -> [EvalSeries] {
        let (atTime, offset) = try infoTimeAndOffset(call.args[0])
        let base = try evalSeries(call.args[0])

        var dataMatchers: [String: [LabelMatcher]] = [:]
        var nameMatchers: [LabelMatcher] = []
        if call.args.count > 1, case .vectorSelector(let selector) = call.args[1].unwrappingParens {
            for matcher in selector.matchers {
                dataMatchers[matcher.name, default: []].append(matcher)
                if matcher.name == Labels.metricName { nameMatchers.append(matcher) }
            }
        } else {
            nameMatchers = [.equal(Labels.metricName, "target_info")]
        }
        let effectiveNames = Evaluator.effectiveInfoNameMatchers(nameMatchers)
        // Info series themselves are not enriched.
        let ignored = base.map { series in
            let name = series.labels.name ?? ""
            return effectiveNames.allSatisfy { $0.matches(name) }
        }
        let info = try fetchInfoSeries(
            base, ignored: ignored, dataMatchers: &dataMatchers, atTime: atTime, offset: offset)
        let infoNames = Set(info.compactMap { $0.labels.name })
        let emptyOK = dataMatchers.values.allSatisfy { $0.allSatisfy { $0.matches("") } }

        return try rangeEval([base, info]) { (_, _, vectors) throws(PromQLError) -> [StepSample] in
            var newest: [Labels: StepSample] = [:]
            for element in vectors[1] {
                let sample = element.sample
                let signature = Evaluator.infoSignature(sample.labels, name: sample.labels.name ?? "")
                if let existing = newest[signature] {
                    if existing.value < sample.value {
                        newest[signature] = sample
                    } else if existing.value == sample.value {
                        throw PromQLError(
                            .execution,
                            "found duplicate series for info metric: existing \(existing.labels) @ \(Int64(existing.value)), "
                                + "new \(sample.labels) @ \(Int64(sample.value))"
                        )
                    }
                } else {
                    newest[signature] = sample
                }
            }
            var out: [StepSample] = []
            for element in vectors[0] {
                let sample = element.sample
                if ignored[element.series] {
                    out.append(sample)
                    continue
                }
                var added: [String: String] = [:]
                var matchedAny = false
                for infoName in infoNames.sorted() {
                    guard let infoSample = newest[Evaluator.infoSignature(sample.labels, name: infoName)] else {
                        continue
                    }
                    matchedAny = true
                    for label in infoSample.labels where label.name != Labels.metricName {
                        if !dataMatchers.isEmpty, dataMatchers[label.name] == nil { continue }
                        if let value = added[label.name], value != label.value {
                            throw PromQLError(.execution, "conflicting label: \(label.name)")
                        }
                        if sample.labels.has(label.name) { continue }
                        added[label.name] = label.value
                    }
                }
                if !matchedAny && !emptyOK { continue }
                var builder = Labels.Builder(sample.labels)
                for (name, value) in added { builder.set(name, value) }
                out.append(StepSample(labels: builder.labels, value: sample.value, dropName: sample.dropName))
            }
            return out
        }
    }

    /// The `__name__` matchers that select info series: as given when one is
    /// positive, `=~".+_info"` plus the given ones when all are negative,
    /// `target_info` when there are none.
    static func effectiveInfoNameMatchers(_ matchers: [LabelMatcher]) -> [LabelMatcher] {
        if matchers.contains(where: { $0.type == .equal || $0.type == .regexMatch }) { return matchers }
        if !matchers.isEmpty {
            // ".+_info" is a valid regular expression, so this cannot fail.
            let infoSuffix =
                (try? LabelMatcher(.regexMatch, Labels.metricName, ".+_info")) ?? .equal(Labels.metricName, "")
            return [infoSuffix] + matchers
        }
        return [.equal(Labels.metricName, "target_info")]
    }

    /// The join key of a series with info metric `name`: the name and the identifying labels.
    static func infoSignature(_ labels: Labels, name: String) -> Labels {
        labels.keeping(Set(identifyingLabels)).setting(Labels.metricName, to: name)
    }

    /// The `@` time and offset that govern the info series: those of the first
    /// selector in the argument, with the offsets of enclosing subqueries added
    /// until one of them pins the time with `@`.
    private func infoTimeAndOffset(_ expr: Expr) throws(PromQLError) -> (Int64?, Int64) {
        var found: (VectorSelector, [SubqueryExpr])?
        func visit(_ expr: Expr, _ path: [SubqueryExpr]) {
            guard found == nil else { return }
            switch expr {
            case .vectorSelector(let selector): found = (selector, path)
            case .matrixSelector(let matrix): found = (matrix.selector, path)
            case .subquery(let subquery): visit(subquery.expr, path + [subquery])
            case .call(let call): for arg in call.args { visit(arg, path) }
            case .aggregate(let aggregate):
                if let param = aggregate.param { visit(param, path) }
                visit(aggregate.expr, path)
            case .binary(let binary):
                visit(binary.lhs, path)
                visit(binary.rhs, path)
            case .unary(let unary): visit(unary.expr, path)
            case .paren(let paren): visit(paren.expr, path)
            case .number, .string: break
            }
        }
        visit(expr, [])
        guard let (selector, subqueries) = found else { return (nil, 0) }
        var at = resolve(selector.at)
        var offset = try selector.offset.map { d throws(PromQLError) in try milliseconds(d) } ?? 0
        for subquery in subqueries.reversed() where at == nil {
            offset += try subquery.offset.map { d throws(PromQLError) in try milliseconds(d) } ?? 0
            at = resolve(subquery.at)
        }
        return (at, offset)
    }

    /// Selects the info series that share identifying label values with the
    /// base series, each valued at every step with the timestamp of the
    /// sample that an instant selector would pick.
    private func fetchInfoSeries(
        _ base: [EvalSeries],
        ignored: [Bool],
        dataMatchers: inout [String: [LabelMatcher]],
        atTime: Int64?,
        offset: Int64
    ) throws(PromQLError) -> [EvalSeries] {
        var values: [String: Set<String>] = [:]
        for (index, series) in base.enumerated() where !ignored[index] {
            for name in Evaluator.identifyingLabels {
                if let value = series.labels[name], !value.isEmpty { values[name, default: []].insert(value) }
            }
        }
        var nameMatchers: [LabelMatcher] = []
        var matchers: [LabelMatcher] = []
        for (_, list) in dataMatchers {
            for matcher in list {
                if matcher.name == Labels.metricName { nameMatchers.append(matcher) } else { matchers.append(matcher) }
            }
        }
        dataMatchers[Labels.metricName] = nil
        guard !values.isEmpty else { return [] }
        for (name, set) in values {
            let pattern = set.sorted().map(RE2.quoteMeta).joined(separator: "|")
            do {
                matchers.append(try LabelMatcher(.regexMatch, name, pattern))
            } catch {
                throw PromQLError(.execution, error.message)
            }
        }
        matchers += Evaluator.effectiveInfoNameMatchers(nameMatchers)
        return try selectInstant(matchers, offset: offset, at: atTime, value: .sampleTimestampMilliseconds)
    }
}
