import ArgusConfig

/// An error of the notifier: a configuration it cannot honour, or a failed
/// delivery to one Alertmanager.
public struct NotifierError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: Hashable, Sendable {
        /// An `alerting` setting this implementation does not support, or a
        /// discovery configuration it cannot start.
        case unsupportedConfig
        /// A credential file could not be read.
        case credentials
        /// The Alertmanager answered with a status other than 2xx.
        case badResponse
        /// The request failed before an answer arrived (connection, timeout).
        case transport
    }

    /// What kind of problem this is.
    public var kind: Kind
    /// What went wrong, for logs and the reload API.
    public var message: String

    /// An error of `kind` saying `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

extension NotifierError {
    /// A credential file that cannot be read, as an error of kind
    /// `.credentials`.
    init(_ error: CredentialFileError) {
        self.init(.credentials, error.description)
    }
}
