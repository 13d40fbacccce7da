extension RE2 {
    /// A shape of pattern whose whole-string match needs no regex engine, after Prometheus'
    /// `FastRegexMatcher`. Each case is exactly equivalent to ``RE2/matchesWhole(_:)-(String)``.
    ///
    /// The `.*`-based cases (`prefix`, `suffix`, `contains`, `matchAnything`, `matchNonEmpty`) are
    /// reported only when their dots match newlines (`(?s)` or ``Options/dotMatchesNewline``, as
    /// Prometheus compiles label matchers); otherwise `.` rejects `\n`, the simple string test would
    /// be wrong, and the pattern reports `.none` (the matcher still takes an internal shortcut).
    public enum FastPath: Hashable, Sendable {
        /// The value must equal the string.
        case literal(String)
        /// The value must equal one of the strings, e.g. `a|b|c`, `(?:prod|dev)`, `env-[12]`.
        case alternation(Set<String>)
        /// The value must start with the string: `foo.*`.
        case prefix(String)
        /// The value must end with the string: `.*foo`.
        case suffix(String)
        /// The value must contain the string: `.*foo.*`.
        case contains(String)
        /// Every value matches: `.*`.
        case matchAnything
        /// Every non-empty value matches: `.+`.
        case matchNonEmpty
        /// No shortcut; the regex engine decides.
        case none
    }
}

/// The internal shortcut for whole-string matching; unlike ``RE2/FastPath`` it also covers dots
/// that reject `\n` and ASCII case-insensitive literals.
enum RE2FastMatcher: Hashable, Sendable {
    case literal([UInt8])
    /// Sorted and without duplicates, for a binary search that needs no allocation.
    case alternation([[UInt8]])
    /// `rest` is the text a `.*` (or `.+` when `nonEmpty`) covers; with `newlineFree` it may not
    /// contain `\n`.
    case prefix([UInt8], newlineFree: Bool)
    case suffix([UInt8], newlineFree: Bool)
    case contains([UInt8], newlineFree: Bool)
    case anything(newlineFree: Bool, nonEmpty: Bool)
    /// An ASCII literal under `(?i)`, stored lowercased; it has no `k` or `s` (whose case orbits
    /// leave ASCII).
    case asciiFoldLiteral([UInt8])

    /// The public view: only shortcuts that are plain string tests.
    var publicFastPath: RE2.FastPath {
        switch self {
        case .literal(let bytes): return .literal(String(decoding: bytes, as: UTF8.self))
        case .alternation(let list): return .alternation(Set(list.map { String(decoding: $0, as: UTF8.self) }))
        case .prefix(let p, false): return .prefix(String(decoding: p, as: UTF8.self))
        case .suffix(let s, false): return .suffix(String(decoding: s, as: UTF8.self))
        case .contains(let c, false): return .contains(String(decoding: c, as: UTF8.self))
        case .anything(false, false): return .matchAnything
        case .anything(false, true): return .matchNonEmpty
        default: return .none
        }
    }

    func matches(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .literal(let bytes):
            return s.elementsEqual(bytes)
        case .alternation(let sorted):
            var lo = 0
            var hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid].lexicographicallyPrecedes(s) {
                    lo = mid + 1
                } else {
                    hi = mid
                }
            }
            return lo < sorted.count && sorted[lo].elementsEqual(s)
        case .prefix(let p, let newlineFree):
            guard s.count >= p.count, s.prefix(p.count).elementsEqual(p) else { return false }
            return !newlineFree || !s[p.count...].contains(0x0A)
        case .suffix(let x, let newlineFree):
            guard s.count >= x.count, s.suffix(x.count).elementsEqual(x) else { return false }
            return !newlineFree || !s[..<(s.count - x.count)].contains(0x0A)
        case .contains(let c, let newlineFree):
            if newlineFree && s.contains(0x0A) { return false }
            return RE2Search.index(of: c, in: s, from: 0) != nil
        case .anything(let newlineFree, let nonEmpty):
            if nonEmpty && s.isEmpty { return false }
            return !newlineFree || !s.contains(0x0A)
        case .asciiFoldLiteral(let lower):
            guard s.count == lower.count else { return false }
            for i in 0..<lower.count {
                let b = s[i]
                let folded = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                if folded != lower[i] { return false }
            }
            return true
        }
    }

    // MARK: Classification

    /// Most strings an alternation shortcut may hold (Prometheus uses 256 too).
    static let maxAlternatives = 256

    /// Classifies a capture-free tree for whole-string matching.
    static func classify(_ node: RE2Node) -> RE2FastMatcher? {
        var items: [RE2Node]
        switch node {
        case .concat(let subs): items = subs
        default: items = [node]
        }
        // In a whole-string match, a leading \A and a trailing \z are always satisfied.
        if case .assertion(.beginText)? = items.first { items.removeFirst() }
        if case .assertion(.endText)? = items.last { items.removeLast() }

        if let strings = finiteStrings(.concat(items), limit: maxAlternatives) {
            if strings.count == 1, let only = strings.first { return .literal(only) }
            return .alternation(Set(strings).sorted { $0.lexicographicallyPrecedes($1) })
        }
        if items.count == 1, case .literal(let runes, true) = items[0], let lower = asciiFoldBytes(runes) {
            return .asciiFoldLiteral(lower)
        }
        switch items.count {
        case 1:
            if let (min, newlineFree) = dotRepeat(items[0]) {
                return .anything(newlineFree: newlineFree, nonEmpty: min == 1)
            }
        case 2:
            if case (0, let newlineFree)? = dotRepeat(items[1]), let p = literalBytes(items[0]) {
                return .prefix(p, newlineFree: newlineFree)
            }
            if case (0, let newlineFree)? = dotRepeat(items[0]), let x = literalBytes(items[1]) {
                return .suffix(x, newlineFree: newlineFree)
            }
        case 3:
            if case (0, let leadNL)? = dotRepeat(items[0]), case (0, let trailNL)? = dotRepeat(items[2]),
                leadNL == trailNL, let c = literalBytes(items[1])
            {
                // With newline-rejecting dots, "no \n anywhere" is only equivalent when the
                // literal itself has none.
                if leadNL && c.contains(0x0A) { return nil }
                return .contains(c, newlineFree: leadNL)
            }
        default:
            break
        }
        return nil
    }

    /// `.*` or `.+` (greedy or not): the minimum count and whether the dot rejects `\n`.
    private static func dotRepeat(_ node: RE2Node) -> (Int, Bool)? {
        guard case .repetition(let sub, let min, -1, _) = node, min <= 1 else { return nil }
        switch sub {
        case .anyChar: return (min, false)
        case .anyCharNotNL: return (min, true)
        default: return nil
        }
    }

    /// UTF-8 of a case-sensitive literal whose byte comparison equals regex matching: U+FFFD is
    /// excluded (it also matches invalid input bytes), as are surrogates (which match nothing).
    private static func scalarBytes(_ runes: [UInt32]) -> [UInt8]? {
        var out: [UInt8] = []
        for r in runes {
            guard r != RE2UTF8.replacement, let scalar = Unicode.Scalar(r) else { return nil }
            out.append(contentsOf: String(scalar).utf8)
        }
        return out
    }

    private static func literalBytes(_ node: RE2Node) -> [UInt8]? {
        guard case .literal(let runes, false) = node else { return nil }
        return scalarBytes(runes)
    }

    private static func asciiFoldBytes(_ runes: [UInt32]) -> [UInt8]? {
        var out: [UInt8] = []
        for r in runes {
            guard r < 0x80 else { return nil }
            let b = UInt8(r)
            let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            if lower == UInt8(ascii: "k") || lower == UInt8(ascii: "s") { return nil }
            out.append(lower)
        }
        return out
    }

    /// Every string `node` matches, if it matches at most `limit` strings and only literals,
    /// small classes, concatenation, alternation and `?` are involved.
    static func finiteStrings(_ node: RE2Node, limit: Int) -> [[UInt8]]? {
        switch node {
        case .empty:
            return [[]]
        case .literal(let runes, let fold):
            if fold {
                var results: [[UInt8]] = [[]]
                for r in runes {
                    var options: [[UInt8]] = []
                    for member in RE2Unicode.foldOrbit(of: r) {
                        guard let bytes = scalarBytes([member]) else { return nil }
                        options.append(bytes)
                    }
                    guard let next = product(results, options, limit: limit) else { return nil }
                    results = next
                }
                return results
            }
            return scalarBytes(runes).map { [$0] }
        case .charClass(let cls):
            guard let members = cls.members(limit: min(limit, 16)) else { return nil }
            var out: [[UInt8]] = []
            for r in members {
                guard let bytes = scalarBytes([r]) else { return nil }
                out.append(bytes)
            }
            return out
        case .concat(let subs):
            var results: [[UInt8]] = [[]]
            for sub in subs {
                guard let options = finiteStrings(sub, limit: limit),
                    let next = product(results, options, limit: limit)
                else { return nil }
                results = next
            }
            return results
        case .alternate(let subs):
            var out: [[UInt8]] = []
            for sub in subs {
                guard let options = finiteStrings(sub, limit: limit) else { return nil }
                out.append(contentsOf: options)
                if out.count > limit { return nil }
            }
            return out
        case .repetition(let sub, 0, 1, _):
            guard let options = finiteStrings(sub, limit: limit), options.count < limit else { return nil }
            return [[]] + options
        default:
            return nil
        }
    }

    private static func product(_ a: [[UInt8]], _ b: [[UInt8]], limit: Int) -> [[UInt8]]? {
        guard a.count * b.count <= limit else { return nil }
        var out: [[UInt8]] = []
        out.reserveCapacity(a.count * b.count)
        for x in a {
            for y in b { out.append(x + y) }
        }
        return out
    }
}
