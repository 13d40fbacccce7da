import ArgusConfig
import AsyncHTTPClient
import Foundation
import NIOHTTP1

extension HTTPClients {
    /// The proxy of an HTTP client config: `proxy_url` (`http://` with
    /// optional user and password, or `socks5://`) and the headers of
    /// `proxy_connect_header`. Requests go through the proxy in a `CONNECT`
    /// tunnel, for `http` targets too.
    struct Proxy: Hashable, Sendable {
        var scheme: String
        var host: String
        var port: Int
        var user: String?
        var password: String?
        var connectHeaders: [String: [String]]

        /// nil when the config names no proxy.
        init?(_ http: HTTPClientConfig) throws(SetupError) {
            if http.proxyFromEnvironment {
                throw SetupError(description: "proxy_from_environment is not supported yet by Argus")
            }
            if !http.noProxy.isEmpty {
                throw SetupError(description: "no_proxy is not supported yet by Argus")
            }
            guard let url = http.proxyURL, !url.string.isEmpty else { return nil }
            guard let components = URLComponents(string: url.string), let host = components.host, !host.isEmpty
            else {
                throw SetupError(description: "proxy_url \(url.string): host is missing")
            }
            scheme = url.scheme
            self.host = host
            user = components.user?.removingPercentEncoding
            password = components.password?.removingPercentEncoding
            connectHeaders = http.proxyConnectHeader.mapValues { $0.map(\.value) }
            switch scheme {
            case "http": port = components.port ?? 80
            case "socks5", "socks5h":
                port = components.port ?? 1080
                if user != nil {
                    throw SetupError(
                        description: "proxy_url \(url.string): SOCKS5 credentials are not supported yet by Argus")
                }
                if !connectHeaders.isEmpty {
                    throw SetupError(description: "proxy_connect_header needs an HTTP proxy_url")
                }
            default:
                throw SetupError(
                    description:
                        "proxy_url \(url.string): scheme \(scheme) is not supported yet by Argus (use http or socks5)")
            }
        }

        var configuration: HTTPClient.Configuration.Proxy {
            if scheme != "http" { return .socksServer(host: host, port: port) }
            let authorization = user.map { HTTPClient.Authorization.basic(username: $0, password: password ?? "") }
            guard !connectHeaders.isEmpty else { return .server(host: host, port: port, authorization: authorization) }
            var headers = HTTPHeaders()
            for (name, values) in connectHeaders.sorted(by: { $0.key < $1.key }) {
                for value in values { headers.add(name: name, value: value) }
            }
            return .server(host: host, port: port, authorization: authorization, connectHeaders: headers)
        }
    }
}
