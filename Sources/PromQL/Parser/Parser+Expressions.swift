import ArgusCore

extension Parser {
    /// Binding strength of binary operators in the grammar: `or` < `and unless`
    /// < comparisons and trim operators < `+ -` < `* / % atan2` < `^`.
    static func precedence(_ op: BinaryOp) -> Int {
        switch op {
        case .or: return 1
        case .and, .unless: return 2
        case .eql, .neq, .gtr, .lss, .gte, .lte, .trimUpper, .trimLower: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }

    /// Operand precedence of unary `+`/`-` (the grammar gives them `MUL`'s
    /// precedence): the operand extends over `^` only, so `-2^2` is `-(2^2)`.
    static let unaryOperandPrecedence = 6

    // MARK: - Binary and unary expressions

    /// Precedence climbing over binary operators; postfix modifiers bind tighter than any operator.
    mutating func parseExpr(_ minPrecedence: Int) throws(ParseAbort) -> Expr {
        var lhs = try parseUnaryExpr()
        while let op = try peek().kind.binaryOperator, Parser.precedence(op) >= minPrecedence {
            advance()
            let modifiers = try parseBinaryModifiers()
            let precedence = Parser.precedence(op)
            let rhs = try parseExpr(op.isRightAssociative ? precedence : precedence + 1)
            lhs = newBinaryExpr(lhs, op, modifiers, rhs)
        }
        return lhs
    }

    struct BinaryModifiers {
        var returnBool = false
        var matching = VectorMatching(cardinality: .oneToOne)
    }

    mutating func parseBinaryModifiers() throws(ParseAbort) -> BinaryModifiers {
        var modifiers = BinaryModifiers()
        if try accept(.bool) != nil { modifiers.returnBool = true }
        let kind = try peek().kind
        if kind == .on || kind == .ignoring {
            advance()
            modifiers.matching.matchingLabels = try parseGroupingLabels()
            modifiers.matching.on = kind == .on
            let group = try peek().kind
            if group == .groupLeft || group == .groupRight {
                advance()
                modifiers.matching.cardinality = group == .groupLeft ? .manyToOne : .oneToMany
                if try peek().kind == .leftParen { modifiers.matching.include = try parseGroupingLabels() }
            }
        }
        switch try peek().kind {
        case .fill:
            advance()
            let value = try parseFillValue()
            modifiers.matching.fillLeft = value
            modifiers.matching.fillRight = value
        case .fillLeft:
            advance()
            modifiers.matching.fillLeft = try parseFillValue()
            if try accept(.fillRight) != nil { modifiers.matching.fillRight = try parseFillValue() }
        case .fillRight:
            advance()
            modifiers.matching.fillRight = try parseFillValue()
            if try accept(.fillLeft) != nil { modifiers.matching.fillLeft = try parseFillValue() }
        default:
            break
        }
        return modifiers
    }

    /// `( [+|-] number_or_duration )`.
    mutating func parseFillValue() throws(ParseAbort) -> Double {
        try expect(.leftParen)
        var negate = false
        let sign = try peek().kind
        if sign == .add || sign == .sub {
            advance()
            negate = sign == .sub
        }
        let token = try peek()
        guard token.kind == .number || token.kind == .duration else { try unexpected() }
        advance()
        let value = numberValue(token)
        try expect(.rightParen)
        return negate ? -value : value
    }

    mutating func newBinaryExpr(_ lhs: Expr, _ op: BinaryOp, _ modifiers: BinaryModifiers, _ rhs: Expr) -> Expr {
        let position = PositionRange(start: lhs.position.start, end: rhs.position.end)
        let matching = modifiers.matching
        if !options.binopFillModifiers, matching.fillLeft != nil || matching.fillRight != nil {
            addError("binop fill modifiers are experimental and not enabled", position)
        }
        return .binary(
            BinaryExpr(
                op: op,
                lhs: lhs,
                rhs: rhs,
                matching: matching,
                returnBool: modifiers.returnBool,
                position: position
            )
        )
    }

    mutating func parseUnaryExpr() throws(ParseAbort) -> Expr {
        let token = try peek()
        if token.kind == .add || token.kind == .sub {
            advance()
            let operand = try parseExpr(Parser.unaryOperandPrecedence)
            if case .number(var literal) = operand {
                if token.kind == .sub { literal.value = -literal.value }
                literal.position.start = token.start
                return .number(literal)
            }
            let op: BinaryOp = token.kind == .sub ? .sub : .add
            return .unary(
                UnaryExpr(op: op, expr: operand, position: PositionRange(start: token.start, end: operand.position.end))
            )
        }
        let primary = try parsePrimary()
        return try parsePostfix(primary)
    }

    // MARK: - Primary expressions

    mutating func parsePrimary() throws(ParseAbort) -> Expr {
        let token = try peek()
        switch token.kind {
        case .number, .duration:
            advance()
            return .number(
                NumberLiteral(value: numberValue(token), isDuration: token.kind == .duration, position: token.range)
            )
        case .string:
            advance()
            return .string(stringLiteral(token))
        case .leftParen:
            advance()
            let inner = try parseExpr(0)
            let close = try expect(.rightParen)
            return .paren(ParenExpr(expr: inner, position: PositionRange(start: token.start, end: close.end)))
        case .leftBrace:
            return .vectorSelector(try parseVectorSelector(name: nil))
        case .aggregator(let op):
            let following = peekKind()
            if following == .leftParen || following == .by || following == .without {
                return try parseAggregate(op, token)
            }
            advance()
            return .vectorSelector(try parseVectorSelector(name: token))
        case .identifier, .start, .end, .step, .range, .maxOf, .minOf:
            if peekKind() == .leftParen { return try parseCall(token) }
            advance()
            return .vectorSelector(try parseVectorSelector(name: token))
        case _ where token.kind.isMetricIdentifier:
            advance()
            return .vectorSelector(try parseVectorSelector(name: token))
        default:
            try unexpected()
        }
    }

    // MARK: - Function calls and aggregations

    /// `( )` or `( expr, … )`; a trailing comma is reported and tolerated.
    mutating func parseCallArguments() throws(ParseAbort) -> [Expr] {
        try expect(.leftParen)
        var args: [Expr] = []
        if try accept(.rightParen) != nil { return args }
        while true {
            args.append(try parseExpr(0))
            if let comma = try accept(.comma) {
                let following = try peek().kind
                if following == .rightParen || following == .comma {
                    addError("trailing commas not allowed in function call args", comma.range)
                    while try accept(.comma) != nil {}
                    if try accept(.rightParen) != nil { return args }
                }
                continue
            }
            try expect(.rightParen)
            return args
        }
    }

    mutating func parseCall(_ name: Token) throws(ParseAbort) -> Expr {
        advance()
        let args = try parseCallArguments()
        let signature = FunctionSignature.all[name.text]
        if signature == nil {
            addError("unknown function with name \(GoString.quote(name.text))", name.range)
        }
        if let signature, signature.experimental, !options.experimentalFunctions {
            addError("function \(GoString.quote(name.text)) is not enabled", name.range)
        }
        return .call(Call(function: name.text, args: args, position: PositionRange(start: name.start, end: lastEnd)))
    }

    mutating func parseAggregate(_ op: AggregateOp, _ opToken: Token) throws(ParseAbort) -> Expr {
        advance()
        let (grouping, without, args) = try withContext("aggregation", "") {
            (parser: inout Parser) throws(ParseAbort) -> ([String]?, Bool, [Expr]) in
            var grouping: [String]?
            var without = false
            let kind = try parser.peek().kind
            if kind == .by || kind == .without {
                parser.advance()
                without = kind == .without
                grouping = try parser.parseGroupingLabels()
            }
            let args = try parser.parseCallArguments()
            if grouping == nil {
                let after = try parser.peek().kind
                if after == .by || after == .without {
                    parser.advance()
                    without = after == .without
                    grouping = try parser.parseGroupingLabels()
                }
            }
            return (grouping, without, args)
        }
        let position = PositionRange(start: opToken.start, end: lastEnd)
        let placeholder = Expr.number(NumberLiteral(value: 0, position: position))
        var aggregate = AggregateExpr(
            op: op,
            expr: placeholder,
            grouping: grouping ?? [],
            without: without,
            position: position
        )
        if args.isEmpty {
            addError("no arguments for aggregate expression provided", position)
            return .aggregate(aggregate)
        }
        var wanted = 1
        if op.takesParameter {
            if !options.experimentalFunctions, op == .limitk || op == .limitRatio {
                addError(
                    "\(op.rawValue)() is experimental and must be enabled with "
                        + "--enable-feature=promql-experimental-functions",
                    position
                )
                return .aggregate(aggregate)
            }
            wanted = 2
            aggregate.param = args[0]
        }
        if args.count != wanted {
            addError(
                "wrong number of arguments for aggregate expression provided, expected \(wanted), got \(args.count)",
                position
            )
            return .aggregate(aggregate)
        }
        aggregate.expr = args[wanted - 1]
        return .aggregate(aggregate)
    }

    /// `( label, … )` after `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`.
    mutating func parseGroupingLabels() throws(ParseAbort) -> [String] {
        guard try peek().kind == .leftParen else { try unexpected("grouping opts", "\"(\"") }
        advance()
        var labels: [String] = []
        if try accept(.rightParen) != nil { return labels }
        while true {
            let token = try peek()
            if token.kind.isMaybeLabel {
                advance()
                labels.append(token.text)
            } else if token.kind == .string {
                advance()
                let name = unquote(token).string
                if name.isEmpty {
                    addError("invalid label name for grouping: \(GoString.quote(name))", token.range)
                }
                labels.append(name)
            } else {
                try unexpected("grouping opts", "label")
            }
            if try accept(.comma) != nil {
                if try accept(.rightParen) != nil { return labels }
                continue
            }
            if try accept(.rightParen) != nil { return labels }
            try unexpected("grouping opts", "\",\" or \")\"")
        }
    }

    // MARK: - Vector selectors

    /// A selector after its optional metric name token: `name`, `name{…}` or `{…}`.
    mutating func parseVectorSelector(name: Token?) throws(ParseAbort) -> VectorSelector {
        var matchers: [LabelMatcher] = []
        let first = try peek()
        var position = name?.range ?? first.range
        if try peek().kind == .leftBrace {
            matchers = try parseLabelMatchers()
            position.end = lastEnd
        }
        if let name {
            matchers.append(.equal("__name__", name.text))
        }
        return VectorSelector(name: name?.text, matchers: matchers, position: position)
    }

    mutating func parseLabelMatchers() throws(ParseAbort) -> [LabelMatcher] {
        try expect(.leftBrace)
        var matchers: [LabelMatcher] = []
        if try accept(.rightBrace) != nil { return matchers }
        while true {
            if let matcher = try parseLabelMatcher() { matchers.append(matcher) }
            if try accept(.comma) != nil {
                if try accept(.rightBrace) != nil { return matchers }
                continue
            }
            if try accept(.rightBrace) != nil { return matchers }
            try unexpected("label matching", "\",\" or \"}\"")
        }
    }

    mutating func parseLabelMatcher() throws(ParseAbort) -> LabelMatcher? {
        let nameToken = try peek()
        let name: String
        switch nameToken.kind {
        case .identifier:
            advance()
            name = nameToken.text
            guard Parser.matchType(try peek().kind) != nil else {
                try unexpected("label matching", "label matching operator")
            }
        case .string:
            advance()
            name = unquote(nameToken).string
            if Parser.matchType(try peek().kind) == nil {
                return .equal("__name__", name)
            }
        default:
            try unexpected("label matching", "identifier or \"}\"")
        }
        let opToken = advance()
        let valueToken = try peek()
        guard valueToken.kind == .string else { try unexpected("label matching", "string") }
        advance()
        let value = unquote(valueToken).string
        do {
            return try LabelMatcher(Parser.matchType(opToken.kind)!, name, value)
        } catch {
            addError(error.message, PositionRange(start: nameToken.start, end: valueToken.end))
            return nil
        }
    }

    static func matchType(_ kind: TokenKind) -> LabelMatcher.MatchType? {
        switch kind {
        case .equal: return .equal
        case .neq: return .notEqual
        case .eqlRegex: return .regexMatch
        case .neqRegex: return .regexNoMatch
        default: return nil
        }
    }
}
