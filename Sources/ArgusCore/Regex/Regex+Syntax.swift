/// Parse flags, as Go's `regexp/syntax.Flags` (only those reachable from Perl syntax).
struct RE2Flags: OptionSet, Hashable, Sendable {
    let rawValue: UInt8

    /// `(?i)`: case-insensitive.
    static let foldCase = RE2Flags(rawValue: 1 << 0)
    /// `(?s)`: `.` matches `\n`.
    static let dotNL = RE2Flags(rawValue: 1 << 1)
    /// Not `(?m)`: `^` and `$` match only at the beginning and end of text.
    static let oneLine = RE2Flags(rawValue: 1 << 2)
    /// `(?U)`: swap the meaning of greedy and non-greedy repetition.
    static let nonGreedy = RE2Flags(rawValue: 1 << 3)
}

/// Zero-width assertions.
enum RE2Assertion: UInt8, Hashable, Sendable {
    case beginLine
    case endLine
    case beginText
    case endText
    case wordBoundary
    case noWordBoundary
}

/// A parsed regular expression, the equivalent of Go's `syntax.Regexp` tree.
indirect enum RE2Node: Hashable, Sendable {
    case noMatch
    case empty
    /// A sequence of code points; with `foldCase`, each matches its whole case-folding orbit.
    case literal([UInt32], foldCase: Bool)
    case charClass(RE2CharClass)
    /// `.` under `(?s)`.
    case anyChar
    /// `.` without `(?s)`.
    case anyCharNotNL
    case assertion(RE2Assertion)
    /// Capturing group number `index` (1-based).
    case capture(RE2Node, index: Int, name: String?)
    /// `x{min,max}`; `max == -1` means unbounded. `*`, `+`, `?` are `{0,}`, `{1,}`, `{0,1}`.
    case repetition(RE2Node, min: Int, max: Int, greedy: Bool)
    case concat([RE2Node])
    case alternate([RE2Node])

    /// The same tree without capturing groups, for boolean matching and classification.
    var withoutCaptures: RE2Node {
        switch self {
        case .capture(let sub, _, _): return sub.withoutCaptures
        case .repetition(let sub, let min, let max, let greedy):
            return .repetition(sub.withoutCaptures, min: min, max: max, greedy: greedy)
        case .concat(let subs): return .concat(subs.map(\.withoutCaptures))
        case .alternate(let subs): return .alternate(subs.map(\.withoutCaptures))
        default: return self
        }
    }
}
