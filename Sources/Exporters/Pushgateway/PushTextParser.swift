import ArgusCore

/// A push body in the text format that could not be read.
public struct PushParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line of the problem; nil for problems not tied to a line.
    public var line: Int?
    /// What is wrong.
    public var reason: String

    /// A problem at `line` (nil when not tied to one).
    public init(line: Int?, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// The text the Pushgateway answers with:
    /// `text format parsing error in line 3: expected float as value, got "x"`.
    public var description: String {
        guard let line else { return reason }
        return "text format parsing error in line \(line): \(reason)"
    }
}

/// Reads a push body in the text format 0.0.4 into metric families with
/// the semantics of Go's `expfmt.TextParser`, which the Pushgateway uses:
/// the same grouping of `_count`/`_sum`/`_bucket` lines into summaries and
/// histograms (by name lookup, not position), the same acceptance (a body
/// must end with a newline, a `# TYPE` line may not follow samples of its
/// family, `le`/`quantile` must be floats in histograms/summaries only), the
/// same dropping of families without samples, and the same error texts.
///
/// Scrapes use `Exposition`'s parser, which follows Prometheus' scrape
/// parser instead; the two differ exactly in the cases above.
public struct PushTextParser {
    private let bytes: [UInt8]
    private var position = 0
    private var currentByte: UInt8 = 0
    private var atEnd = false
    private var failure: PushParseError?
    private var lineCount = 0
    private var token: [UInt8] = []

    private var families: [PushedMetricFamily] = []
    /// A family's type stays unset until its `# TYPE` line or first sample.
    private var typeSet: [Bool] = []
    private var indexByName: [String: Int] = [:]
    private var current = 0
    private var metricLabels: [PushedLabel] = []
    private var metricIndex = 0
    private var groupLabels: [String: String] = [:]
    private var groupedMetrics: [String: Int] = [:]
    private var currentQuantile = Double.nan
    private var currentBucket = Double.nan
    private var isCount = false
    private var isSum = false

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses `bytes`; the families are keyed by name.
    public static func parse(_ bytes: [UInt8]) throws(PushParseError) -> [String: PushedMetricFamily] {
        var parser = PushTextParser(bytes)
        return try parser.run()
    }

    private enum State {
        case startOfLine, startComment, readingMetricName, readingLabels, startLabelName, startLabelValue
        case readingValue, startTimestamp, readingHelp, readingType
    }

    private mutating func run() throws(PushParseError) -> [String: PushedMetricFamily] {
        var state: State? = .startOfLine
        while let next = state {
            state = step(next)
        }
        if failure == nil, atEnd, !finishedCleanly {
            parseError("unexpected end of input stream")
        }
        if let failure { throw failure }
        var result: [String: PushedMetricFamily] = [:]
        for family in families where !family.metrics.isEmpty {
            result[family.name] = family
        }
        return result
    }

    private var finishedCleanly = false

    private mutating func step(_ state: State) -> State? {
        switch state {
        case .startOfLine: return startOfLine()
        case .startComment: return startComment()
        case .readingMetricName: return readingMetricName()
        case .readingLabels: return readingLabels()
        case .startLabelName: return startLabelName()
        case .startLabelValue: return startLabelValue()
        case .readingValue: return readingValue()
        case .startTimestamp: return startTimestamp()
        case .readingHelp: return readingHelp()
        case .readingType: return readingType()
        }
    }

    // MARK: Byte input

    /// Reads the next byte into `currentByte`; false (and `atEnd`) at the end.
    private mutating func readByte() -> Bool {
        guard position < bytes.count else {
            atEnd = true
            return false
        }
        currentByte = bytes[position]
        position += 1
        return true
    }

    private static func isBlankOrTab(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    private static func isLabelNameStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F
    }

    private static func isLabelNameContinuation(_ b: UInt8) -> Bool {
        isLabelNameStart(b) || (b >= 0x30 && b <= 0x39)
    }

    private static func isMetricNameStart(_ b: UInt8) -> Bool { isLabelNameStart(b) || b == 0x3A }

    private static func isMetricNameContinuation(_ b: UInt8) -> Bool { isLabelNameContinuation(b) || b == 0x3A }

    /// Skips blanks and tabs; the first other byte is left in `currentByte`.
    private mutating func skipBlankTab() -> Bool {
        while true {
            guard readByte() else { return false }
            if !Self.isBlankOrTab(currentByte) { return true }
        }
    }

    private mutating func skipBlankTabIfCurrentBlankTab() -> Bool {
        Self.isBlankOrTab(currentByte) ? skipBlankTab() : true
    }

    private mutating func readTokenUntilWhitespace() -> Bool {
        token.removeAll(keepingCapacity: true)
        while !Self.isBlankOrTab(currentByte) && currentByte != 0x0A {
            token.append(currentByte)
            guard readByte() else { return false }
        }
        return true
    }

    private mutating func readTokenUntilNewline(recognizeEscapes: Bool) -> Bool {
        token.removeAll(keepingCapacity: true)
        var escaped = false
        while true {
            if recognizeEscapes && escaped {
                switch currentByte {
                case UInt8(ascii: "\\"): token.append(currentByte)
                case UInt8(ascii: "n"): token.append(0x0A)
                default:
                    parseError("invalid escape sequence '\\\(Self.character(currentByte))'")
                    return false
                }
                escaped = false
            } else {
                switch currentByte {
                case 0x0A: return true
                case UInt8(ascii: "\\"): escaped = true
                default: token.append(currentByte)
                }
            }
            guard readByte() else { return false }
        }
    }

    private mutating func readTokenAsMetricName() -> Bool {
        token.removeAll(keepingCapacity: true)
        guard Self.isMetricNameStart(currentByte) else { return true }
        while true {
            token.append(currentByte)
            guard readByte() else { return false }
            if !Self.isMetricNameContinuation(currentByte) { return true }
        }
    }

    private mutating func readTokenAsLabelName() -> Bool {
        token.removeAll(keepingCapacity: true)
        guard Self.isLabelNameStart(currentByte) else { return true }
        while true {
            token.append(currentByte)
            guard readByte() else { return false }
            if !Self.isLabelNameContinuation(currentByte) { return true }
        }
    }

    private mutating func readTokenAsLabelValue() -> Bool {
        token.removeAll(keepingCapacity: true)
        var escaped = false
        while true {
            guard readByte() else { return false }
            if escaped {
                switch currentByte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): token.append(currentByte)
                case UInt8(ascii: "n"): token.append(0x0A)
                default:
                    parseError("invalid escape sequence '\\\(Self.character(currentByte))'")
                    return false
                }
                escaped = false
                continue
            }
            switch currentByte {
            case UInt8(ascii: "\""): return true
            case 0x0A:
                parseError("label value \(Self.quote(token)) contains unescaped new-line")
                return false
            case UInt8(ascii: "\\"): escaped = true
            default: token.append(currentByte)
            }
        }
    }

    private var tokenString: String { String(decoding: token, as: UTF8.self) }

    private mutating func parseError(_ reason: String) {
        failure = PushParseError(line: lineCount, reason: reason)
    }

    // MARK: States

    private mutating func startOfLine() -> State? {
        lineCount += 1
        guard skipBlankTab() else {
            // The end of the input at the start of a line is the one clean end.
            finishedCleanly = true
            return nil
        }
        switch currentByte {
        case UInt8(ascii: "#"): return .startComment
        case 0x0A: return .startOfLine
        default: return .readingMetricName
        }
    }

    private mutating func startComment() -> State? {
        guard skipBlankTab() else { return nil }
        if currentByte == 0x0A { return .startOfLine }
        guard readTokenUntilWhitespace() else { return nil }
        if currentByte == 0x0A { return .startOfLine }
        let keyword = tokenString
        if keyword != "HELP" && keyword != "TYPE" {
            while currentByte != 0x0A {
                guard readByte() else { return nil }
            }
            return .startOfLine
        }
        guard skipBlankTab() else { return nil }
        guard readTokenAsMetricName() else { return nil }
        if currentByte == 0x0A { return .startOfLine }
        if !Self.isBlankOrTab(currentByte) {
            parseError("invalid metric name in comment")
            return nil
        }
        setOrCreateCurrentFamily()
        guard skipBlankTab() else { return nil }
        if currentByte == 0x0A { return .startOfLine }
        return keyword == "HELP" ? .readingHelp : .readingType
    }

    private mutating func readingMetricName() -> State? {
        guard readTokenAsMetricName() else { return nil }
        if token.isEmpty {
            parseError("invalid metric name")
            return nil
        }
        setOrCreateCurrentFamily()
        if !typeSet[current] {
            families[current].type = .untyped
            typeSet[current] = true
        }
        metricLabels = []
        guard skipBlankTabIfCurrentBlankTab() else { return nil }
        return .readingLabels
    }

    private var isGrouped: Bool {
        let type = families[current].type
        return typeSet[current] && (type == .summary || type == .histogram)
    }

    private mutating func readingLabels() -> State? {
        if isGrouped {
            groupLabels = [Labels.metricName: families[current].name]
            currentQuantile = .nan
            currentBucket = .nan
        }
        return currentByte == UInt8(ascii: "{") ? .startLabelName : .readingValue
    }

    private mutating func startLabelName() -> State? {
        guard skipBlankTab() else { return nil }
        if currentByte == UInt8(ascii: "}") {
            guard skipBlankTab() else { return nil }
            return .readingValue
        }
        guard readTokenAsLabelName() else { return nil }
        if token.isEmpty {
            parseError("invalid label name for metric \(GoString.quote(families[current].name))")
            return nil
        }
        let name = tokenString
        if name == Labels.metricName {
            parseError("label name \"__name__\" is reserved")
            return nil
        }
        let type = families[current].type
        let special = (type == .summary && name == "quantile") || (type == .histogram && name == "le")
        if !special {
            metricLabels.append(PushedLabel(name, ""))
        }
        pendingLabelName = name
        guard skipBlankTabIfCurrentBlankTab() else { return nil }
        if currentByte != UInt8(ascii: "=") {
            parseError("expected '=' after label name, found \(Self.quoteByte(currentByte))")
            return nil
        }
        var seen: Set<String> = []
        for label in metricLabels where !seen.insert(label.name).inserted {
            parseError("duplicate label names for metric \(GoString.quote(families[current].name))")
            return nil
        }
        return .startLabelValue
    }

    private var pendingLabelName = ""

    private mutating func startLabelValue() -> State? {
        guard skipBlankTab() else { return nil }
        if currentByte != UInt8(ascii: "\"") {
            parseError("expected '\"' at start of label value, found \(Self.quoteByte(currentByte))")
            return nil
        }
        guard readTokenAsLabelValue() else { return nil }
        guard let value = String(validating: token, as: UTF8.self) else {
            parseError("invalid label value \(Self.quote(token))")
            return nil
        }
        let name = pendingLabelName
        let type = families[current].type
        let special = (type == .summary && name == "quantile") || (type == .histogram && name == "le")
        if !special, let last = metricLabels.indices.last {
            metricLabels[last].value = value
        }
        if type == .summary {
            if name == "quantile" {
                guard let quantile = Self.parseFloat(value) else {
                    parseError("expected float as value for 'quantile' label, got \(GoString.quote(value))")
                    return nil
                }
                currentQuantile = quantile
            } else {
                groupLabels[name] = value
            }
        }
        if type == .histogram {
            if name == "le" {
                guard let bucket = Self.parseFloat(value) else {
                    parseError("expected float as value for 'le' label, got \(GoString.quote(value))")
                    return nil
                }
                currentBucket = bucket
            } else {
                groupLabels[name] = value
            }
        }
        guard skipBlankTab() else { return nil }
        switch currentByte {
        case UInt8(ascii: ","):
            return .startLabelName
        case UInt8(ascii: "}"):
            guard skipBlankTab() else { return nil }
            return .readingValue
        default:
            parseError("unexpected end of label value \(GoString.quote(value))")
            return nil
        }
    }

    private mutating func readingValue() -> State? {
        let type = families[current].type
        if type == .summary || type == .histogram {
            let signature = Self.signature(groupLabels)
            if let existing = groupedMetrics[signature] {
                metricIndex = existing
            } else {
                families[current].metrics.append(PushedMetric(labels: metricLabels))
                metricIndex = families[current].metrics.count - 1
                groupedMetrics[signature] = metricIndex
            }
        } else {
            families[current].metrics.append(PushedMetric(labels: metricLabels))
            metricIndex = families[current].metrics.count - 1
        }
        guard readTokenUntilWhitespace() else { return nil }
        guard let value = Self.parseFloat(tokenString) else {
            parseError("expected float as value, got \(Self.quote(token))")
            return nil
        }
        var metric = families[current].metrics[metricIndex]
        switch type {
        case .counter: metric.counter = value
        case .gauge: metric.gauge = value
        case .untyped: metric.untyped = value
        case .summary:
            var summary = metric.summary ?? PushedSummary()
            if isCount {
                summary.sampleCount = Self.goUInt64(value)
            } else if isSum {
                summary.sampleSum = value
            } else if !currentQuantile.isNaN {
                summary.quantiles.append(PushedQuantile(quantile: currentQuantile, value: value))
            }
            metric.summary = summary
        case .histogram:
            var histogram = metric.histogram ?? PushedHistogram()
            if isCount {
                histogram.sampleCount = Self.goUInt64(value)
            } else if isSum {
                histogram.sampleSum = value
            } else if !currentBucket.isNaN {
                histogram.buckets.append(PushedBucket(upperBound: currentBucket, cumulativeCount: Self.goUInt64(value)))
            }
            metric.histogram = histogram
        case .gaugeHistogram:
            failure = PushParseError(
                line: nil, reason: "unexpected type for metric name \(GoString.quote(families[current].name))")
        }
        families[current].metrics[metricIndex] = metric
        if failure != nil { return nil }
        return currentByte == 0x0A ? .startOfLine : .startTimestamp
    }

    private mutating func startTimestamp() -> State? {
        guard skipBlankTab() else { return nil }
        guard readTokenUntilWhitespace() else { return nil }
        guard let timestamp = Int64(tokenString) else {
            parseError("expected integer as timestamp, got \(Self.quote(token))")
            return nil
        }
        families[current].metrics[metricIndex].timestampMs = timestamp
        guard readTokenUntilNewline(recognizeEscapes: false) else { return nil }
        if !token.isEmpty {
            parseError("spurious string after timestamp: \(Self.quote(token))")
            return nil
        }
        return .startOfLine
    }

    private mutating func readingHelp() -> State? {
        if families[current].help != nil {
            parseError("second HELP line for metric name \(GoString.quote(families[current].name))")
            return nil
        }
        guard readTokenUntilNewline(recognizeEscapes: true) else { return nil }
        families[current].help = tokenString
        return .startOfLine
    }

    private mutating func readingType() -> State? {
        if typeSet[current] {
            parseError(
                "second TYPE line for metric name \(GoString.quote(families[current].name)), "
                    + "or TYPE reported after samples")
            return nil
        }
        guard readTokenUntilNewline(recognizeEscapes: false) else { return nil }
        guard let type = PushedMetricType(keyword: tokenString) else {
            parseError("unknown metric type \(Self.quote(token))")
            return nil
        }
        families[current].type = type
        typeSet[current] = true
        return .startOfLine
    }

    // MARK: Families

    /// Finds the family the current token names: by the exact name first,
    /// then as the `_count`/`_sum` of a summary or the `_count`/`_sum`/
    /// `_bucket` of a histogram; otherwise a new family.
    private mutating func setOrCreateCurrentFamily() {
        isCount = false
        isSum = false
        let name = tokenString
        if let index = indexByName[name] {
            current = index
            return
        }
        if let base = Self.trimSuffix(name, ["_count", "_sum"]), let index = indexByName[base],
            typeSet[index], families[index].type == .summary
        {
            current = index
            isCount = name.hasSuffix("_count")
            isSum = name.hasSuffix("_sum")
            return
        }
        if let base = Self.trimSuffix(name, ["_count", "_sum", "_bucket"]), let index = indexByName[base],
            typeSet[index], families[index].type == .histogram
        {
            current = index
            isCount = name.hasSuffix("_count")
            isSum = name.hasSuffix("_sum")
            return
        }
        families.append(PushedMetricFamily(name: name, type: .untyped))
        typeSet.append(false)
        current = families.count - 1
        indexByName[name] = current
    }

    /// `name` without the first of `suffixes` it ends with (the rest must
    /// not be empty), or nil.
    private static func trimSuffix(_ name: String, _ suffixes: [String]) -> String? {
        for suffix in suffixes where name.utf8.count > suffix.utf8.count && name.hasSuffix(suffix) {
            return String(name.utf8.dropLast(suffix.utf8.count)) ?? nil
        }
        return nil
    }

    /// The identity of a summary or histogram metric: its labels other
    /// than `quantile`/`le`, `__name__` included.
    private static func signature(_ labels: [String: String]) -> String {
        var key = ""
        for name in labels.keys.sorted(by: { $0.utf8Less($1) }) {
            key += name + "\u{FF}" + (labels[name] ?? "") + "\u{FF}"
        }
        return key
    }

    // MARK: Values

    /// Go's `strconv.ParseFloat` as the text parser calls it: `p`, `P` and
    /// `_` are refused, and so are values out of the float64 range.
    static func parseFloat(_ text: String) -> Double? {
        if text.utf8.contains(where: { $0 == UInt8(ascii: "p") || $0 == UInt8(ascii: "P") || $0 == UInt8(ascii: "_") })
        {
            return nil
        }
        guard let value = GoFloat.parse(text) else { return nil }
        if value.isInfinite, text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) { return nil }
        return value
    }

    /// Go's `uint64(f)` for the values a count can take on amd64: fractions
    /// are truncated; NaN, negative and too large values map as Go's
    /// conversion does there.
    static func goUInt64(_ value: Double) -> UInt64 {
        if value.isNaN { return 1 << 63 }
        if value < 0 {
            guard value > -9.223372036854775808e18 else { return 1 << 63 }
            return UInt64(bitPattern: Int64(value))
        }
        if value < 9.223372036854775808e18 { return UInt64(value) }
        if value < 1.8446744073709551616e19 { return UInt64(value) }
        return 1 << 63
    }

    private static func character(_ b: UInt8) -> String {
        b < 0x80 ? String(UnicodeScalar(b)) : "\u{FFFD}"
    }

    /// Go's `%q` of a byte: `'='`.
    private static func quoteByte(_ b: UInt8) -> String {
        b < 0x80 ? GoString.quoteRune(UnicodeScalar(b)) : "'\\x\(String(b, radix: 16))'"
    }

    /// Go's `%q` of bytes that may not be valid UTF-8: invalid bytes as `\xff`.
    static func quote(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return GoString.quote(text) }
        var out = "\""
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                out += GoString.quote(String(Unicode.UTF8.decode(encoded))).dropFirst().dropLast()
            case .error(let length):
                for byte in bytes[offset..<(offset + length)] {
                    out += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
                }
                offset += length
            case .emptyInput:
                break loop
            }
        }
        return out + "\""
    }
}
