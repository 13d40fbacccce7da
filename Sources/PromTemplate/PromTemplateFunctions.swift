import ArgusCore
import GoTemplate

/// The functions Prometheus gives alerting and recording-rule templates and console templates
/// (`template.NewTemplateExpander`'s function map), with Prometheus' argument types and errors.
public enum PromTemplateFunctions {
    /// Every function, bound to one evaluation:
    ///
    /// - `timestampMilliseconds`: the evaluation time (`now`, and the time `query` runs at);
    /// - `query`: runs PromQL for `query`; without it, `query` fails;
    /// - `externalURL`: Prometheus' `--web.external-url` (`externalURL`, `pathPrefix`).
    public static func functions(
        timestampMilliseconds: Int64,
        query: TemplateQueryFunction?,
        externalURL: String
    ) -> [String: TemplateFunc] {
        var functions = pureFunctions
        functions["query"] = TemplateFunc(parameters: [.string]) { args in
            guard let query else { throw TemplateFunctionError("no query function configured") }
            return .object(QueryResultObject(samples: try query(args[0].stringValue ?? "")))
        }
        functions["now"] = TemplateFunc { _ in .float(Double(timestampMilliseconds) / 1000) }
        functions["pathPrefix"] = TemplateFunc { _ in .string(ExternalURL.path(of: externalURL)) }
        functions["externalURL"] = TemplateFunc { _ in .string(externalURL) }
        return functions
    }

    /// The functions that do not depend on the evaluation.
    public static let pureFunctions: [String: TemplateFunc] = {
        let queryResult = TemplateType.named(QueryResultObject.typeName)
        let sample = TemplateType.named(SampleObject.typeName)
        let nilDereference = TemplateFunctionError("runtime error: invalid memory address or nil pointer dereference")
        @Sendable func string(_ value: TemplateValue) -> String { value.stringValue ?? "" }
        func stringFunction(_ body: @escaping @Sendable (String) -> String) -> TemplateFunc {
            TemplateFunc(parameters: [.string]) { args in .string(body(string(args[0]))) }
        }
        func floatFunction(_ body: @escaping @Sendable (Double) throws -> String) -> TemplateFunc {
            TemplateFunc(parameters: [.any]) { args in .string(try body(try PromHumanize.convertToFloat(args[0]))) }
        }
        return [
            "first": TemplateFunc(parameters: [queryResult]) { args in
                guard let first = QueryResultObject.samples(args[0]).first else {
                    throw TemplateFunctionError("first() called on vector with no elements")
                }
                return .object(SampleObject(sample: first))
            },
            "label": TemplateFunc(parameters: [.string, sample]) { args in
                guard let sample = SampleObject.sample(args[1]) else { throw nilDereference }
                return .string(sample.labels[string(args[0])] ?? "")
            },
            "value": TemplateFunc(parameters: [sample]) { args in
                guard let sample = SampleObject.sample(args[0]) else { throw nilDereference }
                return .float(sample.value)
            },
            "strvalue": TemplateFunc(parameters: [sample]) { args in
                guard let sample = SampleObject.sample(args[0]) else { throw nilDereference }
                return .string(sample.labels["__value__"] ?? "")
            },
            "args": TemplateFunc(variadic: .any) { args in
                var map: [String: TemplateValue] = [:]
                for (i, arg) in args.enumerated() { map["arg\(i)"] = arg }
                return .map(map)
            },
            "reReplaceAll": TemplateFunc(parameters: [.string, .string, .string]) { args in
                let pattern = string(args[0])
                let regex: RE2
                do throws(ArgusError) {
                    regex = try RE2(pattern)
                } catch {
                    // regexp.MustCompile panics; the template reports the panic.
                    let quoted = GoStrconvQuote.backquoteOrQuote(pattern)
                    throw TemplateFunctionError("regexp: Compile(\(quoted)): \(error.message)")
                }
                return .string(regex.replaceAll(in: string(args[2]), with: string(args[1])))
            },
            "safeHtml": stringFunction { $0 },
            "match": TemplateFunc(parameters: [.string, .string]) { args in
                do throws(ArgusError) {
                    return .bool(try RE2(string(args[0])).contains(string(args[1])))
                } catch {
                    throw TemplateFunctionError(error.message)
                }
            },
            "title": stringFunction(TitleCase.apply),
            "toUpper": stringFunction { GoCase.upper($0) },
            "toLower": stringFunction { GoCase.lower($0) },
            "graphLink": stringFunction { "/graph?g0.expr=\(GoEscaper.urlQuery($0))&g0.tab=0" },
            "tableLink": stringFunction { "/graph?g0.expr=\(GoEscaper.urlQuery($0))&g0.tab=1" },
            "sortByLabel": TemplateFunc(parameters: [.string, queryResult]) { args in
                let label = string(args[0])
                let samples = QueryResultObject.samples(args[1])
                // A stable sort, comparing label values byte-wise as Go does.
                let sorted = samples.enumerated().sorted { a, b in
                    let x = a.element.labels[label] ?? ""
                    let y = b.element.labels[label] ?? ""
                    if x == y { return a.offset < b.offset }
                    return x.utf8.lexicographicallyPrecedes(y.utf8)
                }.map(\.element)
                return .object(QueryResultObject(samples: sorted))
            },
            "stripPort": stringFunction { hostPort in HostPort.split(hostPort)?.host ?? hostPort },
            "stripDomain": stringFunction { hostPort in
                let split = HostPort.split(hostPort)
                let host = split?.host ?? hostPort
                if HostPort.isIP(host) { return hostPort }
                let first = String(host.split(separator: ".", omittingEmptySubsequences: false).first ?? "")
                if let port = split?.port, !port.isEmpty { return HostPort.join(first, port) }
                return first
            },
            "humanize": floatFunction(PromHumanize.humanize),
            "humanize1024": floatFunction(PromHumanize.humanize1024),
            "humanizeDuration": floatFunction(PromHumanize.humanizeDuration),
            "humanizePercentage": floatFunction(PromHumanize.humanizePercentage),
            "humanizeTimestamp": floatFunction { value throws(TemplateFunctionError) in
                try PromHumanize.humanizeTimestamp(value)
            },
            "toTime": TemplateFunc(parameters: [.any]) { args in
                let time = try PromHumanize.floatToTime(try PromHumanize.convertToFloat(args[0]))
                return .object(TemplateTime(time, isPointer: true))
            },
            "toDuration": TemplateFunc(parameters: [.any]) { args in
                let seconds = try PromHumanize.convertToFloat(args[0])
                return .object(TemplateDuration(GoDuration(seconds: seconds), isPointer: true))
            },
            "parseDuration": TemplateFunc(parameters: [.string]) { args in
                .float(Double(try ModelDuration.parseAllowingNegative(string(args[0]))) / 1e9)
            },
            "urlQueryEscape": stringFunction(GoEscaper.urlQuery),
        ]
    }()
}

/// How `regexp.MustCompile` quotes a pattern in its panic message.
enum GoStrconvQuote {
    static func backquoteOrQuote(_ s: String) -> String {
        GoString.canBackquote(s) ? "`" + s + "`" : GoString.quote(s)
    }
}

/// The parts of Prometheus' external URL the template functions need.
enum ExternalURL {
    /// The URL's path, percent-decoded, as Go's `url.URL.Path`.
    static func path(of url: String) -> String {
        var rest = Substring(url)
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
        }
        guard let slash = rest.firstIndex(of: "/") else { return "" }
        var path = rest[slash...]
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        return percentDecode(String(path))
    }

    private static func percentDecode(_ s: String) -> String {
        var bytes: [UInt8] = []
        var input = Array(s.utf8)[...]
        while let byte = input.first {
            input = input.dropFirst()
            if byte == UInt8(ascii: "%"), input.count >= 2,
                let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                input = input.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
