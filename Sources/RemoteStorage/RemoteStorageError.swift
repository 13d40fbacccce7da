/// An error of the remote-write sender or the remote-read client: a
/// configuration it cannot honour, a failure of the on-disk buffer, or a
/// remote read that failed.
public struct RemoteStorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: Hashable, Sendable {
        /// A `remote_write` setting this implementation does not support.
        case unsupportedConfig
        /// Reading or writing the on-disk buffer failed.
        case io
        /// A remote-read request failed or got an invalid answer.
        case remoteRead
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
