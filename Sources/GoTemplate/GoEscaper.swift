import ArgusCore

/// The escaping functions of Go's `text/template` (`html`, `js`) and `net/url` (`urlquery`).
public enum GoEscaper {
    /// `template.HTMLEscapeString`: `<`, `>`, `&`, `'`, `"` as entities, NUL as U+FFFD.
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\0": out += "\u{FFFD}"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `template.JSEscapeString`: quotes, backslash, `<>&=` and control characters escaped,
    /// other non-printable characters as `\uXXXX`.
    public static func js(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                switch scalar {
                case "\\": out += "\\\\"
                case "'": out += "\\'"
                case "\"": out += "\\\""
                case "<": out += "\\u003C"
                case ">": out += "\\u003E"
                case "&": out += "\\u0026"
                case "=": out += "\\u003D"
                default:
                    if v < 0x20 {
                        out += "\\u00" + GoUnicode.hex(UInt64(v), uppercase: true, minimumDigits: 2)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            } else if GoString.isPrintable(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u" + GoUnicode.hex(UInt64(v), uppercase: true, minimumDigits: 4)
            }
        }
        return out
    }

    /// `url.QueryEscape`: everything but letters, digits and `-_.~` percent-encoded, space as `+`.
    public static func urlQuery(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
