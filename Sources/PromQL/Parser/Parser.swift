import ArgusCore

/// Parses PromQL queries into `Expr` trees, with Prometheus 3's grammar,
/// type checks and error messages.
///
/// ```swift
/// let expr = try PromQLParser.parse(#"sum by (job) (rate(http_requests_total[5m]))"#)
/// print(expr)  // sum by (job) (rate(http_requests_total[5m]))
/// ```
public enum PromQLParser {
    /// Parses and type-checks an expression. Throws the first error Prometheus
    /// would report, positioned in `query`.
    public static func parse(_ query: String, options: ParserOptions = .default) throws(ParseError) -> Expr {
        var parser = Parser(query: query, options: options)
        return try parser.parseQuery()
    }

    /// Parses a series selector as used by `match[]` (`up{job="a"}`, `{__name__=~"x.*"}`)
    /// and returns its matchers, the metric name's last. Like Prometheus'
    /// `ParseMetricSelector`, it does not reject selectors that match everything.
    public static func parseMetricSelector(_ selector: String) throws(ParseError) -> [LabelMatcher] {
        var parser = Parser(query: selector, options: .default)
        return try parser.parseMetricSelectorQuery()
    }

    /// Parses several `match[]` selectors.
    public static func parseMetricSelectors(_ selectors: [String]) throws(ParseError) -> [[LabelMatcher]] {
        var result: [[LabelMatcher]] = []
        for selector in selectors { result.append(try parseMetricSelector(selector)) }
        return result
    }
}

/// Thrown inside the parser to stop at the first syntax error (already recorded).
struct ParseAbort: Error {}

/// The recursive-descent parser. It follows the productions of Prometheus'
/// yacc grammar (`generated_parser.y`) and reproduces its error messages,
/// including the context yacc's error recovery adds ("in aggregation",
/// "in grouping opts" …).
struct Parser {
    let query: String
    let options: ParserOptions
    var tokens: [Token]
    var index = 0
    /// End of the last consumed token.
    var lastEnd = 0
    /// Errors in the order Prometheus records them; the first one is reported.
    var errors: [ParseError] = []
    /// Error-recovery contexts of the enclosing productions, innermost last:
    /// (context, expected) as passed to Prometheus' `unexpected`.
    var recoveryContexts: [(context: String, expected: String)] = []

    init(query: String, options: ParserOptions) {
        self.query = query
        self.options = options
        self.tokens = Lexer.tokenize(query)
    }

    // MARK: - Entry points

    mutating func parseQuery() throws(ParseError) -> Expr {
        var parsed: Expr?
        do {
            if try peek().kind == .eof {
                addError("no expression found in input", PositionRange(start: 0, end: 0))
            } else {
                let expr = try parseExpr(0)
                if try peek().kind != .eof { try unexpected() }
                parsed = expr
            }
        } catch {}
        if let first = errors.first { throw first }
        guard let parsed else {
            throw ParseError(message: "unexpected error", position: .init(start: 0, end: 0), query: query)
        }
        var checker = Checker(query: query)
        let checked = checker.check(parsed).expr
        if let first = checker.errors.first { throw first }
        return checked
    }

    mutating func parseMetricSelectorQuery() throws(ParseError) -> [LabelMatcher] {
        var matchers: [LabelMatcher] = []
        do {
            let token = try peek()
            let selector: VectorSelector
            if token.kind == .leftBrace {
                selector = try parseVectorSelector(name: nil)
            } else if token.kind.isMetricIdentifier {
                advance()
                selector = try parseVectorSelector(name: token)
            } else {
                try unexpected()
            }
            if try peek().kind != .eof { try unexpected() }
            matchers = selector.matchers
        } catch {}
        if let first = errors.first { throw first }
        return matchers
    }

    // MARK: - Tokens

    /// The next token. Reading a lexer error records it and stops parsing,
    /// as Prometheus' parser does when its lexer emits an error item.
    mutating func peek() throws(ParseAbort) -> Token {
        let token = tokens[index]
        if token.kind == .error {
            addError(token.text, PositionRange(start: token.start, end: token.end))
            throw ParseAbort()
        }
        return token
    }

    /// The kind of the token after the next one, without error handling.
    func peekKind(after offset: Int = 1) -> TokenKind {
        tokens[min(index + offset, tokens.count - 1)].kind
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        lastEnd = token.end
        return token
    }

    /// Consumes the next token if it has the given kind.
    mutating func accept(_ kind: TokenKind) throws(ParseAbort) -> Token? {
        guard try peek().kind == kind else { return nil }
        return advance()
    }

    /// Consumes a token of the given kind or fails with the innermost recovery context.
    @discardableResult
    mutating func expect(_ kind: TokenKind) throws(ParseAbort) -> Token {
        guard let token = try accept(kind) else { try unexpected() }
        return token
    }

    // MARK: - Errors

    mutating func addError(_ message: String, _ position: PositionRange) {
        errors.append(ParseError(message: message, position: position, query: query))
    }

    /// Reports the next token as unexpected, in the innermost recovery context,
    /// and stops parsing.
    mutating func unexpected() throws(ParseAbort) -> Never {
        if let context = recoveryContexts.last {
            try unexpected(context.context, context.expected)
        }
        try unexpected("", "")
    }

    /// Prometheus' `unexpected(context, expected)`: `unexpected <token>[ in context][, expected …]`.
    mutating func unexpected(_ context: String, _ expected: String) throws(ParseAbort) -> Never {
        let token = try peek()
        var message = "unexpected " + token.descriptionForError
        if !context.isEmpty { message += " in " + context }
        if !expected.isEmpty { message += ", expected " + expected }
        addError(message, token.range)
        throw ParseAbort()
    }

    /// Runs `body` with an error-recovery context pushed.
    mutating func withContext<T>(
        _ context: String,
        _ expected: String,
        _ body: (inout Parser) throws(ParseAbort) -> T
    ) throws(ParseAbort) -> T {
        recoveryContexts.append((context, expected))
        defer { recoveryContexts.removeLast() }
        return try body(&self)
    }
}
