/// Go's `strings.ToUpper`/`ToLower`: each code point mapped on its own by Unicode's simple case
/// mappings (`ß` stays `ß`, `İ` lowers to `i`), where Swift's String methods use full mappings.
public enum GoCase {
    public static func upper(_ s: String) -> String {
        map(s) { scalar in
            single(scalar.properties.uppercaseMapping) ?? single(scalar.properties.titlecaseMapping) ?? scalar
        }
    }

    public static func lower(_ s: String) -> String {
        map(s) { scalar in
            if scalar == "\u{130}" { return "i" }
            return single(scalar.properties.lowercaseMapping) ?? scalar
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
