import ArgusCore

/// A matcher string that cannot be parsed; the text is Alertmanager's.
public struct MatcherParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Matcher {
    /// Parses a comma-separated list in Alertmanager's matcher syntax, as
    /// used by `matchers:` in the configuration, silences and `amtool`:
    /// `{foo="bar", baz=~"qu.*"}`, braces optional, values quoted or bare,
    /// commas inside quotes kept, a trailing comma allowed.
    public static func parseList(_ text: String) throws(MatcherParseError) -> [Matcher] {
        var body = Substring(text)
        if body.hasPrefix("{") { body = body.dropFirst() }
        if body.hasSuffix("}") { body = body.dropLast() }
        var tokens: [String] = []
        var token = ""
        var insideQuotes = false
        var escaped = false
        for scalar in body.unicodeScalars {
            switch scalar {
            case ",":
                if !insideQuotes {
                    tokens.append(token)
                    token = ""
                    continue
                }
            case "\"":
                if !escaped { insideQuotes.toggle() } else { escaped = false }
            case "\\":
                escaped.toggle()
            default:
                escaped = false
            }
            token.unicodeScalars.append(scalar)
        }
        let last = trimmingGoSpace(Substring(token))
        if !last.isEmpty { tokens.append(String(last)) }
        var result: [Matcher] = []
        for token in tokens { result.append(try parse(token)) }
        return result
    }

    /// Parses one matcher such as `severity=~"warn|crit"` or `team = ops`.
    public static func parse(_ text: String) throws(MatcherParseError) -> Matcher {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func skipSpace() { while index < scalars.count, isGoSpace(scalars[index]) { index += 1 } }
        skipSpace()
        let nameStart = index
        while index < scalars.count, isNameScalar(scalars[index], first: index == nameStart) { index += 1 }
        guard index > nameStart else { throw MatcherParseError("bad matcher format: \(text)") }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index]))
        skipSpace()
        let type: MatchType
        func at(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }
        switch (at(0), at(1)) {
        case ("=", "~"): type = .regexMatch
        case ("=", _): type = .equal
        case ("!", "="): type = .notEqual
        case ("!", "~"): type = .regexNoMatch
        default: throw MatcherParseError("bad matcher format: \(text)")
        }
        index += type.rawValue.unicodeScalars.count
        skipSpace()
        var end = scalars.count
        while end > index, isGoSpace(scalars[end - 1]) { end -= 1 }
        let rawToken = String(String.UnicodeScalarView(scalars[index..<end]))
        var raw = Substring(rawToken).unicodeScalars[...]
        var expectTrailingQuote = false
        if raw.first == "\"" {
            raw = raw.dropFirst()
            expectTrailingQuote = true
        }
        var value = ""
        var escapedNext = false
        var position = raw.startIndex
        while position < raw.endIndex {
            let scalar = raw[position]
            let isLast = raw.index(after: position) == raw.endIndex
            position = raw.index(after: position)
            if escapedNext {
                escapedNext = false
                switch scalar {
                case "n": value += "\n"
                case "\"", "\\": value.unicodeScalars.append(scalar)
                default:
                    value += "\\"
                    value.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\\":
                if !isLast {
                    escapedNext = true
                } else {
                    value += "\\"
                }
            case "\"":
                if !expectTrailingQuote || !isLast {
                    throw MatcherParseError("matcher value contains unescaped double quote: \(rawToken)")
                }
                expectTrailingQuote = false
            default:
                value.unicodeScalars.append(scalar)
            }
        }
        if expectTrailingQuote {
            throw MatcherParseError("matcher value contains unescaped double quote: \(rawToken)")
        }
        do {
            return try Matcher(type, name, value)
        } catch {
            throw MatcherParseError(error.description)
        }
    }

    private static func isGoSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar, first: Bool) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "_", ":": return true
        case "0"..."9": return !first
        default: return false
        }
    }

    private static func trimmingGoSpace(_ text: Substring) -> Substring {
        var text = text
        while let first = text.unicodeScalars.first, isGoSpace(first) { text = text.dropFirst() }
        while let last = text.unicodeScalars.last, isGoSpace(last) { text = text.dropLast() }
        return text
    }
}
