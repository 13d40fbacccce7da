import ArgusCore
import ArgusHTTP

/// A silence request that Alertmanager 0.25's API v2 rejects, with the
/// status and body (always `application/json`) it answers with.
public struct SilenceAPIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 400, 404, 422 or 500.
    public var status: Int
    /// The human-readable text inside the body.
    public var message: String
    /// The response body, byte for byte as 0.25 sends it.
    public var body: [UInt8]

    /// A handler error: the message as a JSON string and a newline, as the
    /// generated handlers write payloads (`"silence not found"`).
    public static func payload(_ status: Int, _ message: String) -> SilenceAPIError {
        var writer = JSONWriter()
        writer.string(message)
        writer.byte(UInt8(ascii: "\n"))
        return SilenceAPIError(status: status, message: message, body: writer.bytes)
    }

    /// A request the OpenAPI layer refuses before any handler runs:
    /// `{"code":602,"message":"comment in body is required"}`.
    public static func openAPI(_ status: Int, code: Int, _ message: String) -> SilenceAPIError {
        var writer = JSONWriter()
        writer.raw("{\"code\":")
        writer.int(Int64(code))
        writer.raw(",\"message\":")
        writer.string(message)
        writer.byte(UInt8(ascii: "}"))
        return SilenceAPIError(status: status, message: message, body: writer.bytes)
    }

    /// The answer to a failed ``Silences/set(_:)`` in `POST /api/v2/silences`:
    /// 404 for an unknown id, 400 otherwise.
    public init(_ error: SilenceError) {
        self = .payload(error.code == .notFound ? 404 : 400, error.message)
    }

    /// The answer to a failed ``Silences/expire(id:)`` in
    /// `DELETE /api/v2/silence/{id}`: 0.25 answers 500 even for an unknown id.
    public static func expireFailed(_ error: SilenceError) -> SilenceAPIError {
        .payload(500, error.message)
    }

    /// The answer to a `{silenceID}` path segment that is not a UUID.
    public static func invalidSilenceID(_ id: String) -> SilenceAPIError {
        .openAPI(422, code: 601, "silenceID in path must be of type uuid: \(GoString.quote(id))")
    }

    private init(status: Int, message: String, body: [UInt8]) {
        self.status = status
        self.message = message
        self.body = body
    }

    public var description: String { "\(status): \(message)" }
}
