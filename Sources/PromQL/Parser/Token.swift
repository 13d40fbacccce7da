import ArgusCore

/// The kind of a PromQL token, mirroring the item types of Prometheus' lexer.
enum TokenKind: Hashable, Sendable {
    case eof
    /// A lexing error; the token's text is the message.
    case error
    case comment
    case identifier
    /// An identifier containing a colon (`job:rate5m`).
    case metricIdentifier
    case string
    case number
    case duration

    case leftParen, rightParen, leftBrace, rightBrace, leftBracket, rightBracket
    case comma, equal, colon

    // Operators.
    case add, sub, mul, div, mod, pow
    case eqlc, neq, lss, lte, gtr, gte, trimUpper, trimLower
    case eqlRegex, neqRegex
    case at
    case land, lor, lunless, atan2

    /// An aggregation operator keyword (`sum`, `topk`, …).
    case aggregator(AggregateOp)

    // Keywords.
    case bool, by, groupLeft, groupRight, fill, fillLeft, fillRight, ignoring, offset, smoothed, anchored, on, without

    // Preprocessors (`@ start()`, duration functions).
    case start, end, step, range, maxOf, minOf

    /// Keywords recognised case-insensitively outside braces.
    static let keywords: [String: TokenKind] = {
        var table: [String: TokenKind] = [
            "and": .land, "or": .lor, "unless": .lunless, "atan2": .atan2,
            "offset": .offset, "smoothed": .smoothed, "anchored": .anchored, "by": .by, "without": .without,
            "on": .on, "ignoring": .ignoring, "group_left": .groupLeft, "group_right": .groupRight,
            "fill": .fill, "fill_left": .fillLeft, "fill_right": .fillRight, "bool": .bool,
            "start": .start, "end": .end, "step": .step, "range": .range, "max_of": .maxOf, "min_of": .minOf,
            "inf": .number, "nan": .number,
        ]
        for op in AggregateOp.allCases { table[op.rawValue] = .aggregator(op) }
        return table
    }()

    /// The binary operator this token stands for, if any.
    var binaryOperator: BinaryOp? {
        switch self {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        case .atan2: return .atan2
        case .eqlc: return .eql
        case .neq: return .neq
        case .gtr: return .gtr
        case .lss: return .lss
        case .gte: return .gte
        case .lte: return .lte
        case .land: return .and
        case .lor: return .or
        case .lunless: return .unless
        case .trimUpper: return .trimUpper
        case .trimLower: return .trimLower
        default: return nil
        }
    }

    /// The fixed spelling Prometheus' `ItemTypeStr` gives this kind, if it has one.
    var fixedText: String? {
        switch self {
        case .leftParen: return "("
        case .rightParen: return ")"
        case .leftBrace: return "{"
        case .rightBrace: return "}"
        case .leftBracket: return "["
        case .rightBracket: return "]"
        case .comma: return ","
        case .equal: return "="
        case .colon: return ":"
        case .add: return "+"
        case .sub: return "-"
        case .mul: return "*"
        case .div: return "/"
        case .mod: return "%"
        case .pow: return "^"
        case .eqlc: return "=="
        case .neq: return "!="
        case .lss: return "<"
        case .lte: return "<="
        case .gtr: return ">"
        case .gte: return ">="
        case .trimUpper: return "</"
        case .trimLower: return ">/"
        case .eqlRegex: return "=~"
        case .neqRegex: return "!~"
        case .at: return "@"
        case .land: return "and"
        case .lor: return "or"
        case .lunless: return "unless"
        case .atan2: return "atan2"
        case .aggregator(let op): return op.rawValue
        case .bool: return "bool"
        case .by: return "by"
        case .groupLeft: return "group_left"
        case .groupRight: return "group_right"
        case .fill: return "fill"
        case .fillLeft: return "fill_left"
        case .fillRight: return "fill_right"
        case .ignoring: return "ignoring"
        case .offset: return "offset"
        case .smoothed: return "smoothed"
        case .anchored: return "anchored"
        case .on: return "on"
        case .without: return "without"
        case .start: return "start"
        case .end: return "end"
        case .step: return "step"
        case .range: return "range"
        case .maxOf: return "max_of"
        case .minOf: return "min_of"
        default: return nil
        }
    }

    var isOperator: Bool {
        switch self {
        case .add, .sub, .mul, .div, .mod, .pow, .eqlc, .neq, .lss, .lte, .gtr, .gte, .trimUpper, .trimLower,
            .eqlRegex, .neqRegex, .at, .land, .lor, .lunless, .atan2:
            return true
        default: return false
        }
    }

    var isKeyword: Bool {
        switch self {
        case .bool, .by, .groupLeft, .groupRight, .fill, .fillLeft, .fillRight, .ignoring, .offset, .smoothed,
            .anchored, .on, .without:
            return true
        default: return false
        }
    }

    /// Tokens that name a vector selector's metric when they start an expression (`metric_identifier`).
    var isMetricIdentifier: Bool {
        switch self {
        case .identifier, .metricIdentifier, .aggregator, .by, .fill, .fillLeft, .fillRight, .land, .lor,
            .lunless, .offset, .without, .start, .end, .step, .range, .anchored, .smoothed, .maxOf, .minOf:
            return true
        default: return false
        }
    }

    /// Tokens accepted as a label name in `by (…)`, `on (…)` and friends (`maybe_label`).
    var isMaybeLabel: Bool {
        switch self {
        case .identifier, .metricIdentifier, .aggregator, .bool, .by, .groupLeft, .groupRight, .fill, .fillLeft,
            .fillRight, .ignoring, .land, .lor, .lunless, .offset, .on, .start, .end, .atan2, .step, .range,
            .anchored, .smoothed, .maxOf, .minOf:
            return true
        default: return false
        }
    }

    /// Prometheus' `ItemType.desc()` for kinds without a fixed spelling.
    var kindDescription: String {
        switch self {
        case .error: return "error"
        case .eof: return "end of input"
        case .comment: return "comment"
        case .identifier: return "identifier"
        case .metricIdentifier: return "metric identifier"
        case .string: return "string"
        case .number: return "number"
        case .duration: return "duration"
        default: return fixedText ?? "token"
        }
    }
}

/// One lexed token: its kind, byte range and text.
struct Token: Sendable {
    var kind: TokenKind
    /// Byte offset of the first byte.
    var start: Int
    /// Byte offset one past the last byte.
    var end: Int
    /// The token's source text (for `.error`, the message).
    var text: String

    var range: PositionRange { PositionRange(start: start, end: end) }

    /// The token as Prometheus' `Item.String()` renders it.
    var itemString: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return text
        case .identifier, .metricIdentifier: return GoString.quote(text)
        default: break
        }
        if kind.isKeyword { return "<\(text)>" }
        if kind.isOperator { return "<op:\(text)>" }
        if case .aggregator = kind { return "<aggr:\(text)>" }
        if text.utf8.count > 10 {
            let scalars = Array(text.unicodeScalars.prefix(10))
            var prefix = ""
            prefix.unicodeScalars.append(contentsOf: scalars)
            return GoString.quote(prefix) + "..."
        }
        return GoString.quote(text)
    }

    /// The token as Prometheus' `Item.desc()` renders it in "unexpected …" messages.
    var descriptionForError: String {
        if kind.fixedText != nil { return itemString }
        if kind == .eof { return kind.kindDescription }
        return "\(kind.kindDescription) \(itemString)"
    }
}
