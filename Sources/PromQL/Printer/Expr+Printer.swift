import ArgusCore

/// Prometheus' canonical rendering of expressions (`promql/parser/printer.go`),
/// used by `format_query` and wherever a query is echoed back. Parsing the
/// output yields the same tree again.
extension Expr: CustomStringConvertible {
    public var description: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .number(let literal): out += literal.description
        case .string(let literal): out += literal.description
        case .vectorSelector(let selector): out += selector.description
        case .matrixSelector(let matrix): out += matrix.description
        case .subquery(let subquery): out += subquery.description
        case .call(let call): out += call.description
        case .aggregate(let aggregate): out += aggregate.description
        case .binary(let binary): out += binary.description
        case .unary(let unary):
            out += unary.op.rawValue
            unary.expr.write(to: &out)
        case .paren(let paren):
            out += "("
            paren.expr.write(to: &out)
            out += ")"
        }
    }
}

extension NumberLiteral: CustomStringConvertible {
    /// `FormatFloat(v, 'f', -1, 64)`, or a duration (`5m`) when written as one.
    public var description: String {
        if isDuration {
            let milliseconds = PrinterFormat.milliseconds(seconds: value)
            return PromDuration(milliseconds: milliseconds).description
        }
        return GoFloat.formatF(value)
    }
}

extension StringLiteral: CustomStringConvertible {
    /// Go-quoted (`strconv.Quote`).
    public var description: String {
        if let bytes = invalidUTF8Bytes { return PrinterFormat.quote(bytes: bytes) }
        return GoString.quote(value)
    }
}

extension VectorSelector: CustomStringConvertible {
    public var description: String {
        var out = name ?? ""
        writeMatchers(to: &out)
        PrinterFormat.writeAt(at, to: &out)
        if anchored {
            out += " anchored"
        } else if smoothed {
            out += " smoothed"
        }
        PrinterFormat.writeOffset(offset, to: &out)
        return out
    }

    /// The braces: every matcher except the one the metric name implies, sorted as text.
    func writeMatchers(to out: inout String) {
        var printed: [String] = []
        for matcher in matchers {
            if matcher.name == "__name__", matcher.type == .equal, let name, matcher.value == name, !name.isEmpty {
                continue
            }
            printed.append(matcher.description)
        }
        guard !printed.isEmpty else { return }
        printed.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        out += "{" + printed.joined(separator: ",") + "}"
    }
}

extension MatrixSelector: CustomStringConvertible {
    public var description: String {
        var out = selector.name ?? ""
        selector.writeMatchers(to: &out)
        out += "[" + PrinterFormat.topLevel(range) + "]"
        if selector.anchored {
            out += " anchored"
        } else if selector.smoothed {
            out += " smoothed"
        }
        PrinterFormat.writeAt(selector.at, to: &out)
        PrinterFormat.writeOffset(selector.offset, to: &out)
        return out
    }
}

extension SubqueryExpr: CustomStringConvertible {
    public var description: String {
        var out = expr.description
        out += "[" + PrinterFormat.topLevel(range) + ":"
        if let step { out += PrinterFormat.topLevel(step) }
        out += "]"
        PrinterFormat.writeAt(at, to: &out)
        PrinterFormat.writeOffset(offset, to: &out)
        return out
    }
}

extension Call: CustomStringConvertible {
    public var description: String {
        function + "(" + args.map(\.description).joined(separator: ", ") + ")"
    }
}

extension AggregateExpr: CustomStringConvertible {
    public var description: String {
        var out = op.rawValue
        if without {
            out += " without (" + PrinterFormat.labels(grouping) + ") "
        } else if !grouping.isEmpty {
            out += " by (" + PrinterFormat.labels(grouping) + ") "
        }
        out += "("
        if let param, op.takesParameter { out += param.description + ", " }
        out += expr.description + ")"
        return out
    }
}

extension BinaryExpr: CustomStringConvertible {
    public var description: String {
        var out = lhs.description + " " + op.rawValue
        if returnBool { out += " bool" }
        if let matching { out += matching.description }
        out += " " + rhs.description
        return out
    }
}

extension VectorMatching: CustomStringConvertible {
    /// The modifiers after a binary operator, with a leading space (empty when there are none).
    public var description: String {
        var out = ""
        let grouped = cardinality == .manyToOne || cardinality == .oneToMany
        if !matchingLabels.isEmpty || on || grouped {
            out += (on ? " on (" : " ignoring (") + PrinterFormat.labels(matchingLabels) + ")"
        }
        if grouped {
            out +=
                (cardinality == .manyToOne ? " group_left (" : " group_right (") + PrinterFormat.labels(include) + ")"
        }
        if let fillLeft, let fillRight, fillLeft == fillRight {
            out += " fill (" + GoFloat.formatG(fillLeft) + ")"
        } else {
            if let fillLeft { out += " fill_left (" + GoFloat.formatG(fillLeft) + ")" }
            if let fillRight { out += " fill_right (" + GoFloat.formatG(fillRight) + ")" }
        }
        return out
    }
}

extension DurationExpr: CustomStringConvertible {
    /// The expression as written inside a larger duration expression.
    public var description: String {
        switch self {
        case .literal(let milliseconds, _): return PromDuration(milliseconds: milliseconds).description
        case .number(let seconds): return GoFloat.formatF(seconds)
        case .negate(let inner): return "-" + inner.description
        case .binary(let op, let lhs, let rhs): return lhs.description + " " + op.rawValue + " " + rhs.description
        case .paren(let inner): return "(" + inner.description + ")"
        case .step: return "step()"
        case .range: return "range()"
        case .minOf(let a, let b): return "min_of(" + a.description + ", " + b.description + ")"
        case .maxOf(let a, let b): return "max_of(" + a.description + ", " + b.description + ")"
        }
    }
}

/// Formatting helpers shared by the printer.
enum PrinterFormat {
    static func milliseconds(seconds: Double) -> Int64 {
        let value = seconds * 1000
        guard value.isFinite, abs(value) < 9.2e18 else { return 0 }
        return Int64(value.rounded(.towardZero))
    }

    /// A whole range, step or offset: literals print as durations.
    static func topLevel(_ duration: DurationExpr) -> String {
        duration.description
    }

    static func writeAt(_ at: AtModifier?, to out: inout String) {
        switch at {
        case .timestamp(let milliseconds): out += " @ " + formatSeconds(milliseconds)
        case .start: out += " @ start()"
        case .end: out += " @ end()"
        case nil: break
        }
    }

    static func writeOffset(_ offset: DurationExpr?, to out: inout String) {
        guard let offset else { return }
        if case .literal(let milliseconds, _) = offset {
            if milliseconds == 0 { return }
            if milliseconds < 0 {
                out += " offset -" + PromDuration(milliseconds: -milliseconds).description
                return
            }
        }
        out += " offset " + offset.description
    }

    /// `%.3f` of milliseconds / 1000.
    static func formatSeconds(_ milliseconds: Int64) -> String {
        let negative = milliseconds < 0
        let magnitude = milliseconds.magnitude
        var fraction = String(magnitude % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        return (negative ? "-" : "") + String(magnitude / 1000) + "." + fraction
    }

    /// Grouping labels, quoting names that are not classic label names.
    static func labels(_ names: [String]) -> String {
        names.map { LabelName.isLegacyLabelName($0) ? $0 : GoString.quote($0) }.joined(separator: ", ")
    }

    /// `strconv.Quote` of bytes that are not valid UTF-8 (each invalid byte as `\xNN`).
    static func quote(bytes: [UInt8]) -> String {
        var out = "\""
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, index)
            if length == 0 {
                out += "\\x" + (bytes[index] < 16 ? "0" : "") + String(bytes[index], radix: 16)
                index += 1
                continue
            }
            let piece = String(decoding: bytes[index..<(index + length)], as: UTF8.self)
            out += GoString.quote(piece).dropFirst().dropLast()
            index += length
        }
        return out + "\""
    }

    /// The length of the valid UTF-8 sequence at `index`, or 0 if the byte starts none.
    private static func validSequenceLength(_ bytes: [UInt8], _ index: Int) -> Int {
        let b0 = bytes[index]
        if b0 < 0x80 { return 1 }
        let length = b0 >= 0xF0 && b0 <= 0xF4 ? 4 : b0 >= 0xE0 ? (b0 >= 0xF0 ? 0 : 3) : b0 >= 0xC2 ? 2 : 0
        guard length > 0, index + length <= bytes.count else { return 0 }
        let slice = Array(bytes[index..<(index + length)])
        let decoded = String(decoding: slice, as: UTF8.self)
        return Array(decoded.utf8) == slice ? length : 0
    }
}
