import ArgusCore
import PromQL

extension Script {
    /// Parses a whole script. Every command is checked, and every `eval`
    /// expression parsed with the corpus' parser options, before anything
    /// runs; the first problem is thrown.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the name used in error messages.
    /// - Throws: ``ScriptError`` naming the file, the 1-based line and the problem.
    public static func parse(_ text: String, file: String) throws(ScriptError) -> Script {
        var parser = ScriptParser(text: text, file: file)
        return try parser.parse()
    }
}

/// The line-oriented parser behind ``Script/parse(_:file:)``, following
/// `promql/promqltest/test.go` (FORMAT §2, §3, §5).
struct ScriptParser {
    let file: String
    /// Trimmed lines; comment lines are empty.
    let lines: [String]

    static let loadPattern = try! RE2(#"^load(?:_(with_nhcb))?\s+(.+?)$"#)
    static let instantPattern = try! RE2(
        #"^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$"#)
    static let rangePattern = try! RE2(
        #"^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$"#)
    static let expectPattern = try! RE2(
        #"^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$"#)
    static let rangeVectorPattern = try! RE2(#"^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$"#)

    init(text: String, file: String) {
        self.file = file
        lines = ScriptParser.lines(text)
    }

    /// Splits on `\n`, trims each line as Go's `strings.TrimSpace` does, and
    /// blanks comment lines (FORMAT §2.1).
    static func lines(_ text: String) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { raw in
            let trimmed = GoSyntax.trimSpace(Substring(String(decoding: raw, as: UTF8.self)))
            return trimmed.hasPrefix("#") ? "" : String(trimmed)
        }
    }

    func fail(_ code: ScriptError.Code, _ index: Int, _ message: String) -> ScriptError {
        ScriptError(code, file: file, line: index + 1, message)
    }

    mutating func parse() throws(ScriptError) -> Script {
        var commands: [Script.Command] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.isEmpty {
                index += 1
                continue
            }
            let word = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map { $0.lowercased() } ?? ""
            if word == "clear" {
                commands.append(.clear(line: index + 1))
            } else if word.hasPrefix("load") {
                let load: LoadCommand
                (index, load) = try parseLoad(at: index)
                commands.append(.load(load))
            } else if word.hasPrefix("eval") {
                let eval: EvalCommand
                (index, eval) = try parseEval(at: index)
                commands.append(.eval(eval))
            } else {
                throw fail(.invalidCommand, index, "invalid command \(GoString.quote(line))")
            }
            index += 1
        }
        return Script(file: file, commands: commands)
    }

    // MARK: load

    /// Parses the load block starting at `start`; returns the index of its last line.
    func parseLoad(at start: Int) throws(ScriptError) -> (Int, LoadCommand) {
        guard let groups = ScriptParser.loadPattern.firstMatchGroups(in: lines[start]) else {
            throw fail(.invalidLoad, start, "invalid load command. (load[_with_nhcb] <step:duration>)")
        }
        let step = String(groups[2] ?? "")
        let interval: Int64
        do {
            interval = try PromDuration(parsing: step).milliseconds
        } catch {
            throw fail(.invalidLoad, start, "invalid step definition \(GoString.quote(step)): \(error.message)")
        }
        var load = LoadCommand(line: start + 1, interval: interval, withNHCB: groups[1] != nil, series: [])
        var seriesIndex: [Labels: Int] = [:]
        var pending: (labels: Labels, offsets: [Int64?], index: Int)?
        var index = start
        while index + 1 < lines.count, !lines[index + 1].isEmpty {
            index += 1
            let line = lines[index]
            if ScriptParser.isStartTimestampLine(line) {
                if let pending {
                    throw fail(.invalidStartTimestamps, pending.index, "@st line has no following sample line")
                }
                let (labels, offsets) = try parseStartTimestampLine(line, at: index)
                pending = (labels, offsets, index)
                continue
            }
            let description = try parseSeries(line, at: index)
            var offsets: [Int64?]?
            if let pending {
                guard pending.labels == description.labels else {
                    throw fail(
                        .invalidStartTimestamps, pending.index,
                        "@st metric does not match the following sample line metric")
                }
                guard pending.offsets.count == description.values.count else {
                    throw fail(
                        .invalidStartTimestamps, pending.index,
                        "@st line has \(pending.offsets.count) values but sample line has \(description.values.count)")
                }
                offsets = pending.offsets
            }
            pending = nil
            let series = LoadCommand.Series(
                labels: description.labels, values: description.values, startTimestampOffsets: offsets,
                line: index + 1)
            if let existing = seriesIndex[description.labels] {
                load.series[existing] = series
            } else {
                seriesIndex[description.labels] = load.series.count
                load.series.append(series)
            }
        }
        if let pending {
            throw fail(.invalidStartTimestamps, pending.index, "@st line has no following sample line")
        }
        return (index, load)
    }

    func parseSeries(_ line: String, at index: Int) throws(ScriptError) -> SeriesDescription {
        do {
            return try SeriesDescription.parse(line)
        } catch {
            throw fail(.invalidSeries, index, "invalid series description \(GoString.quote(line)): \(error)")
        }
    }

    /// A start-timestamp line: the first whitespace-delimited token ends in `@st`.
    static func isStartTimestampLine(_ line: String) -> Bool {
        guard let space = line.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return false }
        return line[..<space].hasSuffix("@st")
    }

    func parseStartTimestampLine(_ line: String, at index: Int) throws(ScriptError) -> (Labels, [Int64?]) {
        let space = line.firstIndex(where: { $0 == " " || $0 == "\t" })!
        let metric = String(line[..<space].dropLast(3))
        let labels: Labels
        do {
            labels = try SeriesDescription.parse(metric + " _").labels
        } catch {
            throw fail(
                .invalidStartTimestamps, index, "invalid @st line metric \(GoString.quote(metric)): \(error)")
        }
        var offsets: [Int64?] = []
        for item in line[space...].split(whereSeparator: { $0.unicodeScalars.allSatisfy(GoSyntax.isSpace) }) {
            do {
                offsets.append(contentsOf: try ScriptParser.startTimestampItem(String(item)))
            } catch {
                throw fail(
                    .invalidStartTimestamps, index,
                    "invalid @st sequence: invalid ST item \(GoString.quote(String(item))): \(error.message)")
            }
        }
        return (labels, offsets)
    }

    /// Expands one `@st` item (FORMAT §3.4).
    static func startTimestampItem(_ item: String) throws(ScriptHistogramError) -> [Int64?] {
        if item == "_" { return [nil] }
        if item.hasPrefix("_x") {
            guard let count = UInt64(item.dropFirst(2)), count > 0, count < 10_000_000 else {
                throw ScriptHistogramError("invalid repeat count")
            }
            return Array(repeating: nil, count: Int(count))
        }
        let (base, rest) = try durationPrefix(Substring(item))
        if rest.isEmpty { return [base] }
        if rest.first == "x" {
            guard let count = UInt64(rest.dropFirst()), count < 10_000_000 else {
                throw ScriptHistogramError("invalid repeat count")
            }
            return Array(repeating: base, count: Int(count) + 1)
        }
        guard rest.first == "+" || rest.first == "-" else {
            throw ScriptHistogramError("unexpected character \(GoString.quote(String(rest.prefix(1)))) after duration")
        }
        var (delta, tail) = try durationPrefix(rest.dropFirst())
        if rest.first == "-" { delta = -delta }
        guard tail.first == "x" else { throw ScriptHistogramError("expected 'x<count>' after step duration") }
        guard let count = UInt64(tail.dropFirst()), count < 10_000_000 else {
            throw ScriptHistogramError("invalid repeat count")
        }
        var offset = base
        var result: [Int64?] = []
        for _ in 0...count {
            result.append(offset)
            offset += delta
        }
        return result
    }

    /// A signed duration at the start of `text` (digits, then unit letters up
    /// to an `x`) and the rest, in milliseconds.
    static func durationPrefix(_ text: Substring) throws(ScriptHistogramError) -> (Int64, Substring) {
        guard !text.isEmpty else { throw ScriptHistogramError("empty duration") }
        var rest = text
        var negative = false
        if rest.first == "-" || rest.first == "+" {
            negative = rest.first == "-"
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else {
            throw ScriptHistogramError("expected digits in duration \(GoString.quote(String(text)))")
        }
        rest = rest.dropFirst(digits.count)
        let unit = rest.prefix { $0.isASCII && $0.isLetter && $0 != "x" }
        rest = rest.dropFirst(unit.count)
        let literal = String(digits) + String(unit)
        do {
            let milliseconds = try PromDuration(parsing: literal).milliseconds
            return (negative ? -milliseconds : milliseconds, rest)
        } catch {
            throw ScriptHistogramError("invalid duration \(GoString.quote(literal)): \(error.message)")
        }
    }

    // MARK: eval

    /// Parses the eval block starting at `start`; returns the index of its last line.
    func parseEval(at start: Int) throws(ScriptError) -> (Int, EvalCommand) {
        let header = lines[start]
        let instant = ScriptParser.instantPattern.firstMatchGroups(in: header)
        let range = instant == nil ? ScriptParser.rangePattern.firstMatchGroups(in: header) : nil
        guard let groups = instant ?? range else {
            throw fail(
                .invalidEval, start,
                "invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at <offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> <query>'"
            )
        }
        let modifier = groups[1].map(String.init) ?? ""
        let query = String((instant != nil ? groups[3] : groups[5]) ?? "")
        let expr: Expr
        do {
            expr = try PromQLParser.parse(query, options: .corpus)
        } catch {
            throw fail(.invalidExpression, start, "could not parse expression \(GoString.quote(query)): \(error)")
        }
        func evalError(_ code: ScriptError.Code, _ index: Int, _ message: String) -> ScriptError {
            fail(code, index, "error in eval \(query) (line \(start + 1)): \(message)")
        }

        let kind: EvalCommand.Kind
        if instant != nil {
            let at = String(groups[2] ?? "")
            do {
                kind = .instant(at: try PromDuration(parsing: at).milliseconds)
            } catch {
                throw evalError(
                    .invalidEval, start, "invalid timestamp definition \(GoString.quote(at)): \(error.message)")
            }
        } else {
            let (from, to, step) = try durations(
                String(groups[2] ?? ""), String(groups[3] ?? ""), String(groups[4] ?? ""), at: start,
                wrap: evalError)
            kind = .range(start: from, end: to, step: step)
        }

        var eval = EvalCommand(line: start + 1, query: query, expr: expr, kind: kind)
        switch modifier {
        case "ordered": eval.legacyOrdered = true
        case "fail": eval.legacyFail = true
        case "warn": eval.legacyWarn = true
        case "info": eval.legacyInfo = true
        default: break
        }

        var seriesIndex: [Labels: Int] = [:]
        var position = 1
        var index = start
        while index + 1 < lines.count, !lines[index + 1].isEmpty {
            index += 1
            defer { position += 1 }
            let line = lines[index]
            if eval.legacyFail && line.hasPrefix("expected_fail_message") {
                eval.expectedFailMessage = String(
                    GoSyntax.trimSpace(line.dropFirst("expected_fail_message".count)))
                break
            }
            if eval.legacyFail && line.hasPrefix("expected_fail_regexp") {
                let pattern = String(GoSyntax.trimSpace(line.dropFirst("expected_fail_regexp".count)))
                do {
                    eval.expectedFailRegexp = try RE2(pattern)
                } catch {
                    throw evalError(
                        .invalidExpect, index,
                        "invalid regexp '\(pattern)' for expected_fail_regexp: \(error.message)")
                }
                break
            }
            if line.hasPrefix("expect range vector") {
                guard let parts = ScriptParser.rangeVectorPattern.firstMatchGroups(in: line) else {
                    throw evalError(.invalidExpect, index, "invalid range vector definition \(GoString.quote(line))")
                }
                let (from, to, step) = try durations(
                    String(parts[1] ?? ""), String(parts[2] ?? ""), String(parts[3] ?? ""), at: index,
                    wrap: evalError)
                eval.rangeVector = EvalCommand.RangeVector(start: from, end: to, step: step)
                if case .range = eval.kind {
                    // Go overwrites the range eval's start, end and step too.
                    eval.kind = .range(start: from, end: to, step: step)
                }
                continue
            }
            if line.hasPrefix("expect string") {
                eval.expectedString = try stringLiteral(line, at: index, wrap: evalError)
                continue
            }
            if line.split(separator: " ", omittingEmptySubsequences: false).first == "expect" {
                try parseExpect(line, into: &eval, at: index, wrap: evalError)
                position -= 1
                continue
            }
            if let value = GoFloat.parseNumberToken(line) {
                eval.expectedScalar = value
                break
            }
            let description = try parseSeries(line, at: index)
            if description.values.count > 1, case .instant = eval.kind, eval.rangeVector == nil {
                throw evalError(
                    .invalidEval, index,
                    "expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' directive to enable a range vector result for an instant query"
                )
            }
            let expected = EvalCommand.ExpectedSeries(
                labels: description.labels, values: description.values, position: position, line: index + 1)
            if let existing = seriesIndex[description.labels] {
                eval.expectedSeries[existing] = expected
            } else {
                seriesIndex[description.labels] = eval.expectedSeries.count
                eval.expectedSeries.append(expected)
            }
        }
        return (index, eval)
    }

    /// `from`, `to` and `step` as milliseconds; `to` must not be before `from`.
    func durations(
        _ from: String, _ to: String, _ step: String, at index: Int,
        wrap: (ScriptError.Code, Int, String) -> ScriptError
    ) throws(ScriptError) -> (Int64, Int64, Int64) {
        let start: Int64
        let end: Int64
        let interval: Int64
        do {
            start = try PromDuration(parsing: from).milliseconds
        } catch {
            throw wrap(
                .invalidEval, index, "invalid start timestamp definition \(GoString.quote(from)): \(error.message)")
        }
        do {
            end = try PromDuration(parsing: to).milliseconds
        } catch {
            throw wrap(.invalidEval, index, "invalid end timestamp definition \(GoString.quote(to)): \(error.message)")
        }
        guard end >= start else {
            throw wrap(
                .invalidEval, index,
                "invalid test definition, end timestamp (\(to)) is before start timestamp (\(from))")
        }
        do {
            interval = try PromDuration(parsing: step).milliseconds
        } catch {
            throw wrap(.invalidEval, index, "invalid step definition \(GoString.quote(step)): \(error.message)")
        }
        return (start, end, interval)
    }

    /// The operand of `expect string`, unquoted with Go's `strconv.Unquote`.
    func stringLiteral(
        _ line: String, at index: Int, wrap: (ScriptError.Code, Int, String) -> ScriptError
    ) throws(ScriptError) -> String {
        let required = "expected string literal not valid - a quoted string literal is required"
        guard line != "expect string" else { throw wrap(.invalidExpect, index, required) }
        let literal = line.hasPrefix("expect string ") ? String(line.dropFirst("expect string ".count)) : line
        guard !literal.isEmpty else { throw wrap(.invalidExpect, index, required) }
        guard let value = GoString.unquote(literal, singleQuotedStrings: false) else {
            throw wrap(
                .invalidExpect, index, "expected string literal not valid - check that the string is correctly quoted")
        }
        return value
    }

    /// An `expect ⟨type⟩ [msg:|regex: text]` line (FORMAT §5.4).
    func parseExpect(
        _ line: String, into eval: inout EvalCommand, at index: Int,
        wrap: (ScriptError.Code, Int, String) -> ScriptError
    ) throws(ScriptError) {
        guard let parts = ScriptParser.expectPattern.firstMatchGroups(in: String(GoSyntax.trimSpace(Substring(line))))
        else {
            throw wrap(
                .invalidExpect, index,
                "invalid expect statement, must match `expect <type> <match_type>: <string>` format")
        }
        let type = String(parts[1] ?? "")
        var match = EvalCommand.Match.any
        if let kind = parts[2] {
            let text = String(GoSyntax.trimSpace(parts[3] ?? ""))
            if kind == "msg" {
                match = .message(text)
            } else {
                do {
                    match = .regex(try RE2(text))
                } catch {
                    throw wrap(.invalidExpect, index, "invalid regex \(text) for \(type)")
                }
            }
        }
        switch type {
        case "ordered": eval.expectOrdered = true
        case "fail": eval.expectFail.append(match)
        case "warn": eval.expectWarn.append(match)
        case "no_warn": eval.expectNoWarn = true
        case "info": eval.expectInfo.append(match)
        default: eval.expectNoInfo = true
        }
        if !eval.expectInfo.isEmpty && eval.expectNoInfo {
            throw wrap(.invalidExpect, index, "invalid expect lines, info and no_info cannot be used together")
        }
        if !eval.expectWarn.isEmpty && eval.expectNoWarn {
            throw wrap(.invalidExpect, index, "invalid expect lines, warn and no_warn cannot be used together")
        }
        if eval.expectFail.count > 1 {
            throw wrap(.invalidExpect, index, "invalid expect lines, multiple expect fail lines are not allowed")
        }
    }
}
