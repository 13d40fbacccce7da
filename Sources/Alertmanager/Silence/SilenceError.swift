/// A silence that cannot be stored or expired; `message` is Alertmanager
/// 0.25's text (`silence not found`, `silence invalid: …`).
public struct SilenceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound = "not found"
            case invalid
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No silence has the given id.
        public static let notFound = Code(.notFound)
        /// The silence breaks a rule (no matchers, end before start, …).
        public static let invalid = Code(.invalid)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `silence not found`.
    public static let notFound = SilenceError(.notFound, "silence not found")

    /// `silence invalid: <reason>`.
    public static func invalid(_ reason: String) -> SilenceError {
        SilenceError(.invalid, "silence invalid: \(reason)")
    }

    public var description: String { message }
}
