/// The body of a template function or method: it receives the evaluated arguments, already
/// checked against the declared parameter types, and returns one value. Throwing ends the
/// execution with Go's "error calling NAME: MESSAGE", where MESSAGE is the error's description.
public typealias TemplateFunction = @Sendable ([TemplateValue]) throws -> TemplateValue

/// A function a template can call by name (registered with ``Template``), or a method of a
/// ``TemplateObject``, with its Go signature.
///
/// The signature drives Go's checks before the body runs: the argument count ("wrong number of
/// args for NAME: want 2 got 1") and each argument's type ("wrong type for value; expected
/// string; got int", or for a literal "expected string; found 1").
///
/// ```swift
/// let upper = TemplateFunc(parameters: [.string]) { args in
///     .string(args[0].stringValue?.uppercased() ?? "")
/// }
/// let args = TemplateFunc(variadic: .any) { .list($0) }
/// ```
public struct TemplateFunc: Sendable {
    /// The types of the fixed parameters.
    public var parameters: [TemplateType]
    /// The element type of a trailing variadic parameter (`...T`), if the function has one.
    public var variadic: TemplateType?
    /// The implementation.
    public var body: TemplateFunction

    /// A function with fixed `parameters` and, when `variadic` is given, any number of further
    /// arguments of that type.
    public init(
        parameters: [TemplateType] = [],
        variadic: TemplateType? = nil,
        _ body: @escaping TemplateFunction
    ) {
        self.parameters = parameters
        self.variadic = variadic
        self.body = body
    }

    /// A function taking exactly `arity` arguments of any type.
    public init(arity: Int, _ body: @escaping TemplateFunction) {
        self.init(parameters: Array(repeating: .any, count: max(0, arity)), body)
    }

    /// Go's spelling of the function type, for error messages and `%T`.
    public var typeName: String {
        var names = parameters.map(\.name)
        if let variadic { names.append("..." + variadic.name) }
        return "func(" + names.joined(separator: ", ") + ") interface {}"
    }
}
