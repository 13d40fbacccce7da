import ArgusCore

/// One position of an expanded value sequence.
public enum SequenceValue: Hashable, Sendable, CustomStringConvertible {
    /// `_`: no sample at this position.
    case omitted
    /// A float value (possibly the stale marker).
    case float(Double)
    /// A native histogram; `hintSet` records that the literal spelled out
    /// `counter_reset_hint:`, so the hint is compared (FORMAT §6.3).
    case histogram(ScriptHistogram, hintSet: Bool)

    public static func == (lhs: SequenceValue, rhs: SequenceValue) -> Bool {
        switch (lhs, rhs) {
        case (.omitted, .omitted): return true
        case (.float(let a), .float(let b)): return a.bitPattern == b.bitPattern
        case (.histogram(let a, let x), .histogram(let b, let y)): return a == b && x == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .omitted: hasher.combine(0)
        case .float(let value): hasher.combine(value.bitPattern)
        case .histogram(let histogram, _): hasher.combine(histogram)
        }
    }

    /// `_`, a float as Go prints it (`stale` for the stale marker), or a histogram literal.
    public var description: String {
        switch self {
        case .omitted: return "_"
        case .float(let value): return StaleMarker.isStale(value) ? "stale" : GoFloat.formatG(value)
        case .histogram(let histogram, _): return histogram.description
        }
    }

    /// Whether this is a histogram.
    public var isHistogram: Bool {
        if case .histogram = self { return true }
        return false
    }
}

/// A parsed series description line: `metric{labels} values…` (FORMAT §4).
public struct SeriesDescription: Hashable, Sendable {
    public var labels: Labels
    public var values: [SequenceValue]

    public init(labels: Labels, values: [SequenceValue]) {
        self.labels = labels
        self.values = values
    }

    /// Parses one (trimmed) series description line.
    ///
    /// - Throws: ``SeriesDescriptionError`` with the 1-based column of the problem.
    public static func parse(_ line: String) throws(SeriesDescriptionError) -> SeriesDescription {
        var parser = SeriesDescriptionParser(line)
        return try parser.parse()
    }
}

/// A syntax error in a series description.
public struct SeriesDescriptionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based column (in bytes) where the problem was found.
    public var column: Int
    public var message: String

    public init(column: Int, _ message: String) {
        self.column = column
        self.message = message
    }

    /// `column 12: unexpected …`.
    public var description: String { "column \(column): \(message)" }
}

/// The byte-level parser behind ``SeriesDescription/parse(_:)``, following
/// the PromQL lexer's series mode and the series grammar of Prometheus'
/// `generated_parser.y`.
struct SeriesDescriptionParser {
    private let bytes: [UInt8]
    private var position = 0

    init(_ line: String) {
        bytes = Array(line.utf8)
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }
    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private func error(_ message: String, at column: Int? = nil) -> SeriesDescriptionError {
        SeriesDescriptionError(column: (column ?? position) + 1, message)
    }

    private func describeCurrent() -> String {
        guard position < bytes.count else { return "end of line" }
        var end = position + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return GoString.quote(String(decoding: bytes[position..<end], as: UTF8.self))
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isAlpha(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }
    static func isAlphaNumeric(_ byte: UInt8) -> Bool { isAlpha(byte) || isDigit(byte) }

    mutating func parse() throws(SeriesDescriptionError) -> SeriesDescription {
        let labels = try parseMetric()
        var values: [SequenceValue] = []
        while position < bytes.count {
            guard let byte = current, SeriesDescriptionParser.isSpace(byte) else {
                throw error("unexpected \(describeCurrent()) in series description, expected a space before the values")
            }
            while let byte = current, SeriesDescriptionParser.isSpace(byte) { position += 1 }
            guard position < bytes.count else { break }
            try values.append(contentsOf: parseItem())
            if let byte = current, !SeriesDescriptionParser.isSpace(byte) {
                throw error("unexpected \(describeCurrent()) in series values")
            }
        }
        return SeriesDescription(labels: labels, values: values)
    }

    // MARK: Metric

    private mutating func parseMetric() throws(SeriesDescriptionError) -> Labels {
        var name: String?
        if let byte = current, SeriesDescriptionParser.isAlpha(byte) || byte == UInt8(ascii: ":") {
            let start = position
            while let byte = current, SeriesDescriptionParser.isAlphaNumeric(byte) || byte == UInt8(ascii: ":") {
                position += 1
            }
            name = String(decoding: bytes[start..<position], as: UTF8.self)
        }
        var items: [Label] = []
        if current == UInt8(ascii: "{") {
            if peek(1) == UInt8(ascii: "{") { throw error("unexpected histogram in place of a metric") }
            items = try parseLabelSet()
        } else if name == nil {
            throw error("unexpected \(describeCurrent()) at the start of a series description, expected a metric")
        }
        guard let name else { return Labels(items) }
        // Prometheus builds `name{…}` with a labels.Builder, which drops empty values.
        var builder = Labels.Builder(Labels(items.filter { !$0.value.isEmpty }))
        builder.set(Labels.metricName, name)
        return builder.labels
    }

    private mutating func skipSpaces() {
        while let byte = current, SeriesDescriptionParser.isSpace(byte) { position += 1 }
    }

    private mutating func parseLabelSet() throws(SeriesDescriptionError) -> [Label] {
        position += 1  // {
        var labels: [Label] = []
        skipSpaces()
        if current == UInt8(ascii: "}") {
            position += 1
            return labels
        }
        while true {
            skipSpaces()
            let nameStart = position
            let labelName: String
            var quotedName = false
            if let byte = current, SeriesDescriptionParser.isAlpha(byte) {
                while let byte = current, SeriesDescriptionParser.isAlphaNumeric(byte) { position += 1 }
                labelName = String(decoding: bytes[nameStart..<position], as: UTF8.self)
            } else if let byte = current,
                byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`")
            {
                labelName = try parseString()
                quotedName = true
            } else {
                throw error("unexpected \(describeCurrent()) in label set, expected identifier or \"}\"")
            }
            skipSpaces()
            if current == UInt8(ascii: "=") && peek(1) != UInt8(ascii: "~") {
                position += 1
                skipSpaces()
                guard let byte = current,
                    byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`")
                else { throw error("unexpected \(describeCurrent()) in label set, expected string") }
                labels.append(Label(labelName, try parseString()))
            } else if quotedName {
                labels.append(Label(Labels.metricName, labelName))
            } else {
                throw error("unexpected \(describeCurrent()) in label set, expected \"=\"")
            }
            skipSpaces()
            if current == UInt8(ascii: ",") {
                position += 1
                skipSpaces()
                if current == UInt8(ascii: "}") {
                    position += 1
                    return labels
                }
                continue
            }
            if current == UInt8(ascii: "}") {
                position += 1
                return labels
            }
            throw error("unexpected \(describeCurrent()) in label set, expected \",\" or \"}\"")
        }
    }

    private mutating func parseString() throws(SeriesDescriptionError) -> String {
        let start = position
        let quote = bytes[position]
        position += 1
        while let byte = current, byte != quote {
            if byte == UInt8(ascii: "\\") && quote != UInt8(ascii: "`") { position += 1 }
            position += 1
        }
        guard current == quote else { throw error("unterminated quoted string", at: start) }
        position += 1
        let literal = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = GoString.unquote(literal, singleQuotedStrings: true) else {
            throw error("invalid string literal \(literal)", at: start)
        }
        return value
    }

    // MARK: Values

    private mutating func parseItem() throws(SeriesDescriptionError) -> [SequenceValue] {
        if current == UInt8(ascii: "{") && peek(1) == UInt8(ascii: "{") {
            return try parseHistogramItem()
        }
        if current == UInt8(ascii: "_") && (peek(1).map { !SeriesDescriptionParser.isAlphaNumeric($0) } ?? true) {
            position += 1
            return [.omitted]
        }
        if current == UInt8(ascii: "_") && peek(1) == UInt8(ascii: "x") {
            position += 2
            let times = try parseRepetition()
            return Array(repeating: .omitted, count: Int(times))
        }
        var value = try parseSeriesValue()
        if current == UInt8(ascii: "x") {
            position += 1
            let times = try parseRepetition()
            return Array(repeating: .float(value), count: Int(times) + 1)
        }
        if let sign = current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            position += 1
            var delta = try parseNumber()
            if sign == UInt8(ascii: "-") { delta = -delta }
            guard current == UInt8(ascii: "x") else {
                throw error("unexpected \(describeCurrent()) in series values, expected \"x\" and a repetition count")
            }
            position += 1
            let times = try parseRepetition()
            // Repeated addition, not value + i·delta: reproduces Go's bits.
            var values: [SequenceValue] = []
            values.reserveCapacity(Int(times) + 1)
            for _ in 0...times {
                values.append(.float(value))
                value += delta
            }
            return values
        }
        return [.float(value)]
    }

    /// `stale`, a number, or a sign and a number.
    private mutating func parseSeriesValue() throws(SeriesDescriptionError) -> Double {
        if let sign = current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            position += 1
            let value = try parseNumber()
            return sign == UInt8(ascii: "-") ? -value : value
        }
        if let byte = current, SeriesDescriptionParser.isAlpha(byte) {
            let start = position
            let word = scanWord()
            if word == "stale" { return StaleMarker.value }
            position = start
            let lowered = word.lowercased()
            if lowered == "inf" || lowered == "nan" { return try parseNumber() }
            throw error(
                "unexpected identifier \(GoString.quote(word)) in series values, expected number or \"stale\"",
                at: start)
        }
        return try parseNumber()
    }

    /// A word as the lexer reads identifiers: letters, digits, `_` and `:`.
    private mutating func scanWord() -> String {
        let start = position
        while let byte = current, SeriesDescriptionParser.isAlphaNumeric(byte) || byte == UInt8(ascii: ":") {
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// An unsigned number token (`Inf`/`NaN` in any case included).
    private mutating func parseNumber() throws(SeriesDescriptionError) -> Double {
        let start = position
        if let byte = current, SeriesDescriptionParser.isAlpha(byte) {
            let word = scanWord()
            let lowered = word.lowercased()
            guard lowered == "inf" || lowered == "nan" else {
                throw error(
                    "unexpected identifier \(GoString.quote(word)) in series values, expected number", at: start)
            }
            return lowered == "inf" ? .infinity : GoFloat.parsedNaN
        }
        let token = try scanNumberToken()
        guard let value = GoFloat.parseNumberToken(token) else {
            throw error("error parsing number: \(GoString.quote(token))", at: start)
        }
        return value
    }

    /// The PromQL lexer's `scanNumber` in series mode: `[.]digits`, one dot,
    /// one exponent, `_` separators; no hexadecimal. The number must not run
    /// into a letter or digit other than the repetition `x`.
    private mutating func scanNumberToken() throws(SeriesDescriptionError) -> String {
        let start = position
        func bad(_ parser: SeriesDescriptionParser) -> SeriesDescriptionError {
            let end = Swift.min(parser.position + 1, parser.bytes.count)
            return parser.error(
                "bad number syntax: \(GoString.quote(String(decoding: parser.bytes[start..<end], as: UTF8.self)))",
                at: start)
        }
        func isDigit(_ byte: UInt8?) -> Bool { byte.map(SeriesDescriptionParser.isDigit) ?? false }
        func isIn(_ byte: UInt8?, _ set: String) -> Bool { byte.map { set.utf8.contains($0) } ?? false }
        if current == UInt8(ascii: ".") { position += 1 }
        if isDigit(current) { position += 1 }
        var dotConsumed = false
        var exponentConsumed = false
        while isIn(current, "0123456789._eE") {
            if current == UInt8(ascii: ".") {
                if dotConsumed { throw bad(self) }
                position += 1
                dotConsumed = true
                if isIn(current, "_.") { throw bad(self) }
                continue
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                if exponentConsumed { throw bad(self) }
                position += 1
                exponentConsumed = true
                if isIn(current, "+-") { position += 1 }
                if isIn(current, "._eE") || current == nil { throw bad(self) }
                continue
            }
            if current == UInt8(ascii: "_") {
                position += 1
                if isIn(current, "._eE") || current == nil { throw bad(self) }
                continue
            }
            while isDigit(current) { position += 1 }
        }
        if position == start { throw error("unexpected \(describeCurrent()) in series values, expected a number") }
        if let next = current, next != UInt8(ascii: "x"), SeriesDescriptionParser.isAlphaNumeric(next) {
            throw bad(self)
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// The count after `x`: decimal digits that fit an unsigned 64-bit integer.
    private mutating func parseRepetition() throws(SeriesDescriptionError) -> UInt64 {
        let start = position
        let token: String
        do {
            token = try scanNumberToken()
        } catch {
            throw self.error("invalid repetition in series values: \(error.message)", at: start)
        }
        guard token.utf8.allSatisfy(SeriesDescriptionParser.isDigit), let count = UInt64(token) else {
            throw error("invalid repetition in series values: \(GoString.quote(token))", at: start)
        }
        // Far beyond anything a test needs; refuse before allocating.
        guard count < 10_000_000 else { throw error("repetition count \(count) is too large", at: start) }
        return count
    }

    // MARK: Histograms

    private mutating func parseHistogramItem() throws(SeriesDescriptionError) -> [SequenceValue] {
        let (base, baseHintSet) = try parseHistogram()
        if current == UInt8(ascii: "x") {
            position += 1
            let times = try parseRepetition()
            return Array(repeating: .histogram(base, hintSet: baseHintSet), count: Int(times) + 1)
        }
        guard let sign = current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else {
            return [.histogram(base, hintSet: baseHintSet)]
        }
        position += 1
        guard current == UInt8(ascii: "{") && peek(1) == UInt8(ascii: "{") else {
            throw error("unexpected \(describeCurrent()) after histogram, expected a histogram increment")
        }
        let (increment, hintSet) = try parseHistogram()
        guard current == UInt8(ascii: "x") else {
            throw error("unexpected \(describeCurrent()) in series values, expected \"x\" and a repetition count")
        }
        position += 1
        let times = try parseRepetition()
        var values: [SequenceValue] = [.histogram(base, hintSet: hintSet)]
        var running = base
        for _ in 0..<times {
            if running.schema > increment.schema {
                throw error(
                    "error combining histograms: cannot merge from schema \(increment.schema) to \(running.schema)")
            }
            do {
                running = try running.combined(with: increment, subtracting: sign == UInt8(ascii: "-"))
            } catch {
                throw self.error("error combining histograms: \(error.message)")
            }
            values.append(.histogram(running, hintSet: hintSet))
        }
        return values
    }

    /// `{{ field… }}`; returns the histogram and whether `counter_reset_hint:` was given.
    private mutating func parseHistogram() throws(SeriesDescriptionError) -> (ScriptHistogram, Bool) {
        position += 2  // {{
        var histogram = ScriptHistogram()
        var seen: Set<String> = []
        var hintSet = false
        var positiveOffset: Int32 = 0
        var negativeOffset: Int32 = 0
        var positiveCounts: [Double] = []
        var negativeCounts: [Double] = []
        if let byte = current, SeriesDescriptionParser.isSpace(byte) {
            skipSpaces()
            guard current == UInt8(ascii: "}") && peek(1) == UInt8(ascii: "}") else {
                throw error("unexpected space after \"{{\" in histogram description")
            }
        }
        while !(current == UInt8(ascii: "}") && peek(1) == UInt8(ascii: "}")) {
            guard current != nil else { throw error("unterminated histogram description, expected \"}}\"") }
            let keyStart = position
            guard let byte = current, SeriesDescriptionParser.isAlpha(byte) else {
                throw error("unexpected \(describeCurrent()) in histogram description, expected a key such as buckets:")
            }
            while let byte = current, SeriesDescriptionParser.isAlpha(byte) || SeriesDescriptionParser.isDigit(byte) {
                position += 1
            }
            let key = String(decoding: bytes[keyStart..<position], as: UTF8.self).lowercased()
            let keys: Set<String> = [
                "schema", "sum", "count", "z_bucket", "z_bucket_w", "buckets", "offset", "n_buckets", "n_offset",
                "custom_values", "counter_reset_hint",
            ]
            guard keys.contains(key) else {
                throw error("bad histogram descriptor found: \(GoString.quote(key))", at: keyStart)
            }
            guard current == UInt8(ascii: ":") else { throw error("missing `:` for histogram descriptor") }
            position += 1
            guard seen.insert(key).inserted else {
                throw error("duplicate key \"\(key)\" in histogram", at: keyStart)
            }
            switch key {
            case "schema": histogram.schema = try parseHistogramInt()
            case "offset": positiveOffset = try parseHistogramInt()
            case "n_offset": negativeOffset = try parseHistogramInt()
            case "sum": histogram.sum = try parseHistogramNumber(signed: true)
            case "count": histogram.count = try parseHistogramNumber(signed: true)
            case "z_bucket": histogram.zeroCount = try parseHistogramNumber(signed: true)
            case "z_bucket_w": histogram.zeroThreshold = try parseHistogramNumber(signed: false)
            case "buckets": positiveCounts = try parseBucketList()
            case "n_buckets": negativeCounts = try parseBucketList()
            case "custom_values": histogram.customValues = try parseBucketList()
            default:
                let hintStart = position
                let word = scanWord().lowercased()
                guard let hint = ScriptHistogram.CounterResetHint(rawValue: word) else {
                    throw error("unknown counter_reset_hint \(GoString.quote(word))", at: hintStart)
                }
                histogram.counterResetHint = hint
                hintSet = true
            }
            if current == UInt8(ascii: "}") && peek(1) == UInt8(ascii: "}") { break }
            guard let byte = current, SeriesDescriptionParser.isSpace(byte) else {
                throw error("unexpected \(describeCurrent()) in histogram description")
            }
            skipSpaces()
        }
        position += 2  // }}
        histogram.positive = ScriptHistogram.Buckets(offset: positiveOffset, counts: positiveCounts)
        histogram.negative = ScriptHistogram.Buckets(offset: negativeOffset, counts: negativeCounts)
        return (histogram, hintSet)
    }

    private mutating func parseHistogramInt() throws(SeriesDescriptionError) -> Int32 {
        let start = position
        var negative = false
        if current == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        let digitsStart = position
        while let byte = current, SeriesDescriptionParser.isDigit(byte) { position += 1 }
        guard position > digitsStart,
            let magnitude = Int32(String(decoding: bytes[digitsStart..<position], as: UTF8.self))
        else { throw error("expected an integer in histogram description", at: start) }
        return negative ? -magnitude : magnitude
    }

    private mutating func parseHistogramNumber(signed: Bool) throws(SeriesDescriptionError) -> Double {
        if signed, let sign = current, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            position += 1
            let value = try parseNumber()
            return sign == UInt8(ascii: "-") ? -value : value
        }
        return try parseNumber()
    }

    private mutating func parseBucketList() throws(SeriesDescriptionError) -> [Double] {
        guard current == UInt8(ascii: "[") else { throw error("expected \"[\" to start a bucket list") }
        position += 1
        var values: [Double] = []
        if let byte = current, SeriesDescriptionParser.isSpace(byte) {
            throw error("unexpected space after \"[\" in bucket list")
        }
        while true {
            values.append(try parseHistogramNumber(signed: true))
            skipSpaces()
            if current == UInt8(ascii: "]") {
                position += 1
                return values
            }
            guard current != nil, current != UInt8(ascii: "}") else {
                throw error("unterminated bucket list, expected \"]\"")
            }
        }
    }
}
