/// The addresses of an RFC 5322 address list (`Ops <ops@example.com>,
/// dev@example.com`), as far as an SMTP envelope needs them: each
/// element's address in angle brackets, or the element itself.
enum MailAddress {
    struct ParseError: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    static func parseList(_ list: String) throws(ParseError) -> [String] {
        var elements: [String] = []
        var current = ""
        var inQuotes = false
        var inAngle = false
        var escaped = false
        for character in list {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\" where inQuotes: escaped = true
            case "\"": inQuotes.toggle()
            case "<" where !inQuotes: inAngle = true
            case ">" where !inQuotes: inAngle = false
            case "," where !inQuotes && !inAngle:
                elements.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        elements.append(current)
        var addresses: [String] = []
        for element in elements {
            let trimmed = element.trimmingSpaces
            if trimmed.isEmpty {
                throw ParseError(description: "mail: no address")
            }
            var address = trimmed
            if let open = trimmed.lastIndex(of: "<") {
                guard let close = trimmed[open...].firstIndex(of: ">") else {
                    throw ParseError(description: "mail: unclosed angle-addr")
                }
                address = String(trimmed[trimmed.index(after: open)..<close]).trimmingSpaces
            }
            guard let at = address.lastIndex(of: "@"), at != address.startIndex,
                address.index(after: at) != address.endIndex
            else {
                throw ParseError(description: "mail: missing '@' or angle-addr")
            }
            addresses.append(address)
        }
        return addresses
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
