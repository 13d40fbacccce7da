/// A credential file named in an HTTP client config that cannot be read
/// (see ``AuthorizationHeader``).
public struct CredentialFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file, joined to the configuration's directory.
    public var path: String
    /// Why it cannot be read, as the file system says.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `cannot read <path>: <reason>`.
    public var description: String { "cannot read \(path): \(reason)" }
}
