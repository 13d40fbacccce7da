import GoTemplate

/// The escaping of Go's `html/template` for the contexts
/// ``HTMLContextEscaper`` tells apart.
enum HTMLEscaping {
    /// The printed form of `args`, escaped for `context`. A single
    /// ``SafeHTML`` argument is printed as is in element text, and stripped of
    /// its tags in attributes.
    static func escape(_ args: [TemplateValue], as context: HTMLContextEscaper.Escaper) -> String {
        var safe: String?
        if args.count == 1, case .object(let object) = args[0], let html = object as? SafeHTML { safe = html.html }
        let text = safe ?? stringify(args)
        switch context {
        case .text:
            return safe ?? html(text, escapeAmpersands: true)
        case .attribute:
            return safe.map { html(stripTags($0), escapeAmpersands: false) } ?? html(text, escapeAmpersands: true)
        case .urlStart:
            return html(normalizeURL(filterURL(text), query: false), escapeAmpersands: true)
        case .urlPath:
            return html(normalizeURL(text, query: false), escapeAmpersands: true)
        case .urlQuery:
            return html(normalizeURL(text, query: true), escapeAmpersands: true)
        }
    }

    /// Values as `fmt.Sprint` prints them, nil as nothing.
    private static func stringify(_ args: [TemplateValue]) -> String {
        if args.count == 1, case .string(let s) = args[0] { return s }
        return GoFormatter.sprint(args.map { if case .nil = $0 { return .string("") } else { return $0 } })
    }

    /// HTML-escapes `s` as Go's `htmlEscaper`: quotes, `&`, `+`, `<`, `>` as
    /// entities and NUL as U+FFFD. Already-escaped text keeps its `&`.
    static func html(_ s: String, escapeAmpersands: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\0": out += "\u{FFFD}"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += escapeAmpersands ? "&amp;" : "&"
            case "+": out += "&#43;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Go's `urlFilter`: a URL with a scheme other than http, https or mailto
    /// becomes `#ZgotmplZ`.
    private static func filterURL(_ s: String) -> String {
        guard let colon = s.firstIndex(of: ":"), !s[..<colon].contains("/") else { return s }
        let scheme = s[..<colon].lowercased()
        return scheme == "http" || scheme == "https" || scheme == "mailto" ? s : "#ZgotmplZ"
    }

    /// Percent-encodes the bytes a URL may not contain. In a path the
    /// reserved characters and existing escapes stay; in a query or fragment
    /// only unreserved characters do.
    private static func normalizeURL(_ s: String, query: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in s.utf8 {
            let isUnreserved =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "~")
            let isReserved = "!#$&*+,/:;=?@[]%".utf8.contains(byte)
            if isUnreserved || (!query && isReserved) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The text of an HTML fragment without its tags.
    private static func stripTags(_ html: String) -> String {
        var out = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
            } else if character == ">" && inTag {
                inTag = false
            } else if !inTag {
                out.append(character)
            }
        }
        return out
    }
}
