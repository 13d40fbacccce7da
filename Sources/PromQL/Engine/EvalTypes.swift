import ArgusCore
import Storage

/// One element of an instant vector during evaluation. `dropName` marks a
/// sample whose `__name__` is removed at the end of evaluation (delayed name
/// removal, as Prometheus 3 does).
struct StepSample {
    var labels: Labels
    var value: Double
    var dropName: Bool

    init(labels: Labels, value: Double, dropName: Bool = false) {
        self.labels = labels
        self.value = value
        self.dropName = dropName
    }
}

/// A series during evaluation: the points of an instant-vector expression at
/// the evaluator's steps (only the steps where it has a value).
struct EvalSeries {
    var labels: Labels
    var points: [Sample]
    var dropName: Bool
    /// The points' start timestamps, aligned with ``points``: only for the
    /// series of a range selector whose function reads them.
    var startTimestamps: [Int64]?

    init(labels: Labels, points: [Sample] = [], dropName: Bool = false, startTimestamps: [Int64]? = nil) {
        self.labels = labels
        self.points = points
        self.dropName = dropName
        self.startTimestamps = startTimestamps
    }
}

/// A value during evaluation over all steps of one evaluator.
enum EvalValue {
    /// An instant vector (or scalar: one series with empty labels at every step) over the steps.
    case series([EvalSeries])
    /// A string literal.
    case string(String)
}
