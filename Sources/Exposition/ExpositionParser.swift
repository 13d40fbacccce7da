import ArgusCore

/// A pull parser for the Prometheus text format 0.0.4 and OpenMetrics 1.0.
///
/// Call ``next()`` until it returns nil. After `.sample`, ``value``,
/// ``timestamp`` and ``seriesRange`` describe the sample without any
/// allocation; ``seriesBytes`` is the raw `name{labels}` text, a stable key
/// for caching series, and ``labels()`` decodes the label set when needed.
/// After `.help`, `.type` and `.unit`, ``metadataName`` and the matching
/// accessor describe the line. Everything the accessors return is valid
/// until the next call to ``next()``.
public struct ExpositionParser {
    /// The kind of line ``next()`` read.
    public enum Entry: Hashable, Sendable {
        case help
        case type
        case unit
        case comment
        case sample
    }

    struct Span {
        var start: Int
        var end: Int
        var escaped: Bool
        var quoted: Bool
    }

    struct LabelSpan {
        var name: Span
        var value: Span
    }

    let input: ExpositionInput
    /// The format being parsed.
    public let format: ExpositionFormat

    var position = 0
    var lineNumber = 0
    var lineStart = 0
    var lineEnd = 0
    var sawEOF = false

    var nameSpan = Span(start: 0, end: 0, escaped: false, quoted: false)
    var labelSpans: [LabelSpan] = []
    var exemplarSpans: [LabelSpan] = []
    var metaText = Span(start: 0, end: 0, escaped: false, quoted: false)

    /// The byte range of the current sample's `name{labels}` text in the input.
    public internal(set) var seriesRange: Range<Int> = 0..<0
    /// The current sample's value.
    public internal(set) var value: Double = 0
    /// The current sample's timestamp in milliseconds, if it has one.
    public internal(set) var timestamp: Int64?
    /// Whether the current sample carries an exemplar (OpenMetrics).
    public internal(set) var hasExemplar = false
    var exemplarValue: Double = 0
    var exemplarTimestamp: Int64?
    /// The type named by the current `# TYPE` line.
    public internal(set) var metricType: MetricType = .unknown

    /// Whether ``next()`` only finds where a sample's `{labels}` end and
    /// leaves checking them to ``checkDeferredLabels()``.
    ///
    /// A scrape loop sees the same series texts every scrape and keeps the
    /// ones it already checked; for those, checking again is wasted work.
    /// The errors are the same as without deferral, provided the caller
    /// checks every text it has not seen before (in this format).
    public var defersLabels = false
    /// Where the current sample's deferred `{` is, or nil when its labels are checked.
    var deferredLabelsOpen: Int?
    /// Whether the current sample's series text is the one passed to ``next(expectingSeries:)``.
    public internal(set) var matchedExpectedSeries = false

    /// Parses `bytes` in `format`. The bytes are copied once.
    public init(_ bytes: some Collection<UInt8>, format: ExpositionFormat) {
        self.input = ExpositionInput(bytes)
        self.format = format
        labelSpans.reserveCapacity(16)
    }

    /// The 1-based number of the line last read.
    public var line: Int { lineNumber }

    /// Reads the next entry, or returns nil at the end of the input.
    public mutating func next() throws(ExpositionError) -> Entry? {
        try next(expectingSeries: nil)
    }

    /// Reads the next entry like ``next()``; with ``defersLabels``, a sample
    /// whose line starts with `expected` (a series text this parser's checks
    /// accepted before, in this format) followed by a blank is delimited by
    /// that comparison instead of a scan, and ``matchedExpectedSeries`` is set.
    public mutating func next(expectingSeries expected: ArraySlice<UInt8>?) throws(ExpositionError) -> Entry? {
        let base = input.base
        let end = input.count
        while position < end {
            lineStart = position
            lineNumber += 1
            lineEnd = input.indexOfNewline(from: position)
            position = lineEnd < end ? lineEnd + 1 : end
            if sawEOF {
                throw error(at: lineStart, "unexpected data after \"# EOF\"")
            }
            var i = lineStart
            if format == .text {
                while i < lineEnd, base[i] == 0x20 || base[i] == 0x09 { i += 1 }
                if i == lineEnd { continue }
            } else if i == lineEnd {
                throw error(at: i, "unexpected empty line")
            }
            if base[i] == UInt8(ascii: "#") {
                let entry = try parseComment(base, i)
                if sawEOF { continue }
                return entry
            }
            try parseSample(base, i, expected: expected)
            return .sample
        }
        if format == .openMetrics && !sawEOF {
            throw error(at: end, "data does not end with \"# EOF\"")
        }
        return nil
    }

    // MARK: Accessors

    /// The raw `name{labels}` bytes of the current sample.
    public var seriesBytes: ArraySlice<UInt8> { input.slice(seriesRange) }

    /// The current sample's metric name.
    public var metricName: String { input.decode(nameSpan) }

    /// Parses and checks the current sample's labels if ``next()``
    /// deferred them (``defersLabels``), throwing the error ``next()`` would
    /// have thrown. Call it before ``labels()``.
    public mutating func checkDeferredLabels() throws(ExpositionError) {
        guard let open = deferredLabelsOpen else { return }
        deferredLabelsOpen = nil
        try parseDeferredLabels(input.base, open)
    }

    /// The current sample's full label set, `__name__` included.
    public func labels() -> Labels {
        assert(deferredLabelsOpen == nil, "labels() before checkDeferredLabels()")
        var result: [Label] = []
        result.reserveCapacity(labelSpans.count + 1)
        result.append(Label(Labels.metricName, input.decode(nameSpan)))
        for span in labelSpans {
            result.append(Label(input.decode(span.name), input.decode(span.value)))
        }
        return Labels(result)
    }

    /// The current sample's labels without `__name__`.
    public func labelsWithoutName() -> Labels {
        assert(deferredLabelsOpen == nil, "labelsWithoutName() before checkDeferredLabels()")
        return Labels(labelSpans.map { Label(input.decode($0.name), input.decode($0.value)) })
    }

    /// The current sample's exemplar, if it has one.
    public func exemplar() -> Exemplar? {
        guard hasExemplar else { return nil }
        let labels = Labels(exemplarSpans.map { Label(input.decode($0.name), input.decode($0.value)) })
        return Exemplar(labels: labels, value: exemplarValue, timestamp: exemplarTimestamp)
    }

    /// The metric family named by the current `# HELP`, `# TYPE` or `# UNIT` line.
    public var metadataName: String { input.decode(nameSpan) }

    /// The text of the current `# HELP` line, unescaped.
    public var helpText: String { input.decodeHelp(metaText, format: format) }

    /// The unit of the current `# UNIT` line.
    public var unitText: String { input.decode(metaText) }

    /// The text of the current comment line, after `#`.
    public var commentText: String { input.decode(metaText) }

    // MARK: Errors

    func error(at offset: Int, _ reason: String) -> ExpositionError {
        ExpositionError(line: max(lineNumber, 1), column: offset - lineStart + 1, offset: offset, reason: reason)
    }

    func describe(_ base: UnsafePointer<UInt8>, _ at: Int) -> String {
        if at >= lineEnd { return "end of line" }
        var stop = at
        while stop < lineEnd, stop - at < 24, base[stop] != 0x20, base[stop] != 0x09 { stop += 1 }
        if stop == at { stop = at + 1 }
        return GoString.quote(String(decoding: UnsafeBufferPointer(start: base + at, count: stop - at), as: UTF8.self))
    }
}
