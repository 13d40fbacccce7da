/// A query that could not be evaluated: too many samples, a timeout, a
/// vector-matching conflict, an invalid argument. The message is
/// Prometheus' wording, without a position.
public struct PromQLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is, as the HTTP API's `errorType` reports it.
    public enum Kind: String, Hashable, Sendable {
        /// The query failed while running (`execution`).
        case execution
        /// The query hit the timeout (`timeout`).
        case timeout
        /// The query was cancelled (`canceled`).
        case canceled
        /// Storage could not be read (`internal`).
        case storage
        /// The query is invalid in a way only evaluation finds (`bad_data`).
        case badData = "bad_data"
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind = .execution, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// `query processing would load too many samples into memory in <env>`.
    static func tooManySamples(_ env: String = "query execution") -> PromQLError {
        PromQLError(.execution, "query processing would load too many samples into memory in \(env)")
    }
}
