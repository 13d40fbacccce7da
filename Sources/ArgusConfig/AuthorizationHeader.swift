import Foundation

/// The `Authorization` request header an HTTP client config asks for:
/// `basic_auth` gives `Basic` and the base64 of `username:password`,
/// `authorization` (where legacy `bearer_token` and `bearer_token_file`
/// arrive too) gives its type and credentials.
///
/// Credential files (`username_file`, `password_file`, `credentials_file`)
/// are named relative to the configuration file's directory and read, without
/// surrounding white space, each time ``value()`` is called. Callers choose
/// when: once at load, or for every request as Prometheus does for its
/// notifier and remote-write clients, so that a rotated secret needs no
/// reload.
public struct AuthorizationHeader: Hashable, Sendable {
    /// The `basic_auth` section; it wins over ``authorization`` (validation
    /// refuses configs that set both).
    public var basicAuth: BasicAuth?
    /// The `authorization` section.
    public var authorization: Authorization?
    /// The directory relative credential file names are resolved against;
    /// empty for the working directory.
    public var directory: String

    /// The credentials of `http`, with credential files under `directory`.
    public init(_ http: HTTPClientConfig, directory: String) {
        basicAuth = http.basicAuth
        authorization = http.authorization
        self.directory = directory
    }

    /// The header value, reading credential files now; nil when the config
    /// has no credentials.
    /// - Throws: ``CredentialFileError`` when a credential file cannot be read.
    public func value() throws(CredentialFileError) -> String? {
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

    /// A credential file's content without surrounding white space, as
    /// upstream reads it.
    private func read(_ file: String) throws(CredentialFileError) -> String {
        let path = ConfigPaths.join(directory, file)
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw CredentialFileError(path: path, reason: error.localizedDescription)
        }
    }
}
