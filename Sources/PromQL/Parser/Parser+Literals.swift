import ArgusCore

extension Parser {
    /// The value of a `.number` token (Go `ParseInt(s, 0, 64)`, then `ParseFloat`)
    /// or a `.duration` token (in seconds). Records Prometheus' error on failure.
    mutating func numberValue(_ token: Token) -> Double {
        if token.kind == .duration {
            switch PromQLNumbers.parseDuration(token.text) {
            case .success(let milliseconds): return Double(milliseconds) / 1000
            case .failure(let message):
                addError(message, token.range)
                return 0
            }
        }
        switch PromQLNumbers.parseNumber(token.text) {
        case .success(let value): return value
        case .failure(let message):
            addError("error parsing number: \(message)", token.range)
            return 0
        }
    }

    mutating func stringLiteral(_ token: Token) -> StringLiteral {
        let (string, invalidBytes) = unquote(token)
        var literal = StringLiteral(value: string, position: token.range)
        literal.invalidUTF8Bytes = invalidBytes
        return literal
    }

    /// The contents of a string token with Go escapes resolved. When escapes
    /// produce bytes that are not UTF-8, `string` has U+FFFD in their place and
    /// `bytes` holds the exact bytes.
    mutating func unquote(_ token: Token) -> (string: String, bytes: [UInt8]?) {
        let bytes = PromQLNumbers.unquote(Array(token.text.utf8))
        let string = String(decoding: bytes, as: UTF8.self)
        if Array(string.utf8) == bytes { return (string, nil) }
        return (string, bytes)
    }
}

/// Go-compatible number, duration and string-literal decoding for PromQL tokens.
enum PromQLNumbers {
    enum Outcome<Value> {
        case success(Value)
        case failure(String)
    }

    // MARK: - Numbers

    /// Go `strconv.ParseInt(s, 0, 64)` falling back to `strconv.ParseFloat(s, 64)`,
    /// as Prometheus' parser reads number tokens.
    static func parseNumber(_ text: String) -> Outcome<Double> {
        if let integer = GoInt.parse(text) { return .success(Double(integer)) }
        return parseFloat(text)
    }

    /// Go `strconv.ParseFloat(s, 64)` with its error messages.
    static func parseFloat(_ text: String) -> Outcome<Double> {
        let invalid = Outcome<Double>.failure("strconv.ParseFloat: parsing \(GoString.quote(text)): invalid syntax")
        var bytes = Array(text.utf8)
        if bytes.contains(UInt8(ascii: "_")) {
            guard GoInt.underscoresAreValid(bytes) else { return invalid }
            bytes.removeAll { $0 == UInt8(ascii: "_") }
        }
        guard let value = GoFloat.parse(String(decoding: bytes, as: UTF8.self)) else { return invalid }
        if value.isInfinite {
            let word = String(decoding: bytes, as: UTF8.self).lowercased().trimmingSign()
            if word != "inf" && word != "infinity" {
                return .failure("strconv.ParseFloat: parsing \(GoString.quote(text)): value out of range")
            }
        }
        return .success(value)
    }

    // MARK: - Durations

    /// Prometheus' `model.ParseDuration` (prometheus/common 0.70): units
    /// `y w d h m s ms` from largest to smallest, each once; `0` without a unit.
    /// Returns milliseconds.
    static func parseDuration(_ text: String) -> Outcome<Int64> {
        if text == "0" { return .success(0) }
        if text.isEmpty { return .failure("empty duration string") }
        let notValid = Outcome<Int64>.failure("not a valid duration string: \(GoString.quote(text))")
        let units: [String: (position: Int, nanoseconds: UInt64)] = [
            "y": (1, 365 * 24 * 3_600_000_000_000), "w": (2, 7 * 24 * 3_600_000_000_000),
            "d": (3, 24 * 3_600_000_000_000), "h": (4, 3_600_000_000_000), "m": (5, 60_000_000_000),
            "s": (6, 1_000_000_000), "ms": (7, 1_000_000),
        ]
        let bytes = Array(text.utf8)
        var index = 0
        var total: UInt64 = 0
        var lastPosition = 0
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        while index < bytes.count {
            guard isDigit(bytes[index]) else { return notValid }
            var value: UInt64 = 0
            while index < bytes.count, isDigit(bytes[index]) {
                let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(UInt64(bytes[index] - 0x30))
                if overflow1 || overflow2 { return notValid }
                value = sum
                index += 1
            }
            let unitStart = index
            while index < bytes.count, !isDigit(bytes[index]) { index += 1 }
            guard index > unitStart else { return notValid }
            let unitText = String(decoding: bytes[unitStart..<index], as: UTF8.self)
            guard let unit = units[unitText] else {
                return .failure("unknown unit \(GoString.quote(unitText)) in duration \(GoString.quote(text))")
            }
            guard unit.position > lastPosition else { return notValid }
            lastPosition = unit.position
            guard value <= (1 << 63) / unit.nanoseconds else { return .failure("duration out of range") }
            total += value * unit.nanoseconds
            guard total <= UInt64(Int64.max) else { return .failure("duration out of range") }
        }
        return .success(Int64(total / 1_000_000))
    }

    // MARK: - Strings

    /// Prometheus' `strutil.Unquote` on a token already validated by the lexer:
    /// `"…"` and `'…'` with Go escapes, `` `…` `` raw. Returns the bytes.
    static func unquote(_ token: [UInt8]) -> [UInt8] {
        guard token.count >= 2 else { return [] }
        let quote = token[0]
        let body = token[1..<(token.count - 1)]
        if quote == UInt8(ascii: "`") { return Array(body) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var index = body.startIndex
        while index < body.endIndex {
            let c = body[index]
            guard c == UInt8(ascii: "\\"), index + 1 < body.endIndex else {
                out.append(c)
                index += 1
                continue
            }
            let e = body[index + 1]
            index += 2
            switch e {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(e - 0x30)
                for _ in 0..<2 where index < body.endIndex {
                    value = value * 8 + UInt32(body[index] &- 0x30)
                    index += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
                var value: UInt32 = 0
                for _ in 0..<count where index < body.endIndex {
                    value = value &* 16 &+ hexValue(body[index])
                    index += 1
                }
                if e == UInt8(ascii: "x") {
                    out.append(UInt8(truncatingIfNeeded: value))
                } else if let scalar = Unicode.Scalar(value) {
                    out.append(contentsOf: Array(String(scalar).utf8))
                }
            default:
                // `\\`, `\"`, `\'`.
                out.append(e)
            }
        }
        return out
    }

    private static func hexValue(_ b: UInt8) -> UInt32 {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return 0
        }
    }
}

extension String {
    fileprivate func trimmingSign() -> String {
        if let first = first, first == "+" || first == "-" { return String(dropFirst()) }
        return self
    }
}
