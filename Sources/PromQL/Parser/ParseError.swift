/// A PromQL parse error, formatted as Prometheus formats `ParseErr`:
/// `1:14: parse error: unexpected <op:+>`.
public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The message after `parse error: `, as Prometheus words it.
    public var message: String
    /// The byte range the error refers to; its start gives the line and column.
    public var position: PositionRange
    /// The query that failed to parse.
    public var query: String

    public init(message: String, position: PositionRange, query: String) {
        self.message = message
        self.position = position
        self.query = query
    }

    /// `line:column` of the position's start (1-based, column in bytes), as
    /// Prometheus' `PositionRange.StartPosInput` computes it.
    public var location: String {
        if query.isEmpty { return "unknown position" }
        let bytes = Array(query.utf8)
        guard position.start >= 0, position.start <= bytes.count else { return "invalid position" }
        var line = 1
        var lastLineBreak = -1
        for index in 0..<position.start where bytes[index] == UInt8(ascii: "\n") {
            lastLineBreak = index
            line += 1
        }
        return "\(line):\(position.start - lastLineBreak)"
    }

    public var description: String { "\(location): parse error: \(message)" }
}
