/// Alertmanager's `title` template function:
/// `cases.Title(language.AmericanEnglish)` (each word's first cased letter
/// title-cased, the rest lower-cased). `toUpper`/`toLower` are GoTemplate's
/// ``GoCase``.
enum TemplateCaseMapping {
    /// Words are runs of letters, digits, marks and `_`, joined across `.`,
    /// `'` and `’` between letters or digits and across `:` between letters,
    /// as in Unicode word segmentation.
    static func title(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var inWord = false
        var sawCased = false
        for (i, scalar) in scalars.enumerated() {
            if isWordCharacter(scalar) || (inWord && joinsWord(scalars, at: i)) {
                if !inWord {
                    inWord = true
                    sawCased = false
                }
                if scalar.properties.isCased {
                    let mapping = sawCased ? scalar.properties.lowercaseMapping : scalar.properties.titlecaseMapping
                    out.append(contentsOf: mapping.unicodeScalars)
                    sawCased = true
                } else {
                    out.append(scalar)
                }
            } else {
                inWord = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" || scalar.properties.isAlphabetic { return true }
        switch scalar.properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func joinsWord(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        guard i > 0, i + 1 < scalars.count else { return false }
        let before = scalars[i - 1].properties
        let after = scalars[i + 1].properties
        let digits = before.generalCategory == .decimalNumber && after.generalCategory == .decimalNumber
        switch scalars[i] {
        case ".", "'", "\u{2019}": return (before.isAlphabetic && after.isAlphabetic) || digits
        case ":", "\u{00B7}": return before.isAlphabetic && after.isAlphabetic
        case ",", ";": return digits
        default: return false
        }
    }
}
