import ArgusCore
import Storage

/// The samples of one series inside a range-vector window at one step, with
/// the window's bounds: what every `*_over_time`, `rate`-like and
/// `deriv`-like function computes on.
struct RangeWindow {
    /// The float samples in the left-open window `(start, end]`, oldest
    /// first, stale markers removed.
    var points: ArraySlice<Sample>
    /// The window's open lower bound (evaluation time − offset − range).
    var start: Int64
    /// The window's closed upper bound (evaluation time − offset).
    var end: Int64
    /// The evaluation step's timestamp.
    var stepTime: Int64
    /// The series' labels (before any name dropping).
    var labels: Labels
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
