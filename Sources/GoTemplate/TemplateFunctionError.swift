/// An error a ``TemplateFunction`` can throw to end execution with a message of its choosing.
public struct TemplateFunctionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as Go's `error.Error()` would say it.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
