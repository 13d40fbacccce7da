import ArgusConfig
import Foundation
import Yams

extension AlertmanagerFile {
    /// Parses and validates `yaml`; `file` names the source in errors.
    ///
    /// With `readSecretFiles`, the `*_file` secrets of receivers (`api_url_file`,
    /// `routing_key_file`, `service_key_file`, `auth_password_file`) are read now, so a missing
    /// file is a load error rather than a failed notification; amtool-style checks pass false,
    /// as upstream reads them only when notifying.
    public static func parse(
        _ yaml: String, file: String = "alertmanager.yml", readSecretFiles: Bool = true
    ) throws(ConfigError) -> AlertmanagerFile {
        if isEmptyDocument(yaml) { throw ConfigError(file: file, message: "no route provided in config") }
        var config = try ConfigDecoder(file: file).decode(AlertmanagerFile.self, from: yaml)
        config.original = yaml
        if readSecretFiles { try config.readSecretFiles(file: file) }
        return config
    }

    /// Reads, parses and validates the file at `path`.
    public static func load(
        contentsOf path: String, readSecretFiles: Bool = true
    ) throws(ConfigError) -> AlertmanagerFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, message: "cannot read file: \(error.localizedDescription)")
        }
        return try parse(text, file: path, readSecretFiles: readSecretFiles)
    }

    /// The template files: relative patterns joined to `directory` (the configuration's
    /// directory, as upstream resolves them), `*` globs in the last element expanded, sorted
    /// per pattern, without duplicates.
    public func templateFiles(relativeTo directory: String) -> [String] {
        var result: [String] = []
        var seen = Set<String>()
        for pattern in templates {
            for file in ConfigPaths.glob(ConfigPaths.join(directory, pattern)) where seen.insert(file).inserted {
                result.append(file)
            }
        }
        return result
    }

    /// The template patterns joined to `directory`, as upstream stores them after loading.
    public func templatePatterns(relativeTo directory: String) -> [String] {
        templates.map { ConfigPaths.join(directory, $0) }
    }

    /// Whether the text holds no YAML node at all (only comments, blanks or `---`): upstream
    /// then never sees a route.
    static func isEmptyDocument(_ yaml: String) -> Bool {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: yaml)
        } catch {
            return false
        }
        guard let node = composed else { return true }
        if case .scalar(let scalar) = node {
            return scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null"
        }
        return false
    }

    /// Fills the `resolved*` secrets from their `*_file` fields.
    mutating func readSecretFiles(file: String) throws(ConfigError) {
        for index in receivers.indices {
            let at = "receivers[\(index)]"
            for item in receivers[index].slackConfigs.indices
            where !receivers[index].slackConfigs[item].apiURLFile.isEmpty {
                let path = receivers[index].slackConfigs[item].apiURLFile
                let value = try Self.readSecret(path, file: file, field: "\(at).slack_configs[\(item)].api_url_file")
                receivers[index].slackConfigs[item].resolvedAPIURL = Secret(
                    value.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            for item in receivers[index].pagerdutyConfigs.indices {
                var pagerduty = receivers[index].pagerdutyConfigs[item]
                let field = "\(at).pagerduty_configs[\(item)]"
                if !pagerduty.routingKeyFile.isEmpty {
                    let value = try Self.readSecret(
                        pagerduty.routingKeyFile, file: file, field: field + ".routing_key_file")
                    pagerduty.resolvedRoutingKey = Secret(value.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                if !pagerduty.serviceKeyFile.isEmpty {
                    let value = try Self.readSecret(
                        pagerduty.serviceKeyFile, file: file, field: field + ".service_key_file")
                    pagerduty.resolvedServiceKey = Secret(value.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                receivers[index].pagerdutyConfigs[item] = pagerduty
            }
            for item in receivers[index].emailConfigs.indices
            where !receivers[index].emailConfigs[item].authPasswordFile.isEmpty {
                let path = receivers[index].emailConfigs[item].authPasswordFile
                // Upstream uses the password file's contents untrimmed.
                let value = try Self.readSecret(
                    path, file: file, field: "\(at).email_configs[\(item)].auth_password_file")
                receivers[index].emailConfigs[item].resolvedAuthPassword = Secret(value)
            }
        }
    }

    private static func readSecret(_ path: String, file: String, field: String) throws(ConfigError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason =
                FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file or directory"
            throw ConfigError(file: file, path: field, message: "cannot read \(path): \(reason)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
