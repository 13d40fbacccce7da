extension RE2 {
    /// Expands `template` with the groups of a match, with the rules of Go's `Regexp.Expand`:
    ///
    /// - `$1` or `${1}` is group 1, `$name` or `${name}` the first participating group so named;
    /// - a name is the longest run of letters, digits and `_`, so `$1x` means the group named
    ///   `1x` (write `${1}x` instead); numbers with a leading zero are names too;
    /// - `$$` is a literal `$`; a `$` not followed by a valid reference stays as it is;
    /// - a group that is unknown, out of range, or did not participate expands to nothing.
    ///
    /// `groups` is usually the result of ``wholeMatchGroups(_:)``.
    public func expand(template: String, groups: [Substring?]) -> String {
        var out = ""
        var rest = template.unicodeScalars[...]
        while let dollar = rest.firstIndex(of: "$") {
            out.unicodeScalars.append(contentsOf: rest[..<dollar])
            rest = rest[rest.index(after: dollar)...]
            if rest.first == "$" {
                out.append("$")
                rest = rest.dropFirst()
                continue
            }
            guard let (name, after) = Self.extractReference(rest) else {
                out.append("$")
                continue
            }
            rest = after
            if let number = Self.groupNumber(name) {
                if number < groups.count, let group = groups[number] { out.append(contentsOf: group) }
            } else {
                for (i, groupName) in captureNames.enumerated() where groupName == name {
                    if i < groups.count, let group = groups[i] {
                        out.append(contentsOf: group)
                        break
                    }
                }
            }
        }
        out.unicodeScalars.append(contentsOf: rest)
        return out
    }

    /// Go's `extract`: the name after `$` (braced or not) and the text after it.
    private static func extractReference(
        _ s: Substring.UnicodeScalarView
    ) -> (String, Substring.UnicodeScalarView)? {
        var rest = s
        let braced = rest.first == "{"
        if braced { rest = rest.dropFirst() }
        var name = String.UnicodeScalarView()
        while let c = rest.first, c == "_" || RE2Unicode.isLetterOrDigit(c) {
            name.append(c)
            rest = rest.dropFirst()
        }
        guard !name.isEmpty else { return nil }
        if braced {
            guard rest.first == "}" else { return nil }
            rest = rest.dropFirst()
        }
        return (String(name), rest)
    }

    /// The group number a reference names: ASCII digits without a leading zero, below 1e8.
    private static func groupNumber(_ name: String) -> Int? {
        var number = 0
        for byte in name.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), number < 100_000_000 else { return nil }
            number = number * 10 + Int(byte - UInt8(ascii: "0"))
        }
        if name.utf8.count > 1 && name.utf8.first == UInt8(ascii: "0") { return nil }
        return number
    }
}
