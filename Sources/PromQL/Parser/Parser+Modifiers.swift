import ArgusCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Parser {
    /// Range and subquery brackets, `offset`, `@`, `anchored` and `smoothed`
    /// after an expression. They bind tighter than every operator.
    mutating func parsePostfix(_ operand: Expr) throws(ParseAbort) -> Expr {
        var expr = operand
        while true {
            switch try peek().kind {
            case .leftBracket:
                expr = try parseRangeOrSubquery(expr)
            case .offset:
                advance()
                let offset = try withContext("offset", "number, duration, step(), or range()") {
                    (parser: inout Parser) throws(ParseAbort) -> DurationNode in
                    try parser.parseOffsetDuration()
                }
                expr = setOffset(expr, offset.topLevel)
            case .at:
                advance()
                expr = try parseAtModifier(expr)
            case .anchored:
                let token = advance()
                expr = setExtendedModifier(expr, anchored: true, token)
            case .smoothed:
                let token = advance()
                expr = setExtendedModifier(expr, anchored: false, token)
            default:
                return expr
            }
        }
    }

    // MARK: - Ranges and subqueries

    mutating func parseRangeOrSubquery(_ expr: Expr) throws(ParseAbort) -> Expr {
        let open = advance()
        let range = try withContext("subquery or range selector", "number, duration, step(), or range()") {
            (parser: inout Parser) throws(ParseAbort) -> DurationNode in
            try parser.parsePositiveDuration()
        }
        let next = try peek()
        if next.kind == .rightBracket {
            advance()
            return newMatrixSelector(expr, range.topLevel, bracket: PositionRange(start: open.start, end: next.end))
        }
        guard next.kind == .colon else { try unexpected("subquery or range", "\":\" or \"]\"") }
        advance()
        var step: DurationExpr?
        if try peek().kind != .rightBracket {
            let node = try withContext("subquery selector", "number, duration, step(), range(), or \"]\"") {
                (parser: inout Parser) throws(ParseAbort) -> DurationNode in
                try parser.parsePositiveDuration()
            }
            step = node.topLevel
            guard try peek().kind == .rightBracket else { try unexpected("subquery selector", "\"]\"") }
        }
        let close = advance()
        return .subquery(
            SubqueryExpr(
                expr: expr,
                range: range.topLevel,
                step: step,
                position: PositionRange(start: expr.position.start, end: close.end)
            )
        )
    }

    mutating func newMatrixSelector(_ expr: Expr, _ range: DurationExpr, bracket: PositionRange) -> Expr {
        guard case .vectorSelector(let selector) = expr else {
            addError("ranges only allowed for vector selectors", bracket)
            return expr
        }
        if selector.offset != nil {
            addError("no offset modifiers allowed before range", bracket)
        } else if selector.at != nil {
            addError("no @ modifiers allowed before range", bracket)
        }
        return .matrixSelector(
            MatrixSelector(
                selector: selector,
                range: range,
                position: PositionRange(start: selector.position.start, end: bracket.end)
            )
        )
    }

    // MARK: - offset

    /// Whether an offset counts as set (Prometheus ignores a literal zero offset).
    static func hasOffset(_ offset: DurationExpr?) -> Bool {
        guard let offset else { return false }
        if case .literal(let milliseconds, _) = offset, milliseconds == 0 { return false }
        return true
    }

    mutating func setOffset(_ expr: Expr, _ offset: DurationExpr) -> Expr {
        switch expr {
        case .vectorSelector(var selector):
            if Parser.hasOffset(selector.offset) {
                addError("offset may not be set multiple times", selector.position)
                return expr
            }
            selector.offset = offset
            selector.position.end = lastEnd
            return .vectorSelector(selector)
        case .matrixSelector(var matrix):
            if Parser.hasOffset(matrix.selector.offset) {
                addError("offset may not be set multiple times", matrix.position)
                return expr
            }
            matrix.selector.offset = offset
            matrix.position.end = lastEnd
            return .matrixSelector(matrix)
        case .subquery(var subquery):
            if Parser.hasOffset(subquery.offset) {
                addError("offset may not be set multiple times", subquery.position)
                return expr
            }
            subquery.offset = offset
            subquery.position.end = lastEnd
            return .subquery(subquery)
        default:
            addError(
                "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                expr.position
            )
            return expr
        }
    }

    // MARK: - @

    mutating func parseAtModifier(_ expr: Expr) throws(ParseAbort) -> Expr {
        let modifier = try withContext("@", "timestamp") { (parser: inout Parser) throws(ParseAbort) -> AtModifier? in
            let token = try parser.peek()
            switch token.kind {
            case .start, .end:
                parser.advance()
                try parser.expect(.leftParen)
                try parser.expect(.rightParen)
                return token.kind == .start ? .start : .end
            case .add, .sub:
                parser.advance()
                let number = try parser.peek()
                guard number.kind == .number || number.kind == .duration else { try parser.unexpected() }
                parser.advance()
                let value = parser.numberValue(number)
                return parser.atTimestamp(token.kind == .sub ? -value : value, expr)
            case .number, .duration:
                parser.advance()
                return parser.atTimestamp(parser.numberValue(token), expr)
            default:
                try parser.unexpected()
            }
        }
        return setAt(expr, modifier)
    }

    /// Validates an `@` time in seconds and converts it to milliseconds.
    mutating func atTimestamp(_ seconds: Double, _ expr: Expr) -> AtModifier? {
        if !seconds.isFinite || seconds >= 9.223372036854775807e18 || seconds <= -9.223372036854775808e18 {
            addError("timestamp out of bounds for @ modifier: \(Parser.formatPercentF(seconds))", expr.position)
            return .timestamp(0)
        }
        let milliseconds = (seconds * 1000).rounded(.toNearestOrAwayFromZero)
        guard milliseconds.isFinite, milliseconds < 9.223372036854775807e18, milliseconds >= -9.223372036854775808e18
        else { return .timestamp(seconds > 0 ? Int64.max : Int64.min) }
        return .timestamp(Int64(milliseconds))
    }

    /// Go's `%f`: six decimals, `+Inf`, `-Inf`, `NaN`.
    static func formatPercentF(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            _ = withVaList([value]) { vsnprintf(buffer.baseAddress!, 400, "%f", $0) }
            return String(cString: buffer.baseAddress!)
        }
    }

    mutating func setAt(_ expr: Expr, _ modifier: AtModifier?) -> Expr {
        guard let modifier else { return expr }
        switch expr {
        case .vectorSelector(var selector):
            if selector.at != nil {
                addError("@ <timestamp> may not be set multiple times", selector.position)
                return expr
            }
            selector.at = modifier
            selector.position.end = lastEnd
            return .vectorSelector(selector)
        case .matrixSelector(var matrix):
            if matrix.selector.at != nil {
                addError("@ <timestamp> may not be set multiple times", matrix.position)
                return expr
            }
            matrix.selector.at = modifier
            matrix.position.end = lastEnd
            return .matrixSelector(matrix)
        case .subquery(var subquery):
            if subquery.at != nil {
                addError("@ <timestamp> may not be set multiple times", subquery.position)
                return expr
            }
            subquery.at = modifier
            subquery.position.end = lastEnd
            return .subquery(subquery)
        default:
            addError(
                "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                expr.position
            )
            return expr
        }
    }

    // MARK: - anchored / smoothed

    mutating func setExtendedModifier(_ expr: Expr, anchored: Bool, _ token: Token) -> Expr {
        let name = anchored ? "anchored" : "smoothed"
        guard options.extendedRangeSelectors else {
            addError("\(name) modifier is experimental and not enabled", expr.position)
            return expr
        }
        switch expr {
        case .vectorSelector(var selector):
            if anchored { selector.anchored = true } else { selector.smoothed = true }
            if selector.anchored && selector.smoothed {
                addError("anchored and smoothed modifiers cannot be used together", selector.position)
            }
            return .vectorSelector(selector)
        case .matrixSelector(var matrix):
            if anchored { matrix.selector.anchored = true } else { matrix.selector.smoothed = true }
            if matrix.selector.anchored && matrix.selector.smoothed {
                addError("anchored and smoothed modifiers cannot be used together", matrix.position)
            }
            return .matrixSelector(matrix)
        case .subquery:
            addError("\(name) modifier is not supported for subqueries", expr.position)
            return expr
        default:
            addError("\(name) modifier not implemented", expr.position)
            return expr
        }
    }
}
