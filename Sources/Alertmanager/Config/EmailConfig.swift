import ArgusConfig
import ArgusCore

/// An `email_configs` entry (upstream `config.EmailConfig`). Unset SMTP fields take the
/// global `smtp_*` values when the file is loaded.
public struct EmailConfig: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "email_config"

    /// Whether resolved notifications are sent; false by default.
    public var sendResolved = false
    /// The recipients (a template).
    public var to: String
    public var from = ""
    public var hello = ""
    public var smarthost = SMTPHostPort()
    public var authUsername = ""
    public var authPassword: Secret?
    public var authPasswordFile = ""
    /// The password used: `auth_password`, or the contents of `auth_password_file` once
    /// ``AlertmanagerFile`` has read secret files; nil before that or when neither is set.
    public internal(set) var resolvedAuthPassword: Secret?
    public var authSecret: Secret?
    public var authIdentity = ""
    /// Extra headers (templates), names in canonical MIME form (`X-Team`).
    public var headers: [String: String] = [:]
    public var html = #"{{ template "email.default.html" . }}"#
    public var text = ""
    /// Whether STARTTLS is required; nil until the global `smtp_require_tls` is applied.
    public var requireTLS: Bool?
    public var tlsConfig = TLSConfig()

    public init(to: String) { self.to = to }

    /// The default `Subject` header, used when `headers` has none.
    public static let defaultSubject = #"{{ template "email.default.subject" . }}"#

    enum CodingKeys: String, CodingKey {
        case sendResolved = "send_resolved", to, from, hello, smarthost, authUsername = "auth_username"
        case authPassword = "auth_password", authPasswordFile = "auth_password_file", authSecret = "auth_secret"
        case authIdentity = "auth_identity", headers, html, text, requireTLS = "require_tls", tlsConfig = "tls_config"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sendResolved = try container.decode(.sendResolved, default: false)
        to = try container.decode(.to, default: "")
        from = try container.decode(.from, default: "")
        hello = try container.decode(.hello, default: "")
        smarthost = try container.decode(.smarthost, default: SMTPHostPort())
        authUsername = try container.decode(.authUsername, default: "")
        authPassword = try container.decodeIfPresent(Secret.self, forKey: .authPassword)
        authPasswordFile = try container.decode(.authPasswordFile, default: "")
        authSecret = try container.decodeIfPresent(Secret.self, forKey: .authSecret)
        authIdentity = try container.decode(.authIdentity, default: "")
        let written = try container.decode(.headers, default: [String: String]())
        html = try container.decode(.html, default: EmailConfig(to: "").html)
        text = try container.decode(.text, default: "")
        requireTLS = try container.decodeIfPresent(Bool.self, forKey: .requireTLS)
        tlsConfig = try container.decode(.tlsConfig, default: TLSConfig())
        if to.isEmpty { throw ConfigValidationError("missing to address in email config") }
        for (name, value) in written.sorted(by: { $0.key < $1.key }) {
            let canonical = Self.canonicalHeaderName(name)
            if headers.updateValue(value, forKey: canonical) != nil {
                throw ConfigValidationError("duplicate header \(GoString.quote(canonical)) in email config")
            }
        }
    }

    /// Go's `textproto.CanonicalMIMEHeaderKey`: each dash-separated word capitalised, unless the
    /// name holds a byte that is not a header token character, in which case it is kept.
    static func canonicalHeaderName(_ name: String) -> String {
        let bytes = Array(name.utf8)
        let tokenSpecials = Set("\"(),/:;<=>?@[\\]{}".utf8)
        for byte in bytes where byte <= 0x20 || byte >= 0x7F || tokenSpecials.contains(byte) {
            return name
        }
        var result: [UInt8] = []
        var upper = true
        for byte in bytes {
            var byte = byte
            if upper && byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") {
                byte -= 32
            } else if !upper && byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                byte += 32
            }
            result.append(byte)
            upper = byte == UInt8(ascii: "-")
        }
        return String(decoding: result, as: UTF8.self)
    }
}
