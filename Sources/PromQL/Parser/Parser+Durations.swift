import ArgusCore

/// A duration while it is being parsed: either a number literal (which the
/// grammar folds signs into and range-checks) or a duration expression.
struct DurationNode {
    /// Seconds, when the node is a plain literal.
    var literal: Double?
    /// Whether the literal was written with a unit (`5m`).
    var isDuration = false
    /// The expression, when the node is not a plain literal.
    var expression: DurationExpr = .step
    var position: PositionRange

    static func literal(_ seconds: Double, isDuration: Bool, _ position: PositionRange) -> DurationNode {
        DurationNode(literal: seconds, isDuration: isDuration, position: position)
    }

    static func expression(_ expr: DurationExpr, _ position: PositionRange) -> DurationNode {
        DurationNode(literal: nil, expression: expr, position: position)
    }

    static func milliseconds(_ seconds: Double) -> Int64 {
        guard seconds.isFinite else { return 0 }
        return Int64((seconds * 1000).rounded(.toNearestOrAwayFromZero))
    }

    /// The node inside a larger duration expression: a number keeps its
    /// spelling (`.number`), a duration literal becomes milliseconds.
    var inner: DurationExpr {
        guard let literal else { return expression }
        return isDuration
            ? .literal(milliseconds: DurationNode.milliseconds(literal), isNumber: false) : .number(literal)
    }

    /// The node as a whole range, step or offset: a literal becomes a plain duration.
    var topLevel: DurationExpr {
        guard let literal else { return expression }
        return .literal(milliseconds: DurationNode.milliseconds(literal), isNumber: !isDuration)
    }
}

extension Parser {
    /// Whether seconds overflow Go's `time.Duration`.
    static func durationOutOfRange(_ seconds: Double) -> Bool {
        seconds > 9_223_372_036.854775807 || seconds < -9_223_372_036.854775808
    }

    mutating func requireDurationExpressions(_ position: PositionRange) {
        if !options.durationExpressions {
            addError("experimental duration expression is not enabled", position)
        }
    }

    /// A range or subquery step: a duration expression whose literal form must be positive.
    mutating func parsePositiveDuration() throws(ParseAbort) -> DurationNode {
        let node = try parseDurationExpr(0)
        if let literal = node.literal, !(literal > 0) {
            if literal <= 0 {
                addError("duration must be greater than 0", node.position)
                return .literal(0, isDuration: node.isDuration, PositionRange(start: 0, end: 0))
            }
        }
        return node
    }

    /// The duration after `offset`. A signed literal, `step()`, `range()`,
    /// `min_of()`/`max_of()` or a signed parenthesis ends the offset, so
    /// `foo offset 5m * 2` multiplies the selector; only an unsigned
    /// parenthesised duration continues into duration arithmetic.
    mutating func parseOffsetDuration() throws(ParseAbort) -> DurationNode {
        let token = try peek()
        if token.kind == .add || token.kind == .sub {
            advance()
            let next = try peek()
            switch next.kind {
            case .number, .duration:
                advance()
                var value = numberValue(next)
                if token.kind == .sub { value = -value }
                if Parser.durationOutOfRange(value) {
                    addError("duration out of range", token.range)
                    return .literal(0, isDuration: false, PositionRange(start: 0, end: 0))
                }
                return .literal(
                    value, isDuration: next.kind == .duration, PositionRange(start: token.start, end: next.end))
            case .step, .range, .minOf, .maxOf:
                let function = try parseDurationFunction(checkFeature: false)
                let node = applyUnary(token, function)
                requireDurationExpressions(node.position)
                return node
            case .leftParen:
                let inner = try parseParenDuration(checkFeature: false)
                return applyUnary(token, inner)
            default:
                try unexpected()
            }
        }
        switch token.kind {
        case .number, .duration:
            return try parseDurationLiteral()
        case .step, .range, .minOf, .maxOf:
            return try parseDurationFunction(checkFeature: true)
        case .leftParen:
            let paren = try parseParenDuration(checkFeature: true)
            return try parseDurationBinary(paren, 0)
        default:
            try unexpected()
        }
    }

    /// Duration arithmetic with the precedence of PromQL's operators (`^` right-associative).
    mutating func parseDurationExpr(_ minPrecedence: Int) throws(ParseAbort) -> DurationNode {
        let lhs = try parseDurationUnary()
        return try parseDurationBinary(lhs, minPrecedence)
    }

    mutating func parseDurationBinary(_ first: DurationNode, _ minPrecedence: Int) throws(ParseAbort) -> DurationNode {
        var lhs = first
        while true {
            let token = try peek()
            let op: BinaryOp
            switch token.kind {
            case .add: op = .add
            case .sub: op = .sub
            case .mul: op = .mul
            case .div: op = .div
            case .mod: op = .mod
            case .pow: op = .pow
            default: return lhs
            }
            let precedence = Parser.precedence(op)
            guard precedence >= minPrecedence else { return lhs }
            advance()
            let rhs = try parseDurationExpr(op.isRightAssociative ? precedence : precedence + 1)
            requireDurationExpressions(lhs.position)
            if op == .div || op == .mod, rhs.literal == 0 {
                addError(op == .div ? "division by zero" : "modulo by zero", token.range)
                lhs = .literal(0, isDuration: false, PositionRange(start: 0, end: 0))
                continue
            }
            lhs = .expression(
                .binary(op: op, lhs: lhs.inner, rhs: rhs.inner),
                PositionRange(start: lhs.position.start, end: rhs.position.end)
            )
        }
    }

    mutating func parseDurationUnary() throws(ParseAbort) -> DurationNode {
        let token = try peek()
        if token.kind == .add || token.kind == .sub {
            advance()
            let operand = try parseDurationExpr(Parser.unaryOperandPrecedence)
            return applyUnary(token, operand)
        }
        switch token.kind {
        case .number, .duration:
            return try parseDurationLiteral()
        case .step, .range, .minOf, .maxOf:
            return try parseDurationFunction(checkFeature: true)
        case .leftParen:
            return try parseParenDuration(checkFeature: true)
        default:
            try unexpected()
        }
    }

    mutating func parseDurationLiteral() throws(ParseAbort) -> DurationNode {
        let token = advance()
        let value = numberValue(token)
        if Parser.durationOutOfRange(value) {
            addError("duration out of range", token.range)
            return .literal(0, isDuration: false, PositionRange(start: 0, end: 0))
        }
        return .literal(value, isDuration: token.kind == .duration, token.range)
    }

    /// `step()`, `range()`, `min_of(a, b)`, `max_of(a, b)`.
    mutating func parseDurationFunction(checkFeature: Bool) throws(ParseAbort) -> DurationNode {
        let token = advance()
        try expect(.leftParen)
        let node: DurationNode
        switch token.kind {
        case .step, .range:
            let close = try expect(.rightParen)
            node = .expression(token.kind == .step ? .step : .range, PositionRange(start: token.start, end: close.end))
        default:
            let a = try parseDurationExpr(0)
            try expect(.comma)
            let b = try parseDurationExpr(0)
            let close = try expect(.rightParen)
            let expr: DurationExpr = token.kind == .minOf ? .minOf(a.inner, b.inner) : .maxOf(a.inner, b.inner)
            node = .expression(expr, PositionRange(start: token.start, end: close.end))
        }
        if checkFeature { requireDurationExpressions(node.position) }
        return node
    }

    /// `( duration )`, kept as a parenthesis for printing (nested parentheses collapse, as upstream).
    mutating func parseParenDuration(checkFeature: Bool) throws(ParseAbort) -> DurationNode {
        let open = advance()
        let inner = try parseDurationExpr(0)
        let close = try expect(.rightParen)
        if checkFeature { requireDurationExpressions(inner.position) }
        return Parser.wrapParen(inner, PositionRange(start: open.start, end: close.end))
    }

    static func wrapParen(_ node: DurationNode, _ position: PositionRange) -> DurationNode {
        if node.literal == nil, case .paren = node.expression { return node }
        return .expression(.paren(node.inner), position)
    }

    /// Unary `+`/`-` on a duration: folded into a literal, `-` wraps an expression.
    mutating func applyUnary(_ op: Token, _ node: DurationNode) -> DurationNode {
        if var literal = node.literal {
            if op.kind == .sub { literal = -literal }
            if Parser.durationOutOfRange(literal) {
                addError("duration out of range", op.range)
                return .literal(0, isDuration: false, PositionRange(start: 0, end: 0))
            }
            return .literal(
                literal, isDuration: node.isDuration, PositionRange(start: op.start, end: node.position.end))
        }
        guard op.kind == .sub else { return node }
        return .expression(.negate(node.expression), PositionRange(start: op.start, end: node.position.end))
    }
}
