/// A problem in an exposition body, located by line and column.
public struct ExpositionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line of the problem.
    public var line: Int
    /// The 1-based column (in bytes) of the problem.
    public var column: Int
    /// The byte offset of the problem from the start of the body.
    public var offset: Int
    /// What is wrong, without the position.
    public var reason: String

    public init(line: Int, column: Int, offset: Int, reason: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.reason = reason
    }

    /// `line 3, column 14: expected a float value, got "x"`.
    public var description: String { "line \(line), column \(column): \(reason)" }
}
