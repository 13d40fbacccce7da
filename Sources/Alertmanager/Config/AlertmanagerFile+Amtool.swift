import ArgusConfig
import ArgusCore
import Foundation
import GoTemplate

extension AlertmanagerFile {
    /// What `amtool check-config FILE...` prints and its exit status: per file `Checking 'F'`,
    /// `SUCCESS` or `FAILED: <error>`, what was found, and whether the templates parse.
    /// Secret files are not read, as upstream reads them only when notifying.
    public static func checkReport(files: [String]) -> AlertmanagerToolOutput {
        if let missing = files.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
            return AlertmanagerToolOutput(
                standardError: "amtool: error: path '\(missing)' does not exist\n\n", exitCode: 1)
        }
        var output = AlertmanagerToolOutput()
        var failed = 0
        for file in files {
            output.standardOutput += "Checking '\(file)'"
            do {
                let config = try load(contentsOf: file, readSecretFiles: false)
                output.standardOutput += "  SUCCESS\n"
                output.standardOutput += "Found:\n - global config\n - route\n"
                output.standardOutput += " - \(config.inhibitRules.count) inhibit rules\n"
                output.standardOutput += " - \(config.receivers.count) receivers\n"
                output.standardOutput += " - \(config.templates.count) templates\n"
                if !config.templates.isEmpty {
                    let directory = (file as NSString).deletingLastPathComponent
                    do {
                        try parseTemplateFiles(config.templateFiles(relativeTo: directory))
                        output.standardOutput += "  SUCCESS\n"
                    } catch {
                        output.standardOutput += "  FAILED: \(error)\n"
                        failed += 1
                    }
                }
            } catch {
                output.standardOutput += "  FAILED: \(amtoolMessage(error))\n"
                failed += 1
            }
            output.standardOutput += "\n"
        }
        if failed > 0 {
            output.standardError = "amtool: error: failed to validate \(failed) file(s)\n\n"
            output.exitCode = 1
        }
        return output
    }

    /// What `amtool config routes show --config.file FILE` prints and its exit status.
    public static func routesShowReport(file: String) -> AlertmanagerToolOutput {
        guard FileManager.default.fileExists(atPath: file) else {
            return AlertmanagerToolOutput(
                standardError: "amtool: error: path '\(file)' does not exist\n\n", exitCode: 1)
        }
        do {
            let config = try load(contentsOf: file, readSecretFiles: false)
            return AlertmanagerToolOutput(standardOutput: Route(config.route).amtoolTreeText())
        } catch {
            return AlertmanagerToolOutput(standardError: "amtool: error: \(amtoolMessage(error))\n", exitCode: 1)
        }
    }

    /// What `amtool config routes test --config.file FILE [--verify.receivers=R] [--tree] LABELS...`
    /// prints and its exit status. `labels` are `name=value` arguments; `verifyReceivers` is the
    /// expected comma-separated receiver list.
    public static func routesTestReport(
        file: String, labels arguments: [String], verifyReceivers: String? = nil, tree: Bool = false
    ) -> AlertmanagerToolOutput {
        guard FileManager.default.fileExists(atPath: file) else {
            return AlertmanagerToolOutput(
                standardError: "amtool: error: path '\(file)' does not exist\n\n", exitCode: 1)
        }
        let config: AlertmanagerFile
        do {
            config = try load(contentsOf: file, readSecretFiles: false)
        } catch {
            return AlertmanagerToolOutput(standardError: "amtool: error: \(amtoolMessage(error))\n\n", exitCode: 1)
        }
        var pairs: [String: String] = [:]
        for argument in arguments {
            do {
                let matcher = try Matcher.parse(argument)
                guard matcher.type == .equal else {
                    return AlertmanagerToolOutput(
                        standardError:
                            "amtool: error: Failed to parse labels: labels must be specified as key=value pairs\n\n",
                        exitCode: 1)
                }
                pairs[matcher.name] = matcher.value
            } catch {
                return AlertmanagerToolOutput(
                    standardError: "amtool: error: Failed to parse labels: \(error)\n\n", exitCode: 1)
            }
        }
        let labels = Labels(pairs)
        let route = Route(config.route)
        var output = AlertmanagerToolOutput()
        if tree { output.standardOutput += route.amtoolMatchingTreeText(labels) }
        let slug = route.receivers(for: labels).joined(separator: ",")
        output.standardOutput += slug + "\n"
        if let expected = verifyReceivers, !expected.isEmpty, expected != slug {
            output.standardOutput += "WARNING: Expected receivers did not match resolved receivers.\n"
            output.exitCode = 1
        }
        return output
    }

    /// The error as upstream words it: the bare message, and yaml.v2's wording for unknown fields.
    static func amtoolMessage(_ error: ConfigError) -> String {
        let marker = " not found in type "
        if error.message.hasPrefix("field "), let range = error.message.range(of: marker) {
            let typeName = String(error.message[range.upperBound...])
            let goType = typeName == TimeIntervalRange.configTypeName ? "timeinterval.TimeInterval" : "config.plain"
            let field = error.message[..<range.lowerBound]
            return "yaml: unmarshal errors:\n  line \(error.line ?? 0): \(field)\(marker)\(goType)"
        }
        return error.message
    }

    /// Parses template files as Alertmanager does when checking: each named by its base name,
    /// with Alertmanager's template functions known.
    static func parseTemplateFiles(_ files: [String]) throws -> Void {
        var template = Template(name: "", functions: templateFunctionNames)
        for file in files {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw TemplateFileError(description: "open \(file): \(error.localizedDescription)")
            }
            try template.parse(text, as: (file as NSString).lastPathComponent)
        }
    }

    /// Alertmanager's template functions, for parsing only (their bodies are never run here).
    static let templateFunctionNames: [String: TemplateFunc] = {
        let placeholder = TemplateFunc(variadic: .any) { _ in .string("") }
        let names = ["toUpper", "toLower", "title", "join", "match", "safeHtml", "reReplaceAll", "stringSlice"]
        return Dictionary(uniqueKeysWithValues: names.map { ($0, placeholder) })
    }()
}

/// A template file that cannot be read.
struct TemplateFileError: Error, CustomStringConvertible {
    var description: String
}
