/// The case mappings of Alertmanager's template functions: Go's
/// `strings.ToUpper`/`ToLower` (each code point mapped alone by its simple
/// mapping, so `ß` stays `ß`) and `cases.Title(language.AmericanEnglish)`
/// (each word's first cased letter title-cased, the rest lower-cased).
enum TemplateCaseMapping {
    static func upper(_ s: String) -> String {
        map(s) { single($0.properties.uppercaseMapping) ?? single($0.properties.titlecaseMapping) ?? $0 }
    }

    static func lower(_ s: String) -> String {
        map(s) { $0 == "\u{130}" ? "i" : single($0.properties.lowercaseMapping) ?? $0 }
    }

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

    private static func single(_ mapping: String) -> Unicode.Scalar? {
        let scalars = mapping.unicodeScalars
        return scalars.count == 1 ? scalars.first : nil
    }

    private static func map(_ s: String, _ mapping: (Unicode.Scalar) -> Unicode.Scalar) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars { out.append(mapping(scalar)) }
        return String(out)
    }
}
