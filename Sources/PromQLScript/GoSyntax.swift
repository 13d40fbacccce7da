/// The piece of Go the script language inherits beyond ArgusCore's
/// `GoInt`, `GoFloat` and `GoString`: space trimming.
enum GoSyntax {
    /// Go's `unicode.IsSpace` for `strings.TrimSpace`.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
        default: return scalar.properties.isWhitespace && scalar.value > 0xFF
        }
    }

    /// Go's `strings.TrimSpace`.
    static func trimSpace(_ s: Substring) -> Substring {
        var scalars = s.unicodeScalars[...]
        while let first = scalars.first, isSpace(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, isSpace(last) { scalars = scalars.dropLast() }
        return Substring(scalars)
    }
}
