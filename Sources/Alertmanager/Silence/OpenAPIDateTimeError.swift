/// A time in a request body that go-openapi cannot read; `message` is Go's.
public struct OpenAPIDateTimeError: Error, Hashable, Sendable {
    public var message: String
}
