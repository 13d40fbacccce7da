/// A script that cannot be run: a syntax error in any command (FORMAT §5.7).
/// The whole file fails before anything runs.
public struct ScriptError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidCommand
            case invalidLoad
            case invalidSeries
            case invalidStartTimestamps
            case invalidEval
            case invalidExpression
            case invalidExpect
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A line that starts no known command.
        public static let invalidCommand = Code(.invalidCommand)
        /// A malformed `load` header or interval.
        public static let invalidLoad = Code(.invalidLoad)
        /// A series description that does not parse.
        public static let invalidSeries = Code(.invalidSeries)
        /// A malformed or misplaced `@st` line.
        public static let invalidStartTimestamps = Code(.invalidStartTimestamps)
        /// A malformed `eval` header or body line.
        public static let invalidEval = Code(.invalidEval)
        /// An `eval` expression that is not valid PromQL.
        public static let invalidExpression = Code(.invalidExpression)
        /// A malformed or contradictory `expect` line.
        public static let invalidExpect = Code(.invalidExpect)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The script's file name as given to ``Script/parse(_:file:)``.
    public var file: String
    /// The 1-based line of the problem.
    public var line: Int
    public var message: String

    public init(_ code: Code, file: String, line: Int, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`.
    public var description: String { "\(file):\(line): \(message)" }
}
