import ArgusCore
import Storage

/// The samples of one series inside a range-vector window at one step, with
/// the window's bounds: what every `*_over_time`, `rate`-like and
/// `deriv`-like function computes on.
struct RangeWindow {
    /// The float samples in the left-open window `(start, end]`, oldest
    /// first, stale markers removed. For an `anchored` or `smoothed`
    /// selector (see ``mode``) the window reaches further.
    var points: ArraySlice<Sample>
    /// The window's open lower bound (evaluation time − offset − range).
    var start: Int64
    /// The window's closed upper bound (evaluation time − offset).
    var end: Int64
    /// The evaluation step's timestamp.
    var stepTime: Int64
    /// The series' labels (before any name dropping).
    var labels: Labels
    /// Whether the selector was `anchored` or `smoothed`; only the functions
    /// in ``RangeSelectorMode/anchoredFunctions`` and
    /// ``RangeSelectorMode/smoothedFunctions`` ever see anything but `.standard`.
    var mode: RangeSelectorMode = .standard
    /// The points' start timestamps (same indices as ``points``; 0 where a
    /// sample has none), when the storage keeps them and the engine uses
    /// them (``EngineOptions/useStartTimestamps``). Only `rate`, `irate`,
    /// `increase` and `resets` on a range selector get them.
    var startTimestamps: ArraySlice<Int64>? = nil
}

/// How far a range selector's samples reach past its window `(start, end]`:
/// Prometheus 3's extended range selectors (`promql-extended-range-selectors`).
enum RangeSelectorMode: Sendable {
    /// An ordinary selector: exactly the samples in `(start, end]`.
    case standard
    /// `anchored`: also the samples in `(start − lookback, start]`, so that
    /// the newest of them anchors the window's start.
    case anchored
    /// `smoothed`: also the samples in `(start − lookback, start]` and
    /// `(end, end + lookback]`, so that both bounds can be interpolated.
    case smoothed

    /// The functions an `anchored` selector may be passed to.
    static let anchoredFunctions: Set<String> = ["changes", "delta", "increase", "rate", "resets"]
    /// The functions a `smoothed` selector may be passed to.
    static let smoothedFunctions: Set<String> = ["delta", "increase", "rate"]

    init(_ selector: VectorSelector) {
        self = selector.anchored ? .anchored : selector.smoothed ? .smoothed : .standard
    }

    /// How far before the window's start the samples reach.
    func reachBefore(lookback: Int64) -> Int64 { self == .standard ? 0 : lookback }

    /// How far after the window's end the samples reach.
    func reachAfter(lookback: Int64) -> Int64 { self == .smoothed ? lookback : 0 }
}

/// Per-call information and the sink for annotations.
struct FunctionContext {
    /// The evaluation timestamp of the current step.
    var stepTime: Int64
    /// The call's position in the query text.
    var position: PositionRange
    /// The positions of the call's arguments.
    var argumentPositions: [PositionRange]
    /// Annotations raised so far; functions append to it.
    var annotations: [Annotation] = []
    /// How many windows had a start timestamp overlapping the previous
    /// sample, per metric name: reported once per name with the count, as
    /// Prometheus merges these warnings.
    var startTimeOverlaps: [String: Int] = [:]

    mutating func warn(_ message: String, at position: PositionRange?) {
        annotations.append(Annotation(kind: .warning, message: message, position: position))
    }

    mutating func info(_ message: String, at position: PositionRange?) {
        annotations.append(Annotation(kind: .info, message: message, position: position))
    }
}

/// One argument of a function at one step.
enum StepArgument {
    case vector([StepSample])
    case scalar(Double)
    case string(String)

    var scalarValue: Double {
        if case .scalar(let value) = self { return value }
        return .nan
    }

    var vectorValue: [StepSample] {
        if case .vector(let value) = self { return value }
        return []
    }

    var stringValue: String {
        if case .string(let value) = self { return value }
        return ""
    }
}

/// How a PromQL function is evaluated.
enum FunctionImplementation: Sendable {
    /// A function of one range-vector argument (plus scalar arguments, at the
    /// same steps, in `scalars`), computed per series per step. Returning nil
    /// produces no sample; an invalid scalar argument throws. `keepsName` is true for the functions that act like
    /// an offset and keep `__name__` (`last_over_time`, `first_over_time`).
    case range(
        keepsName: Bool,
        @Sendable (_ window: RangeWindow, _ scalars: [Double], _ context: inout FunctionContext) throws(PromQLError)
            -> Double?
    )
    /// A function evaluated on its arguments' values at each step.
    case step(
        @Sendable (_ arguments: [StepArgument], _ context: inout FunctionContext) throws(PromQLError) -> [StepSample]
    )
}
