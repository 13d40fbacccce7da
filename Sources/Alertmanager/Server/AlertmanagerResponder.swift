import ArgusHTTP
import HTTPTypes
import Hummingbird
import NIOCore

/// Routes Alertmanager's HTTP paths under the route prefix: the API v2,
/// health, reload and `/metrics`.
struct AlertmanagerResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let server: AlertmanagerServer
    let api: AlertmanagerAPI
    let prefix: String
    /// Bodies larger than this are refused (the API's alerts and silences are small).
    static let maxBodySize = 32 << 20

    func respond(to request: Request, context: Context) async throws -> Response {
        var path = request.uri.path
        guard path.hasPrefix(prefix) else { return Self.text(.notFound, "404 page not found\n") }
        path.removeFirst(prefix.count)
        if path.isEmpty { path = "/" }
        let method = request.method
        let query = FormParameters(query: request.uri.query).pairs.map { ($0.name, $0.value) }
        switch path {
        case "/-/healthy", "/-/ready":
            guard method == .get || method == .head else { return Self.text(.methodNotAllowed, Self.notAllowed) }
            return Self.text(.ok, "OK")
        case "/-/reload":
            guard method == .post || method == .put else { return Self.text(.methodNotAllowed, Self.notAllowed) }
            if let error = await server.reload() {
                return Self.text(.internalServerError, "failed to reload config: \(error)\n")
            }
            return Self.text(.ok, "")
        case "/metrics":
            guard method == .get || method == .head else { return Self.text(.methodNotAllowed, Self.notAllowed) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: server.metricsExposition())))
        case "/api/v2/alerts":
            switch method {
            case .get: return Self.response(api.getAlerts(query: query))
            case .post:
                let body = try await Self.body(request)
                return Self.response(api.postAlerts(body: body, contentType: request.headers[.contentType]))
            default: return Self.methodNotAllowed(method, allowed: "POST,GET")
            }
        case "/api/v2/alerts/groups":
            guard method == .get else { return Self.methodNotAllowed(method, allowed: "GET") }
            return Self.response(api.getAlertGroups(query: query))
        case "/api/v2/status":
            guard method == .get else { return Self.methodNotAllowed(method, allowed: "GET") }
            return Self.response(api.getStatus())
        case "/api/v2/receivers":
            guard method == .get else { return Self.methodNotAllowed(method, allowed: "GET") }
            return Self.response(api.getReceivers())
        case "/api/v2/silences":
            switch method {
            case .get: return Self.response(api.getSilences(query: query))
            case .post:
                let body = try await Self.body(request)
                return Self.response(api.postSilences(body: body, contentType: request.headers[.contentType]))
            default: return Self.methodNotAllowed(method, allowed: "POST,GET")
            }
        default:
            if path.hasPrefix("/api/v2/silence/") {
                let id = String(path.dropFirst("/api/v2/silence/".count))
                switch method {
                case .get: return Self.response(api.getSilence(id: id))
                case .delete: return Self.response(api.deleteSilence(id: id))
                default: return Self.methodNotAllowed(method, allowed: "GET,DELETE")
                }
            }
            if path.hasPrefix("/api/") {
                return Self.response(.swaggerError(404, "path \(prefix + path) was not found"))
            }
            return Self.text(.notFound, "404 page not found\n")
        }
    }

    /// The body Go's HTTP mux gives a wrong method on the `/-/` paths.
    static let notAllowed = "Method Not Allowed\n"

    /// The API's 405, worded as 0.25's router words it (`allowed` in its order).
    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: String) -> Response {
        response(.swaggerError(405, "method \(method.rawValue) is not allowed, but [\(allowed)] are"))
    }

    static func body(_ request: Request) async throws -> [UInt8] {
        var buffer = try await request.body.collect(upTo: maxBodySize)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    static func response(_ api: APIResponse) -> Response {
        var headers: HTTPFields = [:]
        if !api.body.isEmpty || api.status != 200 { headers[.contentType] = api.contentType }
        return Response(
            status: HTTPResponse.Status(code: api.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: api.body)))
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
