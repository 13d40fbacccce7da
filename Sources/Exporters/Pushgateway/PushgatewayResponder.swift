import ArgusCore
import ArgusHTTP
import Hummingbird
import Logging
import NIOCore
import Prometheus

/// Routes the Pushgateway's HTTP requests the way its Go router does: on
/// the percent-decoded, cleaned path (an unclean path is redirected with
/// 301), with `405 Method Not Allowed` and an `Allow` header for a known
/// path and another method, and `404 page not found` otherwise.
struct PushgatewayResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let server: PushgatewayServer
    let store: MetricStore

    /// The routes a path can resolve to.
    enum Route: Equatable {
        case healthy, ready, metrics, status, quit, quitWithoutPrefix, staticFile
        case push(job: String, base64: Bool, labels: String)
        case apiOptions, apiStatus, apiMetrics, apiWipe
        case notFound
        case redirect(location: String)
        case methodNotAllowed(allow: String)
        case options(allow: String)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let rawPath = request.uri.path
        guard let path = Self.percentDecode(rawPath) else {
            // Go's server refuses a request URI it cannot unescape.
            return Self.text(.badRequest, "400 Bad Request", nosniff: false)
        }
        let cleaned = Self.cleanPath(path)
        if cleaned != path {
            var location = Self.percentEncodePath(cleaned)
            if let query = request.uri.query { location += "?" + query }
            return Response(status: .movedPermanently, headers: [.location: location])
        }
        let route = Self.route(path: path, method: request.method, options: server.options)
        let response: Response
        switch route {
        case .healthy, .ready:
            response = Self.text(.ok, "OK", nosniff: false)
        case .metrics:
            return metrics()
        case .status:
            response = statusPage()
        case .quit:
            if server.options.enableLifecycle {
                server.logger.warning("Received termination request via web service, exiting gracefully...")
                let shutdown = server.requestShutdown
                Task { await shutdown() }
                response = Self.text(.ok, "Requesting termination... Goodbye!", nosniff: false)
            } else {
                response = Self.text(.forbidden, "Lifecycle API is not enabled.", nosniff: false)
            }
        case .quitWithoutPrefix:
            response = Self.text(.methodNotAllowed, "Only POST or PUT requests allowed.", nosniff: false)
        case .staticFile, .notFound:
            return Self.httpError(.notFound, "404 page not found")
        case .redirect(let location):
            return Response(
                status: .movedPermanently,
                headers: [.location: location, .contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "<a href=\"\(location)\">Moved Permanently</a>.\n\n"))
            )
        case .methodNotAllowed(let allow):
            var response = Self.httpError(.methodNotAllowed, "Method Not Allowed")
            response.headers[.allow] = allow
            return response
        case .options(let allow):
            return Response(status: .ok, headers: [.allow: allow])
        case .push(let job, let base64, let labels):
            response = await push(request, job: job, base64: base64, labels: labels)
        case .apiOptions:
            response = Self.withCORS(Response(status: .ok))
        case .apiStatus:
            response = Self.withCORS(PushgatewayAPI.status(server.status, startTime: server.startTime))
        case .apiMetrics:
            response = Self.withCORS(PushgatewayAPI.metrics(store.groups))
        case .apiWipe:
            server.logger.debug("Start wiping metric store")
            store.wipe()
            server.storeChanged()
            response = Response(status: .accepted)
        }
        if let handler = Self.handlerName(route) {
            server.selfMetrics.registry.makeCounter(
                name: "pushgateway_http_requests_total",
                labels: [
                    ("code", String(response.status.code)), ("handler", handler),
                    ("method", request.method.rawValue.lowercased()),
                ],
                help: "Total HTTP requests processed by the Pushgateway, excluding scrapes."
            ).increment()
        }
        return response
    }

    // MARK: Routing

    static func route(path: String, method: HTTPRequest.Method, options: PushgatewayOptions) -> Route {
        // Like Go's httprouter: another method on a known path is answered 405
        // with the methods in `Allow`, or, for OPTIONS, 200 with that header.
        func only(_ route: Route, _ methods: [HTTPRequest.Method]) -> Route {
            if methods.contains(method) { return route }
            let allow = (methods.map(\.rawValue) + ["OPTIONS"]).sorted().joined(separator: ", ")
            return method == .options ? .options(allow: allow) : .methodNotAllowed(allow: allow)
        }
        let prefix = options.resolvedRoutePrefix
        let apiRoot = prefix + "/api/v1/"
        if path.hasPrefix(apiRoot) {
            let sub = String(path.dropFirst(apiRoot.count - 1))
            if method == .options { return .apiOptions }
            switch sub {
            case "/status": return only(.apiStatus, [.get])
            case "/metrics": return only(.apiMetrics, [.get])
            case "/admin/wipe" where options.enableAdminAPI: return only(.apiWipe, [.put])
            default: return .notFound
            }
        }
        for (marker, base64) in [("/metrics/job/", false), ("/metrics/job@base64/", true)] {
            let start = prefix + marker
            guard path.hasPrefix(start) else { continue }
            let rest = path.dropFirst(start.count)
            let job = rest.prefix { $0 != "/" }
            guard !job.isEmpty else { break }
            return only(
                .push(job: String(job), base64: base64, labels: String(rest.dropFirst(job.count))),
                [.put, .post, .delete])
        }
        if path == joinPath(prefix, options.telemetryPath) { return only(.metrics, [.get]) }
        switch path {
        case prefix + "/-/healthy": return only(.healthy, [.get])
        case prefix + "/-/ready": return only(.ready, [.get])
        case prefix + "/status", prefix + "/": return only(.status, [.get])
        case prefix + "/-/quit":
            if method == .get && prefix.isEmpty { return .quitWithoutPrefix }
            return only(.quit, [.put, .post])
        case "/-/quit" where method == .get: return .quitWithoutPrefix
        // Go's router sends the prefix without its slash to the status page.
        case prefix where !prefix.isEmpty && method == .get: return .redirect(location: prefix + "/")
        default:
            if path.hasPrefix(prefix + "/static/") { return only(.staticFile, [.get]) }
            return .notFound
        }
    }

    /// The `handler` label of `pushgateway_http_requests_total` (scrapes are not counted).
    static func handlerName(_ route: Route) -> String? {
        switch route {
        case .healthy: return "healthy"
        case .ready: return "ready"
        case .status: return "status"
        case .staticFile: return "static"
        case .push: return "push"
        case .apiOptions: return "api/v1/options"
        case .apiStatus: return "api/v1/status"
        case .apiMetrics: return "api/v1/metrics"
        case .apiWipe: return "wipe"
        case .metrics, .quit, .quitWithoutPrefix, .notFound, .redirect, .methodNotAllowed, .options: return nil
        }
    }

    /// Go's `path.Join(prefix, path)`.
    static func joinPath(_ prefix: String, _ path: String) -> String {
        cleanPath(prefix + "/" + path, keepTrailingSlash: false)
    }

    /// Go's `path.Clean` (with `ServeMux`'s rule of keeping a trailing slash):
    /// no empty, `.` or `..` elements.
    static func cleanPath(_ path: String, keepTrailingSlash: Bool = true) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        var cleaned = "/" + parts.joined(separator: "/")
        if keepTrailingSlash, path.hasSuffix("/"), cleaned != "/" { cleaned += "/" }
        return cleaned
    }

    /// Decodes `%XX` escapes; nil for a malformed escape (Go refuses those).
    static func percentDecode(_ path: String) -> String? {
        var out: [UInt8] = []
        let bytes = Array(path.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let hi = GoString.hexDigitValue(bytes[i + 1]),
                    let lo = GoString.hexDigitValue(bytes[i + 2])
                else {
                    return nil
                }
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Escapes what may not appear literally in a URL path.
    static func percentEncodePath(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let allowed =
                (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
                || "/-._~!$&'()*+,;=:@".utf8.contains(byte)
            if allowed {
                out.unicodeScalars.append(UnicodeScalar(byte))
            } else {
                out +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    // MARK: Handlers

    func push(_ request: Request, job: String, base64: Bool, labels: String) async -> Response {
        let key: MetricGroupKey
        do {
            key = try MetricGroupKey(job: job, jobIsBase64: base64, labelPath: labels)
        } catch {
            server.logger.debug("Invalid grouping key", metadata: ["path": "\(request.uri.path)", "err": "\(error)"])
            return Self.httpError(.badRequest, error.message)
        }
        let timestamp = PushgatewayServer.wallClockNanoseconds()
        if request.method == .delete {
            store.write(WriteRequest(key: key, timestamp: timestamp, families: nil, replace: false), check: false)
            server.storeChanged()
            server.logger.debug("Deleted group", metadata: ["group": "\(key)"])
            return Response(status: .accepted)
        }
        let body: [UInt8]
        do {
            body = try await readBody(request)
        } catch {
            return Self.httpError(error.status, error.message)
        }
        let families: [String: PushedMetricFamily]
        do {
            if PushProtobuf.isProtobuf(contentType: request.headers[.contentType]) {
                families = try PushProtobuf.decodeDelimited(body)
            } else {
                families = try PushTextParser.parse(body)
            }
        } catch {
            server.logger.debug("Failed to parse push", metadata: ["group": "\(key)", "err": "\(error)"])
            return Self.httpError(.badRequest, error.description)
        }
        let write = WriteRequest(key: key, timestamp: timestamp, families: families, replace: request.method == .put)
        let check = !server.options.disableConsistencyCheck
        let errors = store.write(write, check: check, ownFamilies: check ? server.ownFamilies() : [])
        server.storeChanged()
        guard check else { return Response(status: .accepted) }
        if let errors {
            let message = Gathering.message(errors)
            server.logger.error(
                "Pushed metrics are invalid or inconsistent with existing metrics",
                metadata: ["method": "\(request.method.rawValue)", "group": "\(key)", "err": "\(message)"])
            return Self.httpError(
                .badRequest, "pushed metrics are invalid or inconsistent with existing metrics: \(message)")
        }
        server.logger.debug("Pushed metrics", metadata: ["method": "\(request.method.rawValue)", "group": "\(key)"])
        return Response(status: .ok)
    }

    struct BodyError: Error {
        var status: HTTPResponse.Status
        var message: String
    }

    func readBody(_ request: Request) async throws(BodyError) -> [UInt8] {
        let limit = server.options.maxBodySize
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw BodyError(
                status: .contentTooLarge, message: "request body larger than \(limit) bytes, or unreadable: \(error)")
        }
        let bytes = Array(buffer.readableBytesView)
        // Like the Pushgateway, only `gzip` is inflated; other encodings reach the parser as they are.
        guard request.headers[.contentEncoding] == "gzip" else { return bytes }
        do {
            return try GzipBody.inflate(bytes, limit: limit)
        } catch {
            throw BodyError(status: .badRequest, message: error.description)
        }
    }

    func metrics() -> Response {
        let (families, errors) = Gathering.gather([server.ownFamilies(), store.mergedFamilies()])
        if !errors.isEmpty {
            let message = Gathering.message(errors)
            server.logger.error("Error gathering metrics", metadata: ["err": "\(message)"])
            return Self.httpError(
                .internalServerError, "An error has occurred while serving metrics:\n\n" + message)
        }
        var out: [UInt8] = []
        out.reserveCapacity(16 * 1024)
        for family in families {
            do {
                try family.appendText(to: &out)
            } catch {
                return Self.httpError(.internalServerError, "error encoding metric family: \(error.description)")
            }
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: out)))
    }

    func statusPage() -> Response {
        var html = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Argus push gateway</title></head>
            <body>
            <h1>Argus push gateway</h1>
            <p>The pushed groups (<a href="\(server.options.externalPathPrefix)/api/v1/metrics">as JSON</a>):</p>
            <ul>

            """
        for group in store.groups {
            let labels = group.key.labels.map { "\($0.name)=\"\(Self.escapeHTML($0.value))\"" }.joined(separator: ", ")
            html += "<li>{\(labels)}: \(group.families.count) metric families"
            html += group.lastPushSucceeded ? "" : " (last push failed)"
            html += "</li>\n"
        }
        html += "</ul>\n</body></html>\n"
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    static func escapeHTML(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&#34;"
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: Responses

    /// Go's `http.Error`: the message and a newline, as plain text, with `nosniff`.
    static func httpError(_ status: HTTPResponse.Status, _ message: String) -> Response {
        text(status, message + "\n", nosniff: true)
    }

    static func text(_ status: HTTPResponse.Status, _ body: String, nosniff: Bool) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        if nosniff { headers[.xContentTypeOptions] = "nosniff" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func withCORS(_ response: Response) -> Response {
        var response = response
        response.headers[.accessControlAllowHeaders] = "Accept, Authorization, Content-Type, Origin"
        response.headers[.accessControlAllowMethods] = "GET, POST, DELETE, OPTIONS"
        response.headers[.accessControlAllowOrigin] = "*"
        response.headers[.accessControlExposeHeaders] = "Date"
        response.headers[.cacheControl] = "no-cache, no-store, must-revalidate"
        return response
    }
}
