import ArgusCore

/// The parameters of a request as Go's `Request.Form` sees them: those of
/// an `application/x-www-form-urlencoded` body first, then those of the
/// URL's query string. Names may repeat (`match[]`).
public struct FormParameters: Sendable, Equatable {
    /// Every name and value, in the order described above.
    public private(set) var pairs: [(name: String, value: String)]

    public init(pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// Parameters from a URL query string and an optional form body.
    public init(query: String?, body: [UInt8]? = nil) {
        pairs = []
        if let body { pairs += Self.decode(body[...]) }
        if let query { pairs += Self.decode(Array(query.utf8)[...]) }
    }

    /// The first value of `name`, or nil when absent.
    public subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// The first value of `name`, or "" (Go's `FormValue`).
    public func value(_ name: String) -> String { self[name] ?? "" }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    public static func == (lhs: FormParameters, rhs: FormParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Decodes `a=1&b=x%20y+z`; malformed escapes are kept literally.
    static func decode(_ bytes: ArraySlice<UInt8>) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for part in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let eq = part.firstIndex(of: UInt8(ascii: "=")) {
                result.append((unescape(part[..<eq]), unescape(part[(eq + 1)...])))
            } else {
                result.append((unescape(part), ""))
            }
        }
        return result
    }

    private static func unescape(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
                let hi = GoString.hexDigitValue(bytes[i + 1]), let lo = GoString.hexDigitValue(bytes[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
