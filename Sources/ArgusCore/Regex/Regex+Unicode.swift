/// Unicode tables for RE2 syntax: simple case-folding orbits, general categories (`\p{Lu}`) and
/// scripts (`\p{Greek}`).
///
/// Categories and folding are derived once, lazily, from the Swift runtime's Unicode data, so
/// they follow the Unicode version of the toolchain rather than Go's; scripts come from a
/// generated table (`Regex+UnicodeScripts.swift`).
enum RE2Unicode {
    // MARK: Case folding

    private struct FoldTable: Sendable {
        /// Every code point that has at least one other case-equivalent, sorted.
        var foldable: [UInt32] = []
        /// For each element of `foldable`, its whole orbit (including itself), sorted.
        var orbits: [UInt32: [UInt32]] = [:]
    }

    /// Highest code point that has a case mapping in current Unicode (Adlam).
    private static let lastCased: UInt32 = 0x1E943

    private static let foldTable: FoldTable = {
        var groups: [UInt32: [UInt32]] = [:]
        for value in UInt32(0)...lastCased {
            guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenCaseMapped else { continue }
            groups[foldKey(scalar), default: []].append(value)
        }
        var table = FoldTable()
        for (key, members) in groups {
            var orbit = members
            if !orbit.contains(key) { orbit.append(key) }
            guard orbit.count > 1 else { continue }
            orbit.sort()
            for member in orbit { table.orbits[member] = orbit }
        }
        table.foldable = table.orbits.keys.sorted()
        return table
    }()

    /// A representative shared by all members of a simple case-folding orbit: the lower case of the
    /// upper case, taking only one-to-one mappings (so `ß` does not join `ss`).
    private static func foldKey(_ scalar: Unicode.Scalar) -> UInt32 {
        // Turkish dotless i has no simple case folding.
        if scalar.value == 0x131 || scalar.value == 0x130 { return scalar.value }
        let upper = singleScalar(scalar.properties.uppercaseMapping) ?? scalar
        return (singleScalar(upper.properties.lowercaseMapping) ?? upper).value
    }

    private static func singleScalar(_ mapping: String) -> Unicode.Scalar? {
        var iterator = mapping.unicodeScalars.makeIterator()
        guard let first = iterator.next(), iterator.next() == nil else { return nil }
        return first
    }

    /// All code points case-equivalent to `r`, including `r`; just `[r]` when it has no other case.
    static func foldOrbit(of r: UInt32) -> [UInt32] {
        if r < 0x80 {
            switch r {
            case 0x4B, 0x6B: return [0x4B, 0x6B, 0x212A]  // K k KELVIN SIGN
            case 0x53, 0x73: return [0x53, 0x73, 0x17F]  // S s LONG S
            case 0x41...0x5A: return [r, r + 0x20]
            case 0x61...0x7A: return [r - 0x20, r]
            default: return [r]
            }
        }
        return foldTable.orbits[r] ?? [r]
    }

    /// The code points in `range` that have other case-equivalents.
    static func foldableScalars(in range: ClosedRange<UInt32>) -> ArraySlice<UInt32> {
        let foldable = foldTable.foldable
        var lo = 0
        var hi = foldable.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if foldable[mid] < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < foldable.count, foldable[end] <= range.upperBound { end += 1 }
        return foldable[lo..<end]
    }

    /// The smallest member of `r`'s folding orbit, used to compare literals case-insensitively.
    static func minFold(_ r: UInt32) -> UInt32 {
        foldOrbit(of: r).first ?? r
    }

    // MARK: General categories and scripts

    private struct CategoryRun: Sendable {
        var lo: UInt32
        var hi: UInt32
        var category: Unicode.GeneralCategory
    }

    /// Runs of equal general category over all code points.
    private static let categoryRuns: [CategoryRun] = {
        var runs: [CategoryRun] = []
        func append(_ value: UInt32, _ category: Unicode.GeneralCategory) {
            if let last = runs.last, last.category == category, last.hi + 1 == value {
                runs[runs.count - 1].hi = value
            } else {
                runs.append(CategoryRun(lo: value, hi: value, category: category))
            }
        }
        var value: UInt32 = 0
        while value <= RE2CharClass.maxRune {
            if value == 0x40000 {
                // Planes 4 to 13 are unassigned.
                runs.append(CategoryRun(lo: 0x40000, hi: 0xDFFFF, category: .unassigned))
                value = 0xE0000
                continue
            }
            if let scalar = Unicode.Scalar(value) {
                append(value, scalar.properties.generalCategory)
            } else {
                append(value, .surrogate)
            }
            value += 1
        }
        return runs
    }()

    private static let categoryNames: [String: [Unicode.GeneralCategory]] = [
        "C": [.control, .format, .privateUse, .surrogate],
        "Cc": [.control], "Cf": [.format], "Co": [.privateUse], "Cs": [.surrogate],
        "L": [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter],
        "Ll": [.lowercaseLetter], "Lm": [.modifierLetter], "Lo": [.otherLetter],
        "Lt": [.titlecaseLetter], "Lu": [.uppercaseLetter],
        "M": [.spacingMark, .enclosingMark, .nonspacingMark],
        "Mc": [.spacingMark], "Me": [.enclosingMark], "Mn": [.nonspacingMark],
        "N": [.decimalNumber, .letterNumber, .otherNumber],
        "Nd": [.decimalNumber], "Nl": [.letterNumber], "No": [.otherNumber],
        "P": [
            .connectorPunctuation, .dashPunctuation, .closePunctuation, .finalPunctuation,
            .initialPunctuation, .otherPunctuation, .openPunctuation,
        ],
        "Pc": [.connectorPunctuation], "Pd": [.dashPunctuation], "Pe": [.closePunctuation],
        "Pf": [.finalPunctuation], "Pi": [.initialPunctuation], "Po": [.otherPunctuation],
        "Ps": [.openPunctuation],
        "S": [.currencySymbol, .modifierSymbol, .mathSymbol, .otherSymbol],
        "Sc": [.currencySymbol], "Sk": [.modifierSymbol], "Sm": [.mathSymbol], "So": [.otherSymbol],
        "Z": [.lineSeparator, .paragraphSeparator, .spaceSeparator],
        "Zl": [.lineSeparator], "Zp": [.paragraphSeparator], "Zs": [.spaceSeparator],
    ]

    /// The class Go's `unicode.Categories`, `unicode.Scripts` or `Any` call `name`, or nil when
    /// the name is unknown.
    static func namedClass(_ name: String) -> RE2CharClass? {
        if name == "Any" { return .any }
        if let categories = categoryNames[name] {
            var flat: [UInt32] = []
            for run in categoryRuns where categories.contains(run.category) {
                flat.append(run.lo)
                flat.append(run.hi)
            }
            return RE2CharClass(flatRanges: flat)
        }
        if let flat = scriptRanges(name) { return RE2CharClass(flatRanges: flat) }
        return nil
    }

    /// Whether `r` is a letter or decimal digit, as Go's `unicode.IsLetter`/`IsDigit` decide.
    static func isLetterOrDigit(_ r: Unicode.Scalar) -> Bool {
        switch r.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }
}
