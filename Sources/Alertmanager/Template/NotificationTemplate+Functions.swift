import ArgusCore
import GoTemplate

extension NotificationTemplate {
    /// The functions Alertmanager 0.25 gives every template (`DefaultFuncs`),
    /// besides Go's builtins.
    public static let functions: [String: TemplateFunc] = [
        "toUpper": stringFunction(GoCase.upper),
        "toLower": stringFunction(GoCase.lower),
        "title": stringFunction(TemplateCaseMapping.title),
        // Arguments swapped from strings.Join, for pipelines: `.Values | join ", "`.
        "join": TemplateFunc(parameters: [.string, .list]) { args in
            .string(try TemplateKV.strings(args[1]).joined(separator: args[0].stringValue ?? ""))
        },
        "match": TemplateFunc(parameters: [.string, .string]) { args in
            do throws(ArgusError) {
                return .bool(try RE2(args[0].stringValue ?? "").contains(args[1].stringValue ?? ""))
            } catch {
                throw TemplateFunctionError(error.message)
            }
        },
        "safeHtml": TemplateFunc(parameters: [.string]) { args in .object(SafeHTML(html: args[0].stringValue ?? "")) },
        "reReplaceAll": TemplateFunc(parameters: [.string, .string, .string]) { args in
            let pattern = args[0].stringValue ?? ""
            let regex: RE2
            do throws(ArgusError) {
                regex = try RE2(pattern)
            } catch {
                // regexp.MustCompile panics, and the template reports the panic.
                let quoted = GoString.canBackquote(pattern) ? "`" + pattern + "`" : GoString.quote(pattern)
                throw TemplateFunctionError("regexp: Compile(\(quoted)): \(error.message)")
            }
            return .string(regex.replaceAll(in: args[2].stringValue ?? "", with: args[1].stringValue ?? ""))
        },
        "stringSlice": TemplateFunc(variadic: .string) { args in .list(args) },
    ]

    private static func stringFunction(_ body: @escaping @Sendable (String) -> String) -> TemplateFunc {
        TemplateFunc(parameters: [.string]) { args in .string(body(args[0].stringValue ?? "")) }
    }

    /// The escaping functions ``HTMLContextEscaper`` inserts into HTML templates.
    static let htmlEscapers: [String: TemplateFunc] = {
        var functions: [String: TemplateFunc] = [:]
        for escaper in HTMLContextEscaper.Escaper.allCases {
            functions[escaper.rawValue] = TemplateFunc(variadic: .any) { args in
                .string(HTMLEscaping.escape(args, as: escaper))
            }
        }
        return functions
    }()
}
