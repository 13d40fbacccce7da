/// A struct-like value with fields and methods, or a named Go type (`type KV map[string]string`,
/// `type Alerts []Alert`) that adds methods to a collection.
///
/// Field access `.Name` follows Go: a method called `Name` wins, then a field, then (for a named
/// map) the map key. Methods are ``TemplateFunc``s, so they take arguments with the same arity
/// and type checks as functions: `{{.Remove (stringSlice "a")}}`.
///
/// ```swift
/// struct Alerts: TemplateObject {
///     var alerts: [Alert]
///     var typeName: String { "template.Alerts" }
///     var underlying: TemplateValue? { .list(alerts.map { .object($0) }) }
///     func method(_ name: String) -> TemplateFunc? {
///         name == "Firing" ? TemplateFunc { _ in .object(Alerts(alerts: alerts.filter(\.firing))) } : nil
///     }
/// }
/// ```
public protocol TemplateObject: Sendable {
    /// Go's name for the type, shown in error messages and by `%T`: `template.Data`,
    /// `*template.sample`, `time.Time`.
    var typeName: String { get }

    /// The exported field `name`, or nil when the type has no such field.
    func field(_ name: String) -> TemplateValue?

    /// The method `name`, or nil when the type has no such method.
    func method(_ name: String) -> TemplateFunc?

    /// For a named collection type, the list or map it is: `range`, `index`, `slice`, `len`, truth
    /// and printing use it, and `.key` on a named map reads the key when no method matches.
    var underlying: TemplateValue? { get }

    /// The result of the type's `String()` method when it has one (Go's `fmt.Stringer`): `print`,
    /// `printf "%s"` and `{{.}}` show it.
    var stringerValue: String? { get }

    /// The fields `fmt` prints for a struct without `String()`, in declaration order: `{a b}`,
    /// or `{A:a B:b}` with `%+v`.
    var printedFields: [(name: String, value: TemplateValue)] { get }

    /// Whether Go holds the value through a pointer: `fmt` then prints `&{…}`.
    var isPointer: Bool { get }

    /// Whether the value is a nil pointer: false in `if`, and field access fails with
    /// "nil pointer evaluating …".
    var isNilPointer: Bool { get }

    /// Go's `==` for comparable types (`eq`); nil when the type is not comparable, which makes
    /// `eq` fail like Go's "non-comparable type".
    func isEqual(to other: any TemplateObject) -> Bool?
}

extension TemplateObject {
    public func field(_ name: String) -> TemplateValue? { nil }
    public func method(_ name: String) -> TemplateFunc? { nil }
    public var underlying: TemplateValue? { nil }
    public var stringerValue: String? { nil }
    public var printedFields: [(name: String, value: TemplateValue)] { [] }
    public var isPointer: Bool { false }
    public var isNilPointer: Bool { false }
    public func isEqual(to other: any TemplateObject) -> Bool? { nil }
}
