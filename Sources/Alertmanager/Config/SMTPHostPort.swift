import ArgusConfig
import ArgusCore

/// A `host:port` address such as `smtp_smarthost` (upstream `config.HostPort`).
public struct SMTPHostPort: Hashable, Sendable, CustomStringConvertible, Decodable {
    public var host: String
    public var port: String

    public init(host: String = "", port: String = "") {
        self.host = host
        self.port = port
    }

    /// Splits `text` as Go's `net.SplitHostPort` does; the empty string is the empty address.
    public init(parsing text: String) throws(ConfigValidationError) {
        self.init()
        if text.isEmpty { return }
        let missingPort = ConfigValidationError("address \(text): missing port in address")
        let tooManyColons = ConfigValidationError("address \(text): too many colons in address")
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw ConfigValidationError("address \(text): missing ']' in address")
            }
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw rest.isEmpty ? missingPort : tooManyColons }
            host = String(text[text.index(after: text.startIndex)..<close])
            port = String(rest.dropFirst())
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw missingPort }
            host = String(text[..<colon])
            if host.contains(":") { throw tooManyColons }
            port = String(text[text.index(after: colon)...])
        }
        if host.contains("[") || host.contains("]") || port.contains("[") || port.contains("]") {
            throw ConfigValidationError("address \(text): unexpected '[' or ']' in address")
        }
        if port.isEmpty {
            throw ConfigValidationError("address \(GoString.quote(text)): port cannot be empty")
        }
    }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    /// Whether no address is set.
    public var isEmpty: Bool { host.isEmpty && port.isEmpty }

    /// `host:port`, or empty.
    public var description: String { isEmpty ? "" : "\(host):\(port)" }
}
