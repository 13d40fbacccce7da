import ArgusCore
import PromQL

/// A parsed `.test` script of the upstream PromQL test corpus: `load`,
/// `clear` and `eval` commands in file order (`../shared/promqltest/FORMAT.md`).
///
/// ```swift
/// let script = try Script.parse(text, file: "selectors.test")
/// let report = ScriptRunner().run(script)
/// ```
public struct Script: Sendable {
    /// The file name used in messages.
    public var file: String
    public var commands: [Command]

    public init(file: String, commands: [Command]) {
        self.file = file
        self.commands = commands
    }

    /// One command of a script.
    public enum Command: Sendable {
        case load(LoadCommand)
        /// `clear`: start again with empty storage. The associated value is the 1-based line.
        case clear(line: Int)
        case eval(EvalCommand)
    }

    /// The eval commands, in order.
    public var evals: [EvalCommand] {
        commands.compactMap {
            if case .eval(let eval) = $0 { return eval }
            return nil
        }
    }
}

/// `load ⟨interval⟩` or `load_with_nhcb ⟨interval⟩` with its series (FORMAT §3).
public struct LoadCommand: Sendable {
    /// One series of the block.
    public struct Series: Sendable {
        public var labels: Labels
        public var values: [SequenceValue]
        /// Per value position, the start-timestamp offset from an `@st` line
        /// (nil where the item was `_`); nil when the series has no `@st` line.
        public var startTimestampOffsets: [Int64?]?
        /// The 1-based line of the series description.
        public var line: Int

        public init(labels: Labels, values: [SequenceValue], startTimestampOffsets: [Int64?]? = nil, line: Int) {
            self.labels = labels
            self.values = values
            self.startTimestampOffsets = startTimestampOffsets
            self.line = line
        }
    }

    /// The 1-based line of the header.
    public var line: Int
    /// The gap between consecutive values, in milliseconds.
    public var interval: Int64
    /// `load_with_nhcb`: also synthesise custom-bucket histograms.
    public var withNHCB: Bool
    /// The series, one per label set (a later line with the same labels replaces an earlier one).
    public var series: [Series]

    public init(line: Int, interval: Int64, withNHCB: Bool, series: [Series]) {
        self.line = line
        self.interval = interval
        self.withNHCB = withNHCB
        self.series = series
    }

    /// Whether any series has an `@st` line.
    public var hasStartTimestamps: Bool { series.contains { $0.startTimestampOffsets != nil } }
}

/// `eval instant …` or `eval range …` with its expectations (FORMAT §5).
public struct EvalCommand: Sendable {
    /// Instant or range evaluation, with times in milliseconds.
    public enum Kind: Hashable, Sendable {
        case instant(at: Int64)
        case range(start: Int64, end: Int64, step: Int64)
    }

    /// How an `expect` line matches a message.
    public enum Match: Hashable, Sendable, CustomStringConvertible {
        /// No `msg:`/`regex:` part: anything.
        case any
        /// `msg:` exact text.
        case message(String)
        /// `regex:` unanchored RE2 search.
        case regex(RE2)

        public func matches(_ text: String) -> Bool {
            switch self {
            case .any: return true
            case .message(let message): return message == text
            case .regex(let regex): return regex.contains(text)
            }
        }

        public var description: String {
            switch self {
            case .any: return "any"
            case .message(let message): return "message \(GoString.quote(message))"
            case .regex(let regex): return "pattern \(GoString.quote(regex.pattern))"
            }
        }
    }

    /// An expected series with its values and 1-based position (for ordered checks).
    public struct ExpectedSeries: Sendable {
        public var labels: Labels
        public var values: [SequenceValue]
        public var position: Int
        public var line: Int

        public init(labels: Labels, values: [SequenceValue], position: Int, line: Int) {
            self.labels = labels
            self.values = values
            self.position = position
            self.line = line
        }
    }

    /// `expect range vector from ⟨a⟩ to ⟨b⟩ step ⟨s⟩`, in milliseconds.
    public struct RangeVector: Hashable, Sendable {
        public var start: Int64
        public var end: Int64
        public var step: Int64

        public init(start: Int64, end: Int64, step: Int64) {
            self.start = start
            self.end = end
            self.step = step
        }
    }

    /// The 1-based line of the header.
    public var line: Int
    /// The expression text as written.
    public var query: String
    /// The parsed expression.
    public var expr: Expr
    public var kind: Kind

    // Legacy header suffixes.
    /// `eval_fail`.
    public var legacyFail = false
    /// `eval_warn`: at least one warning.
    public var legacyWarn = false
    /// `eval_info`: at least one info annotation.
    public var legacyInfo = false
    /// `eval_ordered`.
    public var legacyOrdered = false
    /// `expected_fail_message` (exact error text).
    public var expectedFailMessage: String?
    /// `expected_fail_regexp`.
    public var expectedFailRegexp: RE2?

    /// `expect fail` (at most one).
    public var expectFail: [Match] = []
    /// `expect warn` lines.
    public var expectWarn: [Match] = []
    /// `expect info` lines.
    public var expectInfo: [Match] = []
    /// `expect no_warn` was given.
    public var expectNoWarn = false
    /// `expect no_info` was given.
    public var expectNoInfo = false
    /// `expect ordered` was given.
    public var expectOrdered = false

    /// `expect range vector …`.
    public var rangeVector: RangeVector?
    /// `expect string …`, unquoted.
    public var expectedString: String?
    /// A scalar expectation line.
    public var expectedScalar: Double?
    /// Expected series, one per label set, in first-seen order.
    public var expectedSeries: [ExpectedSeries] = []

    public init(line: Int, query: String, expr: Expr, kind: Kind) {
        self.line = line
        self.query = query
        self.expr = expr
        self.kind = kind
    }

    /// Whether the query is expected to fail.
    public var expectsFailure: Bool { legacyFail || !expectFail.isEmpty }
    /// Whether the result must be in the listed order.
    public var isOrdered: Bool { legacyOrdered || expectOrdered }
    /// Whether the range-mode cross-check is skipped for this eval.
    public var excludedFromRangeQuery: Bool { rangeVector != nil || expectedString != nil }

    /// The instant evaluation time: the header's `at`, or the end of `expect range vector`.
    public var evaluationTime: Int64? {
        guard case .instant(let at) = kind else { return nil }
        return rangeVector?.end ?? at
    }

    /// Whether any expected value is a histogram.
    public var expectsHistogram: Bool {
        expectedSeries.contains { $0.values.contains(where: \.isHistogram) }
    }
}
