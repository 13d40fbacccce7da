/// A set of Unicode code points, kept as sorted, non-overlapping, non-adjacent closed ranges.
///
/// Code points are `UInt32` rather than `Unicode.Scalar` because RE2 syntax can name surrogates
/// (`\x{D800}`), which simply never match decoded input.
struct RE2CharClass: Hashable, Sendable {
    /// Flat `[lo0, hi0, lo1, hi1, …]`, sorted and merged.
    private(set) var ranges: [UInt32]

    static let maxRune: UInt32 = 0x10FFFF

    init() { ranges = [] }

    /// Builds a class from flat, possibly unsorted and overlapping `[lo, hi, …]` pairs.
    init(flatRanges: [UInt32]) {
        ranges = flatRanges
        clean()
    }

    static let any = RE2CharClass(flatRanges: [0, maxRune])

    var isEmpty: Bool { ranges.isEmpty }
    var rangeCount: Int { ranges.count / 2 }

    /// The number of code points in the class.
    var count: Int {
        var total = 0
        var i = 0
        while i < ranges.count {
            total += Int(ranges[i + 1] - ranges[i]) + 1
            i += 2
        }
        return total
    }

    /// Every code point in the class, if there are at most `limit` of them.
    func members(limit: Int) -> [UInt32]? {
        guard count <= limit else { return nil }
        var out: [UInt32] = []
        var i = 0
        while i < ranges.count {
            out.append(contentsOf: ranges[i]...ranges[i + 1])
            i += 2
        }
        return out
    }

    func contains(_ r: UInt32) -> Bool {
        var lo = 0
        var hi = ranges.count / 2
        while lo < hi {
            let mid = (lo + hi) / 2
            if r < ranges[2 * mid] {
                hi = mid
            } else if r > ranges[2 * mid + 1] {
                lo = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    mutating func add(_ lo: UInt32, _ hi: UInt32) {
        ranges.append(lo)
        ranges.append(hi)
    }

    mutating func add(_ other: RE2CharClass) {
        ranges.append(contentsOf: other.ranges)
    }

    /// Adds the complement of `other`.
    mutating func addNegated(_ other: RE2CharClass) {
        ranges.append(contentsOf: other.negated().ranges)
    }

    /// Sorts and merges the ranges.
    mutating func clean() {
        guard ranges.count > 2 else { return }
        var pairs: [(UInt32, UInt32)] = []
        pairs.reserveCapacity(ranges.count / 2)
        var i = 0
        while i + 1 < ranges.count {
            pairs.append((ranges[i], ranges[i + 1]))
            i += 2
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 > $1.1 }
        var out: [UInt32] = []
        out.reserveCapacity(ranges.count)
        for (lo, hi) in pairs {
            if let last = out.last, lo <= last + 1 {
                if hi > last { out[out.count - 1] = hi }
            } else {
                out.append(lo)
                out.append(hi)
            }
        }
        ranges = out
    }

    /// The complement within `0...0x10FFFF`.
    func negated() -> RE2CharClass {
        var out: [UInt32] = []
        var next: UInt32 = 0
        var i = 0
        while i < ranges.count {
            if ranges[i] > next { out.append(contentsOf: [next, ranges[i] - 1]) }
            next = ranges[i + 1] + 1
            i += 2
        }
        if next <= Self.maxRune { out.append(contentsOf: [next, Self.maxRune]) }
        var result = RE2CharClass()
        result.ranges = out
        return result
    }

    /// The class closed under simple case folding, as `(?i)` requires.
    func caseFolded() -> RE2CharClass {
        var out = self
        var i = 0
        while i < ranges.count {
            for member in RE2Unicode.foldableScalars(in: ranges[i]...ranges[i + 1]) {
                for other in RE2Unicode.foldOrbit(of: member) { out.add(other, other) }
            }
            i += 2
        }
        out.clean()
        return out
    }
}

// MARK: - Named classes

extension RE2CharClass {
    /// The Perl classes `\d`, `\s`, `\w` (ASCII only, as in RE2); the key is the letter after `\`.
    static func perl(_ letter: UInt8) -> (RE2CharClass, negated: Bool)? {
        switch letter {
        case UInt8(ascii: "d"): return (digit, false)
        case UInt8(ascii: "D"): return (digit, true)
        case UInt8(ascii: "s"): return (perlSpace, false)
        case UInt8(ascii: "S"): return (perlSpace, true)
        case UInt8(ascii: "w"): return (word, false)
        case UInt8(ascii: "W"): return (word, true)
        default: return nil
        }
    }

    static let digit = RE2CharClass(flatRanges: [0x30, 0x39])
    static let perlSpace = RE2CharClass(flatRanges: [0x09, 0x0A, 0x0C, 0x0D, 0x20, 0x20])
    static let word = RE2CharClass(flatRanges: [0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A])

    /// POSIX classes as written inside brackets, e.g. `alpha` for `[:alpha:]`.
    static func posix(_ name: String) -> RE2CharClass? {
        let flat: [UInt32]
        switch name {
        case "alnum": flat = [0x30, 0x39, 0x41, 0x5A, 0x61, 0x7A]
        case "alpha": flat = [0x41, 0x5A, 0x61, 0x7A]
        case "ascii": flat = [0x00, 0x7F]
        case "blank": flat = [0x09, 0x09, 0x20, 0x20]
        case "cntrl": flat = [0x00, 0x1F, 0x7F, 0x7F]
        case "digit": flat = [0x30, 0x39]
        case "graph": flat = [0x21, 0x7E]
        case "lower": flat = [0x61, 0x7A]
        case "print": flat = [0x20, 0x7E]
        case "punct": flat = [0x21, 0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B, 0x7E]
        case "space": flat = [0x09, 0x0D, 0x20, 0x20]
        case "upper": flat = [0x41, 0x5A]
        case "word": flat = [0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A]
        case "xdigit": flat = [0x30, 0x39, 0x41, 0x46, 0x61, 0x66]
        default: return nil
        }
        return RE2CharClass(flatRanges: flat)
    }
}
