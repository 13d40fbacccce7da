/// A template that cannot be parsed or executed. ``message`` is Go's text for the same problem:
///
/// - parsing: `template: NAME:LINE: unexpected "}" in operand`
/// - executing: `template: NAME:LINE:COL: executing "NAME" at <.Foo>: error calling foo: boom`
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether the template text or its execution failed.
    public enum Kind: Sendable, Hashable {
        case parse
        case execution
    }

    /// Which stage failed.
    public var kind: Kind
    /// Go's message, starting with `template: `.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
