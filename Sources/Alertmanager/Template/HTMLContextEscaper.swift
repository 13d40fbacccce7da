/// Rewrites template source so that, run by the `text/template` engine, it
/// escapes like Go's `html/template`: every action that prints a value gets
/// an escaping function for the HTML context it prints into, and HTML
/// comments in the template text are dropped.
///
/// The context is followed through the text in source order: element text,
/// a tag, a quoted or unquoted attribute value, and for URL-valued attributes
/// (`href`, `src`, …) whether the value so far is empty, in its path, or in
/// its query or fragment. Each `define` and `block` body starts in element
/// text. This is a simplification of Go's escaper, which follows every branch
/// and escapes a called template in the caller's context: here a
/// `{{ template }}` call prints its result as the callee escaped it in
/// element text, and values inside `<script>` and `<style>` are escaped as
/// element text rather than as JavaScript or CSS.
struct HTMLContextEscaper {
    /// The functions the rewritten source calls.
    enum Escaper: String, CaseIterable {
        case text = "__argus_html_text"
        case attribute = "__argus_html_attr"
        case urlStart = "__argus_html_url_start"
        case urlPath = "__argus_html_url_path"
        case urlQuery = "__argus_html_url_query"
    }

    private enum URLPart { case start, path, query }

    private enum Context: Equatable {
        case text
        case rawText(endTag: String)
        case tag
        case attributeValue(quote: UInt8?, url: URLPart?)
    }

    private var context = Context.text
    private var tagName = ""
    private var attributeName = ""
    private var savedContexts: [Context?] = []
    private var out: [UInt8] = []

    /// `source` rewritten; unterminated actions are left for the parser to report.
    static func escape(_ source: String) -> String {
        var escaper = HTMLContextEscaper()
        escaper.run(Array(source.utf8))
        return String(decoding: escaper.out, as: UTF8.self)
    }

    private mutating func run(_ s: [UInt8]) {
        var i = 0
        while i < s.count {
            guard let open = Self.find(s, "{{", from: i) else {
                scanText(s[i...])
                return
            }
            scanText(s[i..<open])
            guard let close = Self.actionEnd(s, from: open + 2) else {
                out.append(contentsOf: s[open...])
                return
            }
            action(s[open..<(close + 2)])
            i = close + 2
        }
    }

    // MARK: Actions

    private mutating func action(_ action: ArraySlice<UInt8>) {
        var inner = action.dropFirst(2).dropLast(2)
        var leftTrim = false
        var rightTrim = false
        if inner.count >= 2, inner.first == UInt8(ascii: "-"), Self.isSpace(inner[inner.startIndex + 1]) {
            leftTrim = true
            inner = inner.dropFirst()
        }
        if inner.count >= 2, inner.last == UInt8(ascii: "-"), Self.isSpace(inner[inner.endIndex - 2]) {
            rightTrim = true
            inner = inner.dropLast()
        }
        let body = String(decoding: inner, as: UTF8.self)
        let trimmed = body.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let keyword = trimmed.prefix { $0.isLetter }
        guard let escaper = escaperForOutput(trimmed, keyword: keyword) else {
            out.append(contentsOf: action)
            return
        }
        var rewritten = leftTrim ? "{{-" : "{{"
        rewritten += body.trimmingTrailingSpace() + " | " + escaper.rawValue + " "
        rewritten += rightTrim ? "-}}" : "}}"
        out.append(contentsOf: rewritten.utf8)
        if case .attributeValue(let quote, .start?) = context { context = .attributeValue(quote: quote, url: .path) }
    }

    /// The escaper an action's output needs, or nil when it prints nothing
    /// of its own (control flow, declarations, comments, template calls).
    private mutating func escaperForOutput(_ body: Substring, keyword: Substring) -> Escaper? {
        switch keyword {
        case "if", "range", "with":
            savedContexts.append(nil)
            return nil
        case "define", "block":
            savedContexts.append(context)
            context = .text
            return nil
        case "end":
            if let saved = savedContexts.popLast(), let saved { context = saved }
            return nil
        case "else", "template", "break", "continue":
            return nil
        default:
            break
        }
        if body.hasPrefix("/*") || Self.isDeclaration(body) { return nil }
        let last = Self.lastCommandName(body)
        switch context {
        case .text, .rawText:
            return last == "html" ? nil : .text
        case .tag, .attributeValue(_, nil):
            return .attribute
        case .attributeValue(_, .start?):
            return last == "urlquery" ? .attribute : .urlStart
        case .attributeValue(_, .path?):
            return last == "urlquery" ? .attribute : .urlPath
        case .attributeValue(_, .query?):
            return last == "urlquery" ? .attribute : .urlQuery
        }
    }

    /// Whether the action is `$x := …` or `$x = …` (or `$i, $v := …`).
    private static func isDeclaration(_ body: Substring) -> Bool {
        guard body.hasPrefix("$") else { return false }
        var rest = body.drop { $0 != " " && $0 != ":" && $0 != "=" && $0 != "," }
        rest = rest.drop { $0 == " " }
        if rest.hasPrefix(",") {
            rest = rest.dropFirst().drop { $0 == " " }
            guard rest.hasPrefix("$") else { return false }
            rest = rest.drop { $0 != " " && $0 != ":" && $0 != "=" }.drop { $0 == " " }
        }
        return rest.hasPrefix(":=") || (rest.hasPrefix("=") && !rest.hasPrefix("=="))
    }

    /// The identifier the pipeline's last command starts with.
    private static func lastCommandName(_ body: Substring) -> Substring {
        let lastCommand = body.split(separator: "|").last ?? body
        return lastCommand.drop { $0 == " " }.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    // MARK: HTML text between actions

    private mutating func scanText(_ text: ArraySlice<UInt8>) {
        var i = text.startIndex
        while i < text.endIndex {
            let byte = text[i]
            switch context {
            case .text:
                if Self.hasPrefix(text, i, "<!--") {
                    // Go drops comments from the template text.
                    guard let end = Self.find(Array(text[i...]), "-->", from: 4) else { return }
                    i += end + 3
                    continue
                }
                out.append(byte)
                if byte == UInt8(ascii: "<"), i + 1 < text.endIndex, Self.isLetter(text[i + 1]) {
                    let nameEnd =
                        text[(i + 1)...].firstIndex { !Self.isLetter($0) && !Self.isDigit($0) } ?? text.endIndex
                    tagName = String(decoding: text[(i + 1)..<nameEnd], as: UTF8.self).lowercased()
                    out.append(contentsOf: text[(i + 1)..<nameEnd])
                    context = .tag
                    i = nameEnd
                    continue
                }
            case .rawText(let endTag):
                out.append(byte)
                if byte == UInt8(ascii: "<"), Self.hasPrefix(text, i, "</" + endTag) { context = .text }
            case .tag:
                out.append(byte)
                if byte == UInt8(ascii: ">") {
                    context = tagName == "script" || tagName == "style" ? .rawText(endTag: tagName) : .text
                } else if byte == UInt8(ascii: "=") {
                    // The value starts after optional spaces.
                    var j = i + 1
                    while j < text.endIndex, Self.isSpace(text[j]) {
                        out.append(text[j])
                        j += 1
                    }
                    let url: URLPart? = Self.isURLAttribute(attributeName) ? .start : nil
                    if j < text.endIndex, text[j] == UInt8(ascii: "\"") || text[j] == UInt8(ascii: "'") {
                        out.append(text[j])
                        context = .attributeValue(quote: text[j], url: url)
                        i = j + 1
                    } else {
                        context = .attributeValue(quote: nil, url: url)
                        i = j
                    }
                    continue
                } else if Self.isLetter(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") {
                    let start = i
                    var end = i + 1
                    while end < text.endIndex,
                        Self.isLetter(text[end]) || Self.isDigit(text[end]) || text[end] == UInt8(ascii: "-")
                            || text[end] == UInt8(ascii: ":")
                    {
                        end += 1
                    }
                    attributeName = String(decoding: text[start..<end], as: UTF8.self).lowercased()
                    out.append(contentsOf: text[(start + 1)..<end])
                    i = end
                    continue
                }
            case .attributeValue(let quote, let url):
                let closes = quote.map { byte == $0 } ?? (Self.isSpace(byte) || byte == UInt8(ascii: ">"))
                if closes {
                    context = .tag
                    if quote != nil {
                        out.append(byte)
                        i += 1
                    }
                    continue
                }
                out.append(byte)
                if let url {
                    let part: URLPart =
                        byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || url == .query ? .query : .path
                    context = .attributeValue(quote: quote, url: part)
                }
            }
            i += 1
        }
    }

    /// Attributes whose values are URLs, as Go's escaper classifies them.
    private static func isURLAttribute(_ name: String) -> Bool {
        let local = name.split(separator: ":").last.map(String.init) ?? name
        let urlAttributes: Set<String> = [
            "action", "archive", "background", "cite", "classid", "codebase", "data", "formaction", "href", "icon",
            "longdesc", "manifest", "poster", "profile", "src", "usemap", "xmlns",
        ]
        return urlAttributes.contains(local) || local.contains("src") || local.contains("uri") || local.contains("url")
    }

    // MARK: Bytes

    /// The index of the `}}` closing the action whose body starts at `start`,
    /// skipping string, raw-string and character literals and comments.
    private static func actionEnd(_ s: [UInt8], from start: Int) -> Int? {
        var i = start
        while i < s.count {
            switch s[i] {
            case UInt8(ascii: "}") where i + 1 < s.count && s[i + 1] == UInt8(ascii: "}"):
                return i
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let quote = s[i]
                i += 1
                while i < s.count, s[i] != quote, s[i] != UInt8(ascii: "\n") {
                    if s[i] == UInt8(ascii: "\\") { i += 1 }
                    i += 1
                }
            case UInt8(ascii: "`"):
                i += 1
                while i < s.count, s[i] != UInt8(ascii: "`") { i += 1 }
            case UInt8(ascii: "/") where i + 1 < s.count && s[i + 1] == UInt8(ascii: "*"):
                guard let end = find(s, "*/", from: i + 2) else { return nil }
                i = end + 1
            default:
                break
            }
            i += 1
        }
        return nil
    }

    private static func find(_ s: [UInt8], _ needle: String, from start: Int) -> Int? {
        let n = Array(needle.utf8)
        guard s.count >= n.count, start <= s.count - n.count else { return nil }
        for i in start...(s.count - n.count) where s[i] == n[0] && Array(s[i..<(i + n.count)]) == n { return i }
        return nil
    }

    private static func hasPrefix(_ s: ArraySlice<UInt8>, _ i: Int, _ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        guard s.endIndex - i >= p.count else { return false }
        for (k, byte) in p.enumerated() {
            let c = s[i + k]
            let lowered = c >= 0x41 && c <= 0x5A ? c + 0x20 : c
            if lowered != byte { return false }
        }
        return true
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}

extension String {
    fileprivate func trimmingTrailingSpace() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" || last == "\n" || last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
