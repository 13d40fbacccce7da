/// `cases.Title(language.AmericanEnglish, cases.NoLower)`: in each word the first cased letter is
/// mapped to title case (`1st` becomes `1St`, `ß` becomes `Ss`); everything else is unchanged.
///
/// Words follow the main rules of Unicode word segmentation: letters, digits, marks and `_`
/// join; `.`, `'`, `:`, `’` and `·` join letters on both sides, and `.`, `,`, `;`, `'` join
/// digits on both sides.
enum TitleCase {
    static func apply(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var inWord = false
        var needsTitle = false
        for (i, scalar) in scalars.enumerated() {
            if isWordCharacter(scalar) {
                if !inWord {
                    inWord = true
                    needsTitle = true
                }
                if needsTitle && scalar.properties.isCased {
                    out.append(contentsOf: scalar.properties.titlecaseMapping.unicodeScalars)
                    needsTitle = false
                } else {
                    out.append(scalar)
                }
                continue
            }
            if inWord && joins(scalars, at: i) {
                out.append(scalar)
                continue
            }
            inWord = false
            out.append(scalar)
        }
        return String(out)
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "_" { return true }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Whether the punctuation at `i` sits inside a word.
    private static func joins(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        guard i > 0, i + 1 < scalars.count else { return false }
        let before = scalars[i - 1].properties
        let after = scalars[i + 1].properties
        switch scalars[i] {
        case ".", "'", "\u{2019}":
            return (before.isAlphabetic && after.isAlphabetic) || (isDigit(before) && isDigit(after))
        case ":", "\u{00B7}":
            return before.isAlphabetic && after.isAlphabetic
        case ",", ";":
            return isDigit(before) && isDigit(after)
        default:
            return false
        }
    }

    private static func isDigit(_ properties: Unicode.Scalar.Properties) -> Bool {
        properties.generalCategory == .decimalNumber
    }
}
