import ArgusCore

extension MetricsLinter {
    /// Every rule, in promlint's order, applied to one family.
    static func lint(_ family: LintedFamily) -> [LintProblem] {
        var texts: [String] = []
        texts += helpProblems(family)
        texts += unitProblems(family)
        texts += counterProblems(family)
        texts += reservedSuffixProblems(family)
        texts += typeInNameProblems(family)
        texts += reservedCharProblems(family)
        texts += camelCaseProblems(family)
        texts += abbreviationProblems(family)
        return texts.map { LintProblem(metric: family.name, text: $0) }
    }

    /// Every metric family needs help text.
    static func helpProblems(_ family: LintedFamily) -> [String] {
        family.hasHelp ? [] : ["no help text"]
    }

    /// A unit in the name must be a base unit.
    static func unitProblems(_ family: LintedFamily) -> [String] {
        guard let (unit, base) = unit(in: family.name), unit != base else { return [] }
        return ["use base unit \(GoString.quote(base)) instead of \(GoString.quote(unit))"]
    }

    /// Counters end in `_total`; other typed metrics do not.
    static func counterProblems(_ family: LintedFamily) -> [String] {
        let type = family.lintType
        let total = family.name.hasSuffix("_total")
        if type == .counter && !total { return [#"counter metrics should have "_total" suffix"#] }
        if type != .unknown && type != .counter && total {
            return [#"non-counter metrics should not have "_total" suffix"#]
        }
        return []
    }

    /// The suffixes and labels that histograms and summaries reserve.
    /// Untyped families are exempt.
    static func reservedSuffixProblems(_ family: LintedFamily) -> [String] {
        let type = family.lintType
        guard type != .unknown else { return [] }
        let histogram = type == .histogram
        let summary = type == .summary
        var texts: [String] = []
        if !histogram && family.name.hasSuffix("_bucket") {
            texts.append(#"non-histogram metrics should not have "_bucket" suffix"#)
        }
        if !histogram && !summary && family.name.hasSuffix("_count") {
            texts.append(#"non-histogram and non-summary metrics should not have "_count" suffix"#)
        }
        if !histogram && !summary && family.name.hasSuffix("_sum") {
            texts.append(#"non-histogram and non-summary metrics should not have "_sum" suffix"#)
        }
        for labels in family.metrics {
            for label in labels {
                if !histogram && label.name == "le" {
                    texts.append(#"non-histogram metrics should not have "le" label"#)
                }
                if !summary && label.name == "quantile" {
                    texts.append(#"non-summary metrics should not have "quantile" label"#)
                }
            }
        }
        return texts
    }

    /// The type names of client_model's `MetricType`, lower-cased, except untyped.
    static let typeNames = ["counter", "gauge", "summary", "histogram", "gauge_histogram"]

    /// The name must not contain a type name as a whole `_`-separated word
    /// (or trailing words, for `gauge_histogram`).
    static func typeInNameProblems(_ family: LintedFamily) -> [String] {
        let name = family.name.lowercased()
        return typeNames.filter { containsWord(name, $0) }.map { "metric name should not include type '\($0)'" }
    }

    /// Colons are reserved for recording rules.
    static func reservedCharProblems(_ family: LintedFamily) -> [String] {
        family.name.utf8.contains(UInt8(ascii: ":")) ? ["metric names should not contain ':'"] : []
    }

    /// Metric and label names are snake_case: no lower-case letter followed
    /// by an upper-case one. One problem per label of every metric.
    static func camelCaseProblems(_ family: LintedFamily) -> [String] {
        var texts: [String] = []
        if isCamelCase(family.name) {
            texts.append("metric names should be written in 'snake_case' not 'camelCase'")
        }
        for labels in family.metrics {
            for label in labels where isCamelCase(label.name) {
                texts.append("label names should be written in 'snake_case' not 'camelCase'")
            }
        }
        return texts
    }

    /// Abbreviations promlint discourages as units.
    static let unitAbbreviations = ["s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d"]

    /// One problem for every abbreviation that appears as a whole word.
    static func abbreviationProblems(_ family: LintedFamily) -> [String] {
        let name = family.name.lowercased()
        return unitAbbreviations.filter { containsWord(name, $0) }.map { _ in
            "metric names should not contain abbreviated units"
        }
    }

    /// Known units and the base unit each should be expressed in, in the
    /// order of promlint's table.
    static let units: [(unit: String, base: String)] = [
        ("amperes", "amperes"), ("bytes", "bytes"), ("celsius", "celsius"), ("grams", "grams"),
        ("joules", "joules"), ("kelvin", "kelvin"), ("meters", "meters"), ("metres", "metres"),
        ("seconds", "seconds"), ("volts", "volts"),
        ("minutes", "seconds"), ("hours", "seconds"), ("days", "seconds"), ("weeks", "seconds"),
        ("kelvins", "kelvin"), ("fahrenheit", "celsius"), ("rankine", "celsius"),
        ("inches", "meters"), ("yards", "meters"), ("miles", "meters"),
        ("bits", "bytes"), ("calories", "joules"), ("pounds", "grams"), ("ounces", "grams"),
    ]

    /// SI and binary prefixes a unit may carry; the empty prefix is tried last.
    static let unitPrefixes = [
        "pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo", "kibi", "mega", "mibi",
        "giga", "gibi", "tera", "tebi", "peta", "pebi", "",
    ]

    /// The first unit (with prefix) that is a whole `_`-separated word of
    /// `name`, and its base unit. For each unit the prefixes are tried in
    /// order. promlint walks its units in Go's random map order, so a name
    /// with several different units gets a random verdict there; this walks
    /// them in the table's order instead, base units first.
    static func unit(in name: String) -> (unit: String, base: String)? {
        let words = Set(name.split(separator: "_", omittingEmptySubsequences: true).map(String.init))
        for (unit, base) in units {
            for prefix in unitPrefixes where words.contains(prefix + unit) {
                return (prefix + unit, base)
            }
        }
        return nil
    }

    /// Whether `word` occurs in `name` as `_word_` or as a trailing `_word`.
    static func containsWord(_ name: String, _ word: String) -> Bool {
        name.hasSuffix("_" + word) || name.contains("_" + word + "_")
    }

    /// Whether `name` contains an ASCII lower-case letter followed by an upper-case one.
    static func isCamelCase(_ name: String) -> Bool {
        var previousLower = false
        for byte in name.utf8 {
            if previousLower && byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { return true }
            previousLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
        }
        return false
    }
}
