import ArgusCore

/// Why an eval was not run: a feature Argus does not have yet.
public enum SkipCategory: String, Hashable, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// The query selects series holding native histograms (loaded as `{{…}}`
    /// or synthesised by `load_with_nhcb`), the expected result contains a
    /// histogram, or the query uses the trim operators `</` `>/`.
    case nativeHistograms = "native histograms"
    /// The query selects series loaded with `@st` lines, or calls `start_timestamp()`.
    case startTimestamps = "start timestamps"

    public var description: String { rawValue }

    public static func < (lhs: SkipCategory, rhs: SkipCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What happened to one `eval` command.
public struct EvalOutcome: Sendable {
    public enum Status: Sendable {
        case passed
        /// The difference between expectation and result, human-readable.
        case failed(String)
        case skipped(SkipCategory)
    }

    /// The script's file name.
    public var file: String
    /// The 1-based line of the eval header.
    public var line: Int
    /// The expression text.
    public var query: String
    public var status: Status

    public init(file: String, line: Int, query: String, status: Status) {
        self.file = file
        self.line = line
        self.query = query
        self.status = status
    }

    /// Whether the eval failed.
    public var isFailure: Bool {
        if case .failed = status { return true }
        return false
    }

    /// `file:line: eval failed: difference` for a failed eval, nil otherwise.
    public var failureLine: String? {
        guard case .failed(let difference) = status else { return nil }
        return "\(file):\(line): eval failed: \(difference)"
    }
}

/// A problem with a whole file: a syntax error (nothing ran) or a failed
/// `load` (nothing after it ran).
public struct FileFailure: Sendable, CustomStringConvertible {
    public var file: String
    /// The 1-based line of the offending command.
    public var line: Int
    public var message: String
    /// The evals that did not run because of it.
    public var evalsNotRun: Int

    public init(file: String, line: Int, message: String, evalsNotRun: Int) {
        self.file = file
        self.line = line
        self.message = message
        self.evalsNotRun = evalsNotRun
    }

    /// `file:line: message`.
    public var description: String {
        let suffix = evalsNotRun > 0 ? " (\(evalsNotRun) evals not run)" : ""
        return "\(file):\(line): \(message)\(suffix)"
    }
}

/// Counts of outcomes: `N passed, M failed, K skipped (native histograms: a, …)`.
///
/// A file failure counts as one failure.
public struct ScriptSummary: Hashable, Sendable, CustomStringConvertible {
    public var passed = 0
    public var failed = 0
    public var skipped: [SkipCategory: Int] = [:]

    public init() {}

    /// All skipped evals.
    public var skippedTotal: Int { skipped.values.reduce(0, +) }

    /// Adds another summary's counts.
    public mutating func add(_ other: ScriptSummary) {
        passed += other.passed
        failed += other.failed
        for (category, count) in other.skipped { skipped[category, default: 0] += count }
    }

    public var description: String {
        var text = "\(passed) passed, \(failed) failed, \(skippedTotal) skipped"
        let categories = SkipCategory.allCases.compactMap { category in
            skipped[category].map { "\(category): \($0)" }
        }
        if !categories.isEmpty { text += " (" + categories.joined(separator: ", ") + ")" }
        return text
    }
}

/// The outcome of running one script.
public struct ScriptReport: Sendable {
    public var file: String
    /// One entry per eval that ran or was skipped, in file order.
    public var outcomes: [EvalOutcome]
    /// A syntax error or failed load, if any.
    public var fileFailure: FileFailure?

    public init(file: String, outcomes: [EvalOutcome] = [], fileFailure: FileFailure? = nil) {
        self.file = file
        self.outcomes = outcomes
        self.fileFailure = fileFailure
    }

    /// The counts of this report.
    public var summary: ScriptSummary {
        var summary = ScriptSummary()
        for outcome in outcomes {
            switch outcome.status {
            case .passed: summary.passed += 1
            case .failed: summary.failed += 1
            case .skipped(let category): summary.skipped[category, default: 0] += 1
            }
        }
        if fileFailure != nil { summary.failed += 1 }
        return summary
    }

    /// One line per failure, in file order.
    public var failureLines: [String] {
        var lines = outcomes.compactMap { outcome in outcome.failureLine.map { (outcome.line, $0) } }
        if let fileFailure { lines.append((fileFailure.line, fileFailure.description)) }
        return lines.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
