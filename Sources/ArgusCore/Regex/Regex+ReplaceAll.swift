extension RE2 {
    /// `s` with every match replaced by `template`, expanded as ``expand(template:groups:)`` does
    /// (`$1`, `${name}`, `$$`): Go's `Regexp.ReplaceAllString`, which Prometheus' `reReplaceAll`
    /// template function uses.
    ///
    /// Matches are found left to right without overlapping; an empty match right after a
    /// previous match is not replaced, and the search always advances by at least one code
    /// point, exactly as in Go. `^`, `$` and `\b` see the whole of `s`.
    ///
    /// ```swift
    /// try RE2("a(x*)b").replaceAll(in: "-ab-axxb-", with: "${1}W")   // "-W-xxW-"
    /// ```
    public func replaceAll(in s: String, with template: String) -> String {
        replaceAll(in: s) { expand(template: template, groups: $0) }
    }

    /// `s` with every match replaced by `replacement` taken literally (Go's
    /// `ReplaceAllLiteralString`).
    public func replaceAll(in s: String, withLiteral replacement: String) -> String {
        replaceAll(in: s) { _ in replacement }
    }

    /// Go's `Regexp.replaceAll` loop: `replacement` receives the groups of each match.
    private func replaceAll(in s: String, replacement: ([Substring?]) -> String) -> String {
        var copy = s
        let matches: [[Int]] = copy.withUTF8 { bytes in
            var found: [[Int]] = []
            var lastMatchEnd = 0
            var searchPos = 0
            while searchPos <= bytes.count {
                guard let slots = match(bytes, from: searchPos) else { break }
                // An empty match right after the previous match is not a new match.
                if slots[1] > lastMatchEnd || slots[0] == 0 { found.append(slots) } else { found.append([]) }
                lastMatchEnd = slots[1]
                let width = searchPos < bytes.count ? RE2UTF8.decode(bytes, at: searchPos).1 : 0
                if searchPos + width > slots[1] {
                    searchPos += width
                } else if searchPos + 1 > slots[1] {
                    searchPos += 1
                } else {
                    searchPos = slots[1]
                }
            }
            return found
        }
        guard !matches.isEmpty else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var copied = 0
        for slots in matches {
            guard !slots.isEmpty else { continue }
            out += substring(s, copied, slots[0])
            var groups: [Substring?] = []
            groups.reserveCapacity(slots.count / 2)
            for group in 0..<(slots.count / 2) {
                let lo = slots[2 * group]
                let hi = slots[2 * group + 1]
                groups.append(lo >= 0 && hi >= lo ? substring(s, lo, hi) : nil)
            }
            out += replacement(groups)
            copied = slots[1]
        }
        out += substring(s, copied, s.utf8.count)
        return out
    }

    /// The leftmost match starting at or after byte `from`, as capture slot offsets.
    private func match(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> [Int]? {
        let count = program.slotCount
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { slots in
            guard
                RE2PikeVM.execute(program, bytes, anchorStart: false, anchorEnd: false, slots: slots, from: from),
                slots[0] >= 0, slots[1] >= slots[0]
            else { return nil }
            return Array(slots)
        }
    }

    private func substring(_ s: String, _ lo: Int, _ hi: Int) -> Substring {
        let start = s.utf8.index(s.utf8.startIndex, offsetBy: lo)
        let end = s.utf8.index(s.utf8.startIndex, offsetBy: hi)
        return s[start..<end]
    }
}
