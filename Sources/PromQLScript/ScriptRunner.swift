import ArgusCore
import PromQL
import Storage

/// Runs ``Script``s against Argus' PromQL engine the way Prometheus'
/// `promqltest` harness does (FORMAT §6, §7): a fresh storage (by default a
/// ``MemoryStorage``) per file and per `clear`, every `eval` judged independently.
///
/// Evals that need features Argus does not have yet are reported as
/// skipped with a ``SkipCategory`` (see ``skipCategory(for:in:)``), never run
/// and never counted as passed.
public struct ScriptRunner: Sendable {
    /// Makes the empty storage each file and each `clear` starts with.
    public typealias StorageFactory = @Sendable () -> any Appendable & Queryable

    /// The engine queries run on.
    public let engine: Engine
    /// Makes the storage scripts load into.
    public let makeStorage: StorageFactory

    /// A runner over `engine` (by default one configured as the corpus
    /// assumes) and storages from `makeStorage` (by default in memory).
    public init(
        engine: Engine = Engine(options: ScriptRunner.engineOptions),
        makeStorage: @escaping StorageFactory = { MemoryStorage() }
    ) {
        self.engine = engine
        self.makeStorage = makeStorage
    }

    /// The engine settings of the upstream harness (`NewTestEngine`): 5m
    /// lookback, 1m default subquery step, at most 10 000 samples per query,
    /// delayed name removal and start timestamps on.
    public static var engineOptions: EngineOptions {
        var options = EngineOptions()
        options.lookbackDelta = 300_000
        options.defaultSubqueryStep = 60_000
        options.maxSamples = 10_000
        options.delayedNameRemoval = true
        options.useStartTimestamps = true
        return options
    }

    /// What the runner knows about the current storage: the data, and which
    /// series hold samples it could not store or the engine cannot use.
    package struct Session {
        package var storage: any Appendable & Queryable
        /// Series holding native histogram samples (loaded, or synthesised by `load_with_nhcb`).
        package var histogramSeries: Set<Labels> = []
        /// Series loaded with start timestamps (`@st` lines) that the
        /// storage could not keep (its appender is no ``StartTimestampAppender``).
        package var startTimestampSeries: Set<Labels> = []

        package init(storage: any Appendable & Queryable = MemoryStorage()) {
            self.storage = storage
        }
    }

    /// Parses `text` and runs it; a syntax error becomes the report's file failure.
    public func run(text: String, file: String) -> ScriptReport {
        do {
            return run(try Script.parse(text, file: file))
        } catch {
            return ScriptReport(
                file: file,
                fileFailure: FileFailure(file: file, line: error.line, message: error.message, evalsNotRun: 0))
        }
    }

    /// Runs every command of `script` in order.
    public func run(_ script: Script) -> ScriptReport {
        var report = ScriptReport(file: script.file)
        var session = Session(storage: makeStorage())
        for (index, command) in script.commands.enumerated() {
            switch command {
            case .clear:
                session = Session(storage: makeStorage())
            case .load(let load):
                do {
                    try ScriptRunner.load(load, into: &session)
                } catch {
                    let notRun = script.commands[(index + 1)...].filter {
                        if case .eval = $0 { return true }
                        return false
                    }.count
                    report.fileFailure = FileFailure(
                        file: script.file, line: load.line, message: "load failed: \(error.message)",
                        evalsNotRun: notRun)
                    return report
                }
            case .eval(let eval):
                let status: EvalOutcome.Status
                if let category = ScriptRunner.skipCategory(for: eval, in: session) {
                    status = .skipped(category)
                } else if let difference = evaluate(eval, on: session.storage) {
                    status = .failed(difference)
                } else {
                    status = .passed
                }
                report.outcomes.append(
                    EvalOutcome(file: script.file, line: eval.line, query: eval.query, status: status))
            }
        }
        return report
    }

    /// Why a `load` failed.
    package struct LoadError: Error {
        package var message: String
    }

    /// Appends the float samples of `load` in one batch, with their start
    /// timestamps when the storage keeps them; histogram samples (which
    /// storage cannot hold yet) and start timestamps it cannot keep are only
    /// recorded in `session` for skipping.
    package static func load(_ load: LoadCommand, into session: inout Session) throws(LoadError) {
        let appender = session.storage.appender()
        let startTimestampAppender = appender as? any StartTimestampAppender
        do {
            for series in load.series {
                var offsets = series.startTimestampOffsets
                if offsets != nil && startTimestampAppender == nil {
                    session.startTimestampSeries.insert(series.labels)
                    offsets = nil
                }
                for (index, value) in series.values.enumerated() {
                    let timestamp = Int64(index) * load.interval
                    switch value {
                    case .omitted:
                        continue
                    case .float(let float):
                        if let offsets, let startTimestampAppender {
                            try startTimestampAppender.append(
                                series.labels, startTimestamp: offsets[index].map { timestamp + $0 } ?? 0,
                                timestamp: timestamp, value: float)
                        } else {
                            try appender.append(series.labels, timestamp: timestamp, value: float)
                        }
                    case .histogram:
                        session.histogramSeries.insert(series.labels)
                    }
                }
            }
        } catch {
            appender.rollback()
            throw LoadError(message: error.message)
        }
        if load.withNHCB {
            do {
                for synthesized in try load.synthesizedHistograms() {
                    session.histogramSeries.insert(synthesized.labels)
                }
            } catch {
                appender.rollback()
                throw LoadError(message: error.message)
            }
        }
        do {
            try appender.commit()
        } catch {
            throw LoadError(message: error.message)
        }
    }

    /// The category an eval is skipped for, or nil when Argus can run it.
    ///
    /// - Native histograms: a selector of the query matches a series that
    ///   holds histogram samples since the last `clear` (loaded as `{{…}}`, or
    ///   synthesised by `load_with_nhcb`), an expected value is a histogram,
    ///   or the query uses `</` or `>/`.
    /// - Start timestamps: a selector matches a series loaded with an `@st`
    ///   line whose start timestamps the storage could not keep.
    package static func skipCategory(for eval: EvalCommand, in session: Session) -> SkipCategory? {
        let selectors = eval.expr.vectorSelectors
        func selectsAny(of series: Set<Labels>) -> Bool {
            guard !series.isEmpty else { return false }
            return selectors.contains { selector in series.contains { $0.matches(selector.matchers) } }
        }
        let usesTrimOperator = eval.expr.contains {
            if case .binary(let binary) = $0 { return binary.op == .trimUpper || binary.op == .trimLower }
            return false
        }
        if eval.expectsHistogram || usesTrimOperator || selectsAny(of: session.histogramSeries) {
            return .nativeHistograms
        }
        if selectsAny(of: session.startTimestampSeries) { return .startTimestamps }
        return nil
    }
}
