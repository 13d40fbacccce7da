import Yams

extension AlertmanagerFile {
    /// Keys whose values are secrets in Alertmanager's configuration
    /// (`config.Secret`/`SecretURL` fields), wherever they appear.
    static let secretKeys: Set<String> = [
        "smtp_auth_password", "smtp_auth_secret", "slack_api_url", "opsgenie_api_key", "wechat_api_secret",
        "victorops_api_key", "auth_password", "auth_secret", "api_url", "routing_key", "service_key",
        "password", "credentials", "bearer_token", "client_secret", "api_key", "api_secret", "bot_token",
        "token", "user_key", "webhook_url",
    ]

    /// The configuration text for `/api/v2/status`: the file as loaded with
    /// every secret replaced by `<secret>`, as Alertmanager masks them.
    /// `nil` only if the text cannot be parsed again.
    public var redactedOriginal: String? {
        guard let root = try? Yams.compose(yaml: original) else { return "" }
        return try? Yams.serialize(node: Self.redacting(root))
    }

    private static func redacting(_ node: Node) -> Node {
        switch node {
        case .mapping(var mapping):
            for (key, value) in mapping {
                if let name = key.string, secretKeys.contains(name), value.scalar != nil {
                    mapping[key] = Node("<secret>")
                } else {
                    mapping[key] = redacting(value)
                }
            }
            return .mapping(mapping)
        case .sequence(var sequence):
            for index in sequence.indices { sequence[index] = redacting(sequence[index]) }
            return .sequence(sequence)
        default:
            return node
        }
    }
}
