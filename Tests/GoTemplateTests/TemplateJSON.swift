import GoTemplate

/// Reads JSON test data into template values with the golden generator's typing rule: a number
/// written without `.`, `e` or `E` that fits in 64 bits is an int, any other number a float.
enum TemplateJSON {
    struct SyntaxError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> TemplateValue {
        var reader = Reader(bytes: Array(text.utf8))
        let value = try reader.value()
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw SyntaxError(description: "trailing data in \(text)") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value() throws -> TemplateValue {
            skipSpace()
            guard index < bytes.count else { throw SyntaxError(description: "unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var map: [String: TemplateValue] = [:]
                skipSpace()
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .map(map)
                }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    map[key] = try value()
                    skipSpace()
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    try expect("}")
                    return .map(map)
                }
            case UInt8(ascii: "["):
                index += 1
                var list: [TemplateValue] = []
                skipSpace()
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .list(list)
                }
                while true {
                    list.append(try value())
                    skipSpace()
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    try expect("]")
                    return .list(list)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .nil
            default:
                return try number()
            }
        }

        mutating func expect(_ c: Unicode.Scalar) throws {
            guard index < bytes.count, bytes[index] == UInt8(c.value) else {
                throw SyntaxError(description: "expected \(c) at \(index)")
            }
            index += 1
        }

        mutating func literal(_ word: String) throws {
            for byte in word.utf8 {
                guard index < bytes.count, bytes[index] == byte else { throw SyntaxError(description: "bad literal") }
                index += 1
            }
        }

        mutating func number() throws -> TemplateValue {
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let int = Int64(text) {
                return .int(int)
            }
            guard let double = Double(text) else { throw SyntaxError(description: "bad number \(text)") }
            return .float(double)
        }

        mutating func string() throws -> String {
            try expect("\"")
            var out: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") {
                    index += 1
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        var code =
                            UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) ?? 0xFFFD
                        index += 4
                        if (0xD800..<0xDC00).contains(code), bytes[index] == UInt8(ascii: "\\") {
                            let low =
                                UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16)
                                ?? 0
                            index += 6
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        out.append(contentsOf: Array(String(Unicode.Scalar(code) ?? "\u{FFFD}").utf8))
                    default: out.append(escape)
                    }
                } else {
                    out.append(bytes[index])
                    index += 1
                }
            }
            try expect("\"")
            return String(decoding: out, as: UTF8.self)
        }
    }
}
