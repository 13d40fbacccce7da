import ArgusHTTP

/// A response of the API v2 before it is turned into HTTP: the status code
/// and the JSON body, as go-swagger writes it.
public struct APIResponse: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]
    public var contentType: String

    public init(status: Int, body: [UInt8], contentType: String = "application/json") {
        self.status = status
        self.body = body
        self.contentType = contentType
    }

    /// A 200 with a JSON document, which go-swagger ends with a newline.
    static func ok(_ writer: JSONWriter) -> APIResponse {
        APIResponse(status: 200, body: writer.bytes + [0x0A])
    }

    /// An operation's error payload: a JSON string and a newline.
    static func message(_ status: Int, _ text: String) -> APIResponse {
        var writer = JSONWriter()
        writer.string(text)
        return APIResponse(status: status, body: writer.bytes + [0x0A])
    }

    /// go-swagger's own errors (parameter validation, routing):
    /// `{"code":400,"message":"..."}` without a newline.
    static func swaggerError(_ status: Int, code: Int? = nil, _ text: String) -> APIResponse {
        var writer = JSONWriter()
        writer.raw("{\"code\":")
        writer.int(Int64(code ?? status))
        writer.raw(",\"message\":")
        writer.string(text)
        writer.byte(UInt8(ascii: "}"))
        return APIResponse(status: status, body: writer.bytes)
    }
}
