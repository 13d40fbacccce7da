import ArgusCore
import Storage

/// The result of evaluating an expression.
public enum Value: Hashable, Sendable {
    case scalar(timestamp: Int64, value: Double)
    case vector([VectorElement])
    case matrix([RangeSeries])
    case string(timestamp: Int64, value: String)

    /// The type of this value.
    public var type: ValueType {
        switch self {
        case .scalar: return .scalar
        case .vector: return .vector
        case .matrix: return .matrix
        case .string: return .string
        }
    }

    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let t1, let v1), .scalar(let t2, let v2)): return t1 == t2 && v1.bitPattern == v2.bitPattern
        case (.vector(let a), .vector(let b)): return a == b
        case (.matrix(let a), .matrix(let b)): return a == b
        case (.string(let t1, let s1), .string(let t2, let s2)): return t1 == t2 && s1 == s2
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
    }
}

/// One element of an instant vector.
public struct VectorElement: Hashable, Sendable {
    public var labels: Labels
    public var timestamp: Int64
    public var value: Double

    public init(labels: Labels, timestamp: Int64, value: Double) {
        self.labels = labels
        self.timestamp = timestamp
        self.value = value
    }

    public static func == (lhs: VectorElement, rhs: VectorElement) -> Bool {
        lhs.labels == rhs.labels && lhs.timestamp == rhs.timestamp && lhs.value.bitPattern == rhs.value.bitPattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
        hasher.combine(timestamp)
    }
}

/// One series of a range vector or range-query result.
public struct RangeSeries: Hashable, Sendable {
    public var labels: Labels
    /// Points in time order.
    public var points: [Sample]

    public init(labels: Labels, points: [Sample]) {
        self.labels = labels
        self.points = points
    }
}

/// A warning or info annotation attached to a query result, as Prometheus
/// returns them in `warnings` and `infos`.
public struct Annotation: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case warning
        case info
    }

    public var kind: Kind
    /// The message without the `PromQL warning: ` / `PromQL info: ` prefix.
    public var message: String
    /// Where the offending sub-expression starts, if known.
    public var position: PositionRange?

    public init(kind: Kind, message: String, position: PositionRange? = nil) {
        self.kind = kind
        self.message = message
        self.position = position
    }

    /// `PromQL warning: message` or `PromQL info: message`.
    public var description: String {
        (kind == .warning ? "PromQL warning: " : "PromQL info: ") + message
    }
}

/// What a query returns: its value and any annotations.
public struct QueryResult: Hashable, Sendable {
    public var value: Value
    public var annotations: [Annotation]
    /// Warnings from storage rather than from PromQL, such as a remote-read
    /// endpoint that failed; the API returns them before the annotations.
    public var storageWarnings: [String] = []

    public init(value: Value, annotations: [Annotation] = []) {
        self.value = value
        self.annotations = annotations
    }
}
