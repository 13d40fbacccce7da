import ArgusCore

extension ExpositionParser {
    @inline(__always)
    static func isNameStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b == 0x3A
    }

    @inline(__always)
    static func isNameByte(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= 0x30 && b <= 0x39)
    }

    @inline(__always)
    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Skips separator blanks: any run of spaces and tabs in the text format,
    /// exactly one space in OpenMetrics. Returns the index after them.
    @inline(__always)
    func skipSeparator(_ base: UnsafePointer<UInt8>, _ i: Int, what: String) throws(ExpositionError) -> Int {
        var j = i
        if format == .text {
            while j < lineEnd, Self.isBlank(base[j]) { j += 1 }
            if j == i { throw error(at: i, "expected whitespace before \(what), got \(describe(base, i))") }
        } else {
            guard j < lineEnd, base[j] == 0x20 else {
                throw error(at: i, "expected one space before \(what), got \(describe(base, i))")
            }
            j += 1
            if j < lineEnd, Self.isBlank(base[j]) { throw error(at: j, "unexpected extra whitespace") }
        }
        return j
    }

    // MARK: Comments and metadata

    mutating func parseComment(_ base: UnsafePointer<UInt8>, _ hash: Int) throws(ExpositionError) -> Entry {
        var i = hash + 1
        let keywordStart: Int
        if format == .openMetrics {
            if lineEnd - hash == 5, input.string(hash, lineEnd) == "# EOF" {
                sawEOF = true
                return .comment
            }
            guard i < lineEnd, base[i] == 0x20 else {
                throw error(at: hash, "invalid comment: OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF")
            }
            keywordStart = i + 1
        } else {
            while i < lineEnd, Self.isBlank(base[i]) { i += 1 }
            keywordStart = i
        }
        var keywordEnd = keywordStart
        while keywordEnd < lineEnd, !Self.isBlank(base[keywordEnd]) { keywordEnd += 1 }
        let keyword = input.string(keywordStart, keywordEnd)
        let entry: Entry
        switch keyword {
        case "HELP": entry = .help
        case "TYPE": entry = .type
        case "UNIT" where format == .openMetrics: entry = .unit
        default:
            if format == .openMetrics {
                throw error(
                    at: keywordStart,
                    "invalid comment: OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF"
                )
            }
            metaText = Span(start: hash + 1, end: lineEnd, escaped: false, quoted: false)
            return .comment
        }
        // The text format treats "# HELP" without a following blank as a plain comment.
        if keywordEnd == lineEnd, format == .text {
            metaText = Span(start: hash + 1, end: lineEnd, escaped: false, quoted: false)
            return .comment
        }
        i = try skipSeparator(base, keywordEnd, what: "the metric name")
        nameSpan = try scanMetadataName(base, i)
        i = nameSpan.quoted ? nameSpan.end + 1 : nameSpan.end
        switch entry {
        case .help, .unit:
            var textStart = i
            if i < lineEnd {
                textStart = try skipSeparator(base, i, what: entry == .help ? "the help text" : "the unit")
            }
            metaText = Span(start: textStart, end: lineEnd, escaped: false, quoted: false)
            var k = metaText.start
            while k < metaText.end {
                if base[k] == UInt8(ascii: "\\") {
                    metaText.escaped = true
                    break
                }
                k += 1
            }
            if entry == .unit, format == .openMetrics, metaText.start < metaText.end {
                let name = input.decode(nameSpan)
                let unit = input.string(metaText.start, metaText.end)
                if !name.hasSuffix("_" + unit) {
                    throw error(
                        at: metaText.start,
                        "unit \(GoString.quote(unit)) is not a suffix of metric \(GoString.quote(name))")
                }
            }
            try validateUTF8(base, metaText.start, metaText.end, what: "text")
        case .type:
            let typeStart = try skipSeparator(base, i, what: "the metric type")
            var typeEnd = typeStart
            while typeEnd < lineEnd, !Self.isBlank(base[typeEnd]) { typeEnd += 1 }
            let keyword = UnsafeBufferPointer(start: base + typeStart, count: typeEnd - typeStart)
            guard let type = MetricType(keyword: keyword, format: format) else {
                throw error(at: typeStart, "invalid metric type \(describe(base, typeStart))")
            }
            var rest = typeEnd
            if format == .text { while rest < lineEnd, Self.isBlank(base[rest]) { rest += 1 } }
            guard rest == lineEnd else { throw error(at: rest, "unexpected \(describe(base, rest)) after metric type") }
            metricType = type
        case .comment, .sample:
            break
        }
        return entry
    }

    func scanMetadataName(_ base: UnsafePointer<UInt8>, _ start: Int) throws(ExpositionError) -> Span {
        if start < lineEnd, base[start] == UInt8(ascii: "\"") {
            let span = try scanQuoted(base, start)
            if span.start == span.end { throw error(at: start, "metric name must not be empty") }
            return span
        }
        var i = start
        guard i < lineEnd, Self.isNameStart(base[i]) else {
            throw error(at: start, "invalid metric name \(describe(base, start))")
        }
        i += 1
        while i < lineEnd, Self.isNameByte(base[i]) { i += 1 }
        if i < lineEnd, !Self.isBlank(base[i]) {
            throw error(at: i, "invalid character \(describe(base, i)) in metric name")
        }
        return Span(start: start, end: i, escaped: false, quoted: false)
    }

    // MARK: Samples

    mutating func parseSample(
        _ base: UnsafePointer<UInt8>, _ start: Int, expected: ArraySlice<UInt8>?
    ) throws(ExpositionError) {
        labelSpans.removeAll(keepingCapacity: true)
        hasExemplar = false
        timestamp = nil
        deferredLabelsOpen = nil
        matchedExpectedSeries = false
        var i = start
        var haveName = false
        if Self.isNameStart(base[i]) {
            i += 1
            while i < lineEnd, Self.isNameByte(base[i]) { i += 1 }
            nameSpan = Span(start: start, end: i, escaped: false, quoted: false)
            haveName = true
        } else if base[i] != UInt8(ascii: "{") {
            throw error(at: i, "expected a metric name or '{' at the start of a sample, got \(describe(base, i))")
        }
        if i < lineEnd, base[i] == UInt8(ascii: "{") {
            if defersLabels, haveName, let expected, lineStarts(base, start, with: expected) {
                // Identical bytes parse identically: the label set ends where the expected text does.
                matchedExpectedSeries = true
                deferredLabelsOpen = i
                i = start + expected.count
            } else if defersLabels, haveName, let close = closingBrace(base, i) {
                deferredLabelsOpen = i
                i = close + 1
            } else {
                // Move the reusable array out of self for the call (no copy: it is uniquely referenced).
                var spans = labelSpans
                labelSpans = []
                defer { labelSpans = spans }
                i = try parseLabels(base, i, into: &spans, allowName: !haveName, haveName: &haveName)
            }
        }
        guard haveName else { throw error(at: start, "sample has no metric name") }
        seriesRange = start..<i
        guard deferredLabelsOpen != nil else { return try parseSampleRest(base, i) }
        do {
            try parseSampleRest(base, i)
        } catch {
            // Report the first error on the line, as without deferral.
            try checkDeferredLabels()
            throw error
        }
    }

    /// Parses the deferred `{labels}` of the current sample (whose metric
    /// name precedes them) into the label spans.
    mutating func parseDeferredLabels(_ base: UnsafePointer<UInt8>, _ open: Int) throws(ExpositionError) {
        var spans = labelSpans
        labelSpans = []
        defer { labelSpans = spans }
        var haveName = true
        _ = try parseLabels(base, open, into: &spans, allowName: false, haveName: &haveName)
    }

    /// Whether the line at `start` begins with the label-set-closing text
    /// `series` followed by a blank.
    @inline(__always)
    func lineStarts(_ base: UnsafePointer<UInt8>, _ start: Int, with series: ArraySlice<UInt8>) -> Bool {
        let count = series.count
        guard count > 0, start + count < lineEnd, Self.isBlank(base[start + count]),
            base[start + count - 1] == UInt8(ascii: "}")
        else { return false }
        return series.withUnsafeBufferPointer { memcmpEqual(base + start, $0.baseAddress!, count) }
    }

    /// The index of the `}` closing the label set that opens at `open`,
    /// skipping quoted strings, or nil when the line has none. It delimits
    /// a label set without checking it.
    func closingBrace(_ base: UnsafePointer<UInt8>, _ open: Int) -> Int? {
        var i = open + 1
        while i < lineEnd {
            switch base[i] {
            case UInt8(ascii: "}"):
                return i
            case UInt8(ascii: "\""):
                i += 1
                while i < lineEnd, base[i] != UInt8(ascii: "\"") {
                    i += base[i] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard i < lineEnd else { return nil }
                i += 1
            default:
                i += 1
            }
        }
        return nil
    }

    /// Parses what follows a sample's series text: value, timestamp, exemplar.
    mutating func parseSampleRest(_ base: UnsafePointer<UInt8>, _ seriesEnd: Int) throws(ExpositionError) {
        var i = seriesEnd
        if i < lineEnd, !Self.isBlank(base[i]) {
            throw error(at: i, "invalid character \(describe(base, i)) in metric name")
        }
        i = try skipSeparator(base, i, what: "the value")
        (value, i) = try parseFloatToken(base, i, what: "a float value")
        if i == lineEnd { return }
        i = try skipSeparator(base, i, what: "the timestamp")
        if format == .text {
            if i == lineEnd { return }
            let tsEnd = tokenEnd(base, i)
            guard let ts = Self.parseInt64(base, i, tsEnd) else {
                throw error(at: i, "expected an integer timestamp in milliseconds, got \(describe(base, i))")
            }
            timestamp = ts
            i = tsEnd
            while i < lineEnd, Self.isBlank(base[i]) { i += 1 }
            guard i == lineEnd else { throw error(at: i, "unexpected \(describe(base, i)) after the timestamp") }
            return
        }
        if base[i] != UInt8(ascii: "#") {
            let tsEnd = tokenEnd(base, i)
            timestamp = try parseOpenMetricsTimestamp(base, i, tsEnd)
            i = tsEnd
            if i == lineEnd { return }
            i = try skipSeparator(base, i, what: "the exemplar")
        }
        try parseExemplar(base, i)
    }

    /// Parses `{name="value",...}` starting at the `{`; returns the index after `}`.
    mutating func parseLabels(
        _ base: UnsafePointer<UInt8>,
        _ open: Int,
        into spans: inout [LabelSpan],
        allowName: Bool,
        haveName: inout Bool
    ) throws(ExpositionError) -> Int {
        var i = open + 1
        var first = true
        while true {
            if format == .text { while i < lineEnd, Self.isBlank(base[i]) { i += 1 } }
            guard i < lineEnd else { throw error(at: i, "unterminated label set: expected '}'") }
            if base[i] == UInt8(ascii: "}") { return i + 1 }
            let labelName: Span
            if base[i] == UInt8(ascii: "\"") {
                labelName = try scanQuoted(base, i)
                i = labelName.end + 1
                var k = i
                if format == .text { while k < lineEnd, Self.isBlank(base[k]) { k += 1 } }
                if allowName, first, !haveName, k < lineEnd,
                    base[k] == UInt8(ascii: ",") || base[k] == UInt8(ascii: "}")
                {
                    // {"metric.name", ...}: a quoted UTF-8 metric name.
                    if labelName.start == labelName.end {
                        throw error(at: labelName.start, "metric name must not be empty")
                    }
                    nameSpan = labelName
                    haveName = true
                    first = false
                    i = k
                    if base[i] == UInt8(ascii: ",") { i += 1 }
                    continue
                }
                if labelName.start == labelName.end { throw error(at: labelName.start, "label name must not be empty") }
            } else {
                guard LabelName.isLetterOrUnderscore(base[i]) else {
                    throw error(at: i, "invalid label name \(describe(base, i))")
                }
                let nameStart = i
                i += 1
                while i < lineEnd, LabelName.isLetterOrUnderscore(base[i]) || (base[i] >= 0x30 && base[i] <= 0x39) {
                    i += 1
                }
                labelName = Span(start: nameStart, end: i, escaped: false, quoted: false)
            }
            first = false
            if format == .text { while i < lineEnd, Self.isBlank(base[i]) { i += 1 } }
            guard i < lineEnd, base[i] == UInt8(ascii: "=") else {
                throw error(at: i, "expected '=' after label name, got \(describe(base, i))")
            }
            i += 1
            if format == .text { while i < lineEnd, Self.isBlank(base[i]) { i += 1 } }
            guard i < lineEnd, base[i] == UInt8(ascii: "\"") else {
                throw error(at: i, "expected '\"' to start the label value, got \(describe(base, i))")
            }
            let labelValue = try scanQuoted(base, i)
            i = labelValue.end + 1
            try checkUnique(base, labelName, spans)
            spans.append(LabelSpan(name: labelName, value: labelValue))
            if format == .text { while i < lineEnd, Self.isBlank(base[i]) { i += 1 } }
            guard i < lineEnd else { throw error(at: i, "unterminated label set: expected '}'") }
            if base[i] == UInt8(ascii: ",") {
                i += 1
            } else if base[i] != UInt8(ascii: "}") {
                throw error(at: i, "expected ',' or '}' after label value, got \(describe(base, i))")
            }
        }
    }

    /// Scans a double-quoted string starting at the opening quote; the span
    /// covers the content, and its end is the index of the closing quote.
    func scanQuoted(_ base: UnsafePointer<UInt8>, _ open: Int) throws(ExpositionError) -> Span {
        var i = open + 1
        var escaped = false
        var highBytes = false
        while i < lineEnd {
            let b = base[i]
            if b == UInt8(ascii: "\"") {
                if highBytes { try validateUTF8(base, open + 1, i, what: "label value") }
                return Span(start: open + 1, end: i, escaped: escaped, quoted: true)
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                i += 2
                continue
            }
            if b >= 0x80 { highBytes = true }
            i += 1
        }
        throw error(at: open, "unterminated quoted string")
    }

    func checkUnique(_ base: UnsafePointer<UInt8>, _ name: Span, _ spans: [LabelSpan]) throws(ExpositionError) {
        let length = name.end - name.start
        for other in spans where other.name.end - other.name.start == length {
            if memcmpEqual(base + name.start, base + other.name.start, length), name.escaped == other.name.escaped {
                throw error(at: name.start, "duplicate label name \(GoString.quote(input.decode(name)))")
            }
        }
        if length == 8, input.string(name.start, name.end) == Labels.metricName {
            throw error(at: name.start, "label \"__name__\" must not be set in the label set")
        }
    }

    func validateUTF8(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, what: String) throws(ExpositionError) {
        var i = start
        while i < end {
            let b = base[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF:
                length = 2
                scalar = UInt32(b & 0x1F)
            case 0xE0...0xEF:
                length = 3
                scalar = UInt32(b & 0x0F)
            case 0xF0...0xF4:
                length = 4
                scalar = UInt32(b & 0x07)
            default: throw error(at: i, "invalid UTF-8 in \(what)")
            }
            guard i + length <= end else { throw error(at: i, "invalid UTF-8 in \(what)") }
            for k in 1..<length {
                let c = base[i + k]
                guard c & 0xC0 == 0x80 else { throw error(at: i, "invalid UTF-8 in \(what)") }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
            guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else {
                throw error(at: i, "invalid UTF-8 in \(what)")
            }
            i += length
        }
    }

    // MARK: Numbers

    /// The end of the token starting at `start`: the next blank or the end of the line.
    @inline(__always)
    func tokenEnd(_ base: UnsafePointer<UInt8>, _ start: Int) -> Int {
        var end = start
        while end < lineEnd, !Self.isBlank(base[end]) { end += 1 }
        return end
    }

    /// Parses the float token at `start`, returning it and the index after it.
    @inline(__always)
    func parseFloatToken(_ base: UnsafePointer<UInt8>, _ start: Int, what: String) throws(ExpositionError) -> (
        Double, Int
    ) {
        let end = tokenEnd(base, start)
        guard let parsed = GoFloat.parse(base, start, end, allowHex: false) else {
            throw error(at: start, "expected \(what), got \(describe(base, start))")
        }
        return (parsed, end)
    }

    static func parseInt64(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var i = start
        var negative = false
        if i < end, base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+") {
            negative = base[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < end else { return nil }
        var value: Int64 = 0
        while i < end {
            let b = base[i]
            guard b >= 0x30, b <= 0x39 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) =
                negative ? m.subtractingReportingOverflow(Int64(b - 0x30)) : m.addingReportingOverflow(Int64(b - 0x30))
            if o1 || o2 { return nil }
            value = s
            i += 1
        }
        return value
    }

    func parseOpenMetricsTimestamp(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(ExpositionError)
        -> Int64
    {
        guard let seconds = GoFloat.parse(base, start, end, allowHex: false), seconds.isFinite, abs(seconds) < 9.2e15
        else {
            throw error(at: start, "expected a timestamp in seconds, got \(describe(base, start))")
        }
        return Int64((seconds * 1000).rounded())
    }

    mutating func parseExemplar(_ base: UnsafePointer<UInt8>, _ start: Int) throws(ExpositionError) {
        var i = start
        guard i + 2 < lineEnd, base[i] == UInt8(ascii: "#"), base[i + 1] == 0x20, base[i + 2] == UInt8(ascii: "{")
        else {
            throw error(at: i, "expected an exemplar \"# {labels} value\" or end of line, got \(describe(base, i))")
        }
        i += 2
        var spans = exemplarSpans
        exemplarSpans = []
        spans.removeAll(keepingCapacity: true)
        var noName = true
        do {
            defer { exemplarSpans = spans }
            i = try parseLabels(base, i, into: &spans, allowName: false, haveName: &noName)
        }
        var runes = 0
        for span in exemplarSpans {
            runes += input.decode(span.name).unicodeScalars.count + input.decode(span.value).unicodeScalars.count
        }
        if runes > 128 {
            throw error(at: start, "exemplar labels have \(runes) UTF-8 characters, exceeding the limit of 128")
        }
        i = try skipSeparator(base, i, what: "the exemplar value")
        (exemplarValue, i) = try parseFloatToken(base, i, what: "a float exemplar value")
        exemplarTimestamp = nil
        if i < lineEnd {
            i = try skipSeparator(base, i, what: "the exemplar timestamp")
            let tsEnd = tokenEnd(base, i)
            exemplarTimestamp = try parseOpenMetricsTimestamp(base, i, tsEnd)
            i = tsEnd
            guard i == lineEnd else { throw error(at: i, "unexpected \(describe(base, i)) after the exemplar") }
        }
        hasExemplar = true
    }
}
