import ArgusConfig
import ArgusCore
import Foundation

/// An absolute `http`/`https` URL from alertmanager.yml (upstream `config.URL`), kept as written.
public struct AlertmanagerURL: Hashable, Sendable, CustomStringConvertible, Decodable {
    /// The URL as written.
    public var string: String

    /// Parses `text`; throws Alertmanager's messages for a bad scheme or a missing host.
    public init(parsing text: String) throws(ConfigValidationError) {
        let url = try ConfigURL(parsing: text)
        guard url.scheme == "http" || url.scheme == "https" else {
            throw ConfigValidationError("unsupported scheme \(GoString.quote(url.scheme)) for URL")
        }
        guard !url.host.isEmpty else { throw ConfigValidationError("missing host for URL") }
        string = text
    }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    /// A URL known to be valid (the built-in defaults).
    init(trusted text: String) { string = text }

    public var description: String { string }
}

/// A URL that is itself a credential (upstream `config.SecretURL`): shown as `<secret>`.
/// The literal `<secret>` is accepted so that a redacted configuration can be loaded again.
public struct AlertmanagerSecretURL: Hashable, Sendable, CustomStringConvertible, Decodable {
    /// The URL as written, or empty when the configuration held `<secret>`.
    public var string: String

    public init(parsing text: String) throws(ConfigValidationError) {
        if text == Secret.redacted {
            string = ""
        } else {
            string = try AlertmanagerURL(parsing: text).string
        }
    }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public var description: String { Secret.redacted }
}
