import ArgusConfig
import Foundation

/// The `Authorization` header of an `alertmanagers` entry: `basic_auth` or
/// `authorization` (legacy `bearer_token` fields arrive as the latter).
///
/// Credential files are read for every request, as Prometheus re-reads
/// them, so a rotated token is picked up without a reload. Relative file
/// names are resolved against the configuration file's directory.
struct AlertmanagerCredentials: Hashable, Sendable {
    var basicAuth: BasicAuth?
    var authorization: Authorization?
    var directory: String

    init(_ http: HTTPClientConfig, directory: String) {
        basicAuth = http.basicAuth
        authorization = http.authorization
        self.directory = directory
    }

    /// Whether requests carry no credentials.
    var isEmpty: Bool { basicAuth == nil && authorization == nil }

    /// The header value, or nil without credentials.
    /// - Throws: when a credential file cannot be read.
    func header() throws(NotifierError) -> String? {
        if let basicAuth {
            var username = basicAuth.username
            if !basicAuth.usernameFile.isEmpty { username = try read(basicAuth.usernameFile) }
            var password = basicAuth.password?.value ?? ""
            if !basicAuth.passwordFile.isEmpty { password = try read(basicAuth.passwordFile) }
            return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        }
        if let authorization {
            var credentials = authorization.credentials?.value ?? ""
            if !authorization.credentialsFile.isEmpty { credentials = try read(authorization.credentialsFile) }
            return authorization.type + " " + credentials
        }
        return nil
    }

    /// A credential file's content without surrounding white space.
    private func read(_ file: String) throws(NotifierError) -> String {
        let path = ConfigPaths.join(directory, file)
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw NotifierError(.credentials, "cannot read \(path): \(error.localizedDescription)")
        }
    }
}
