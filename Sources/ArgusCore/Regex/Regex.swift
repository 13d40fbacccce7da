/// A regular expression in RE2 syntax, as Go's `regexp` package accepts it (Perl flags), matched in
/// time linear in the input.
///
/// Matching works on UTF-8 bytes: `.` and classes match whole code points, and each invalid byte
/// counts as one U+FFFD, so no input can make matching fail or crash.
///
/// Prometheus compiles label matchers, relabeling and `label_replace` regexes as
/// `^(?s:PATTERN)$`: fully anchored, and `.` matching `\n`. Use ``matchesWhole(_:)-(String)`` with
/// ``Options/dotMatchesNewline`` for that; LogQL line filters use ``contains(_:)`` without it.
///
/// ```swift
/// let re = try RE2("api-(?P<zone>[a-z]+)-\\d+")
/// re.matchesWhole("api-eu-1")                               // true
/// let groups = re.wholeMatchGroups("api-eu-1")!              // ["api-eu-1", "eu"]
/// re.expand(template: "zone=$zone", groups: groups)          // "zone=eu"
/// ```
public struct RE2: Sendable, Hashable, CustomStringConvertible {
    /// Parse options beyond the Perl defaults.
    public struct Options: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// `.` also matches `\n`, as if the pattern were wrapped in `(?s:…)` (Go's `syntax.DotNL`).
        /// Prometheus label matchers and relabeling use this.
        public static let dotMatchesNewline = Options(rawValue: 1 << 0)
    }

    /// The pattern as written.
    public let pattern: String
    /// The options it was compiled with.
    public let options: Options
    /// Capture group names, index-aligned with groups: element 0 is the whole match (always nil),
    /// unnamed groups are nil.
    public let captureNames: [String?]
    /// The shortcut ``matchesWhole(_:)-(String)`` takes, for planners that want to know.
    public let fastPath: FastPath

    let program: RE2Program
    let fastMatcher: RE2FastMatcher?

    /// Parses and compiles `pattern`.
    ///
    /// - Throws: ``ArgusError`` with code `.invalidRegex` and Go's message, such as
    ///   "error parsing regexp: missing closing ): `(a`".
    public init(_ pattern: String, options: Options = []) throws(ArgusError) {
        var flags: RE2Flags = [.oneLine]
        if options.contains(.dotMatchesNewline) { flags.insert(.dotNL) }
        let parsed = try RE2Parser.parse(pattern, flags: flags)
        self.pattern = pattern
        self.options = options
        self.captureNames = parsed.captureNames
        self.program = try RE2Compiler.compile(parsed.node, groupCount: parsed.captureNames.count, pattern: pattern)
        let matcher = RE2FastMatcher.classify(parsed.node.withoutCaptures)
        self.fastMatcher = matcher
        self.fastPath = matcher?.publicFastPath ?? .none
    }

    public var description: String { pattern }

    public static func == (lhs: RE2, rhs: RE2) -> Bool {
        lhs.pattern == rhs.pattern && lhs.options == rhs.options
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
        hasher.combine(options)
    }

    /// `text` with every regex metacharacter escaped, so the result matches
    /// `text` literally (Go's `regexp.QuoteMeta`).
    public static func quoteMeta(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            if "\\.+*?()|[]{}^$".unicodeScalars.contains(character) { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(character)
        }
        return out
    }

    /// The number of capture groups, not counting the whole match.
    public var groupCount: Int { captureNames.count - 1 }

    // MARK: Whole-string matching

    /// Whether the regex matches all of `s`, as `^(?:PATTERN)$` would.
    public func matchesWhole(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { matchesWhole($0) }
    }

    /// Whether the regex matches all of `bytes` (UTF-8; invalid sequences match as U+FFFD).
    public func matchesWhole(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let fastMatcher { return fastMatcher.matches(bytes) }
        return matchesWholeWithoutFastPath(bytes)
    }

    /// The engine path of ``matchesWhole(_:)-(UnsafeBufferPointer<UInt8>)``, bypassing the fast path.
    func matchesWholeWithoutFastPath(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let prefix = program.prefix
        if !prefix.isEmpty {
            guard bytes.count >= prefix.count, bytes.prefix(prefix.count).elementsEqual(prefix) else { return false }
            if program.prefixIsWhole { return bytes.count == prefix.count }
        }
        return RE2PikeVM.execute(program, bytes, anchorStart: true, anchorEnd: true, slots: .init(start: nil, count: 0))
    }

    /// The groups of the match of all of `s` (index 0 is `s` itself; nil for groups that did not
    /// participate), or nil if the regex does not match all of `s`.
    public func wholeMatchGroups(_ s: String) -> [Substring?]? {
        groups(in: s, anchored: true)
    }

    // MARK: Searching

    /// Whether the regex matches anywhere in `s`.
    public func contains(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { contains($0) }
    }

    /// Whether the regex matches anywhere in `bytes`.
    public func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if program.prefixIsWhole {
            if program.anchoredStart {
                return bytes.count >= program.prefix.count
                    && bytes.prefix(program.prefix.count).elementsEqual(program.prefix)
            }
            return RE2Search.index(of: program.prefix, in: bytes, from: 0) != nil
        }
        return RE2PikeVM.execute(
            program, bytes, anchorStart: false, anchorEnd: false, slots: .init(start: nil, count: 0))
    }

    /// The leftmost match in `s`, preferring what Perl would (leftmost-first, like Go).
    public func firstMatch(in s: String) -> Range<String.Index>? {
        var copy = s
        let span: (Int, Int)? = copy.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 2) { slots in
                guard RE2PikeVM.execute(program, bytes, anchorStart: false, anchorEnd: false, slots: slots),
                    slots[0] >= 0, slots[1] >= slots[0]
                else { return nil }
                return (slots[0], slots[1])
            }
        }
        guard let (lo, hi) = span else { return nil }
        return index(in: s, at: lo)..<index(in: s, at: hi)
    }

    /// The groups of the leftmost match in `s` (index 0 is the match), or nil if there is none.
    public func firstMatchGroups(in s: String) -> [Substring?]? {
        groups(in: s, anchored: false)
    }

    private func groups(in s: String, anchored: Bool) -> [Substring?]? {
        var copy = s
        let count = program.slotCount
        let spans: [Int]? = copy.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { slots in
                guard RE2PikeVM.execute(program, bytes, anchorStart: anchored, anchorEnd: anchored, slots: slots)
                else { return nil }
                return Array(slots)
            }
        }
        guard let spans else { return nil }
        var result: [Substring?] = []
        result.reserveCapacity(count / 2)
        for group in 0..<(count / 2) {
            let lo = spans[2 * group]
            let hi = spans[2 * group + 1]
            if lo >= 0 && hi >= lo {
                result.append(s[index(in: s, at: lo)..<index(in: s, at: hi)])
            } else {
                result.append(nil)
            }
        }
        return result
    }

    private func index(in s: String, at offset: Int) -> String.Index {
        s.utf8.index(s.utf8.startIndex, offsetBy: offset)
    }
}
