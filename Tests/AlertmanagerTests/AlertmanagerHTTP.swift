import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP exchanges the end-to-end tests make with an Alertmanager.
enum AlertmanagerHTTP {
    struct Reply: Sendable {
        var status: Int
        var body: String

        /// The body parsed as JSON.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body.utf8)) }
    }

    static func get(_ url: String) async throws -> Reply {
        try await send(HTTPClientRequest(url: url))
    }

    static func post(_ url: String, json: String = "", contentType: String = "application/json") async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(string: json))
        return try await send(request)
    }

    /// Any method, with an empty body for those that send one.
    static func send(_ method: String, _ url: String) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        if method != "GET" { request.body = .bytes(ByteBuffer()) }
        return try await send(request)
    }

    private static func send(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 24)
        return Reply(status: Int(response.status.code), body: String(buffer: body))
    }

    /// `value` as JSON with sorted keys, indented: two values are equal
    /// exactly when these texts are.
    static func canonical(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(
                withJSONObject: value, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        else { return "\(value)" }
        return String(decoding: data, as: UTF8.self)
    }
}
