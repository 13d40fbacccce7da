import ArgusCore

/// The flags, width and precision of one verb (Go's `fmt.fmtFlags` plus `wid`/`prec`).
struct GoFormatFlags {
    var widPresent = false
    var precPresent = false
    var minus = false
    var plus = false
    var sharp = false
    var space = false
    var zero = false
    var plusV = false
    var sharpV = false
    var wid = 0
    var prec = 0
}

/// One formatting run: Go's `fmt.pp` and `fmt.fmt` together.
struct GoPrinter {
    var buf = ""
    var flags = GoFormatFlags()
    /// The operand being printed at the top level (Go's `p.arg`), for `%!verb(type=value)`.
    private var currentArg: TemplateValue?
    /// The value being printed below the top level (Go's `p.value`); `.some(nil)` is invalid.
    private var currentValue: TemplateValue??
    private var erroring = false
    private var reordered = false
    private var goodArgNum = true

    // MARK: Padding

    private mutating func writePadding(_ n: Int) {
        guard n > 0 else { return }
        buf += String(repeating: flags.zero ? "0" : " ", count: n)
    }

    mutating func pad(_ s: String) {
        guard flags.widPresent && flags.wid != 0 else {
            buf += s
            return
        }
        let width = flags.wid - s.unicodeScalars.count
        if !flags.minus {
            writePadding(width)
            buf += s
        } else {
            buf += s
            writePadding(width)
        }
    }

    // MARK: Operands

    mutating func printArg(_ arg: TemplateValue, verb: Unicode.Scalar) {
        currentArg = arg
        currentValue = nil
        if case .nil = arg {
            switch verb {
            case "T", "v": pad("<nil>")
            default: badVerb(verb)
            }
            return
        }
        switch verb {
        case "T":
            fmtS(arg.typeName)
            return
        case "p":
            badVerb(verb)
            return
        default: break
        }
        switch arg {
        case .bool(let value): fmtBool(value, verb)
        case .int(let value): fmtInteger(UInt64(bitPattern: value), signed: true, verb)
        case .float(let value): fmtFloat(value, verb)
        case .string(let value): fmtString(value, verb)
        default:
            if !handleMethods(arg, verb) { printValue(arg, verb: verb, depth: 0) }
        }
    }

    /// Uses a `String()` method for the verbs Go applies it to.
    private mutating func handleMethods(_ arg: TemplateValue, _ verb: Unicode.Scalar) -> Bool {
        guard !erroring, !flags.sharpV, case .object(let object) = arg, let text = object.stringerValue else {
            return false
        }
        switch verb {
        case "v", "s", "x", "X", "q":
            fmtString(text, verb)
            return true
        default:
            return false
        }
    }

    /// Go's `printValue`: `value` nil is an invalid reflect value.
    mutating func printValue(_ value: TemplateValue?, verb: Unicode.Scalar, depth: Int) {
        if depth > 0, let value, handleMethods(value, verb) { return }
        currentArg = nil
        currentValue = .some(value)
        guard let value else {
            if depth == 0 {
                buf += "<invalid reflect.Value>"
            } else if verb == "v" {
                buf += "<nil>"
            } else {
                badVerb(verb)
            }
            return
        }
        switch value {
        case .nil:
            buf += flags.sharpV ? "interface {}(nil)" : "<nil>"
        case .bool(let b): fmtBool(b, verb)
        case .int(let i): fmtInteger(UInt64(bitPattern: i), signed: true, verb)
        case .float(let f): fmtFloat(f, verb)
        case .string(let s): fmtString(s, verb)
        case .map(let map):
            printMap(
                typeName: value.typeName, keys: TemplateValue.sortedKeys(map), verb: verb, depth: depth,
                element: { map[$0] ?? .nil })
        case .stringMap(let map):
            printMap(
                typeName: value.typeName, keys: TemplateValue.sortedKeys(map), verb: verb, depth: depth,
                element: { .string(map[$0] ?? "") })
        case .list(let list):
            if flags.sharpV {
                buf += value.typeName + "{"
                for (i, element) in list.enumerated() {
                    if i > 0 { buf += ", " }
                    printValue(element, verb: verb, depth: depth + 1)
                }
                buf += "}"
            } else {
                buf += "["
                for (i, element) in list.enumerated() {
                    if i > 0 { buf += " " }
                    printValue(element, verb: verb, depth: depth + 1)
                }
                buf += "]"
            }
        case .object(let object):
            printObject(object, verb: verb, depth: depth)
        case .function:
            badVerb(verb)
        }
    }

    private mutating func printMap(
        typeName: String,
        keys: [String],
        verb: Unicode.Scalar,
        depth: Int,
        element: (String) -> TemplateValue
    ) {
        buf += flags.sharpV ? typeName + "{" : "map["
        for (i, key) in keys.enumerated() {
            if i > 0 { buf += flags.sharpV ? ", " : " " }
            printValue(.string(key), verb: verb, depth: depth + 1)
            buf += ":"
            printValue(element(key), verb: verb, depth: depth + 1)
        }
        buf += flags.sharpV ? "}" : "]"
    }

    private mutating func printObject(_ object: any TemplateObject, verb: Unicode.Scalar, depth: Int) {
        if object.isNilPointer {
            pad("<nil>")
            return
        }
        if let underlying = object.underlying {
            printValue(underlying, verb: verb, depth: depth)
            return
        }
        if object.isPointer { buf += "&" }
        if flags.sharpV {
            buf += object.typeName.hasPrefix("*") ? String(object.typeName.dropFirst()) : object.typeName
        }
        buf += "{"
        for (i, field) in object.printedFields.enumerated() {
            if i > 0 { buf += flags.sharpV ? ", " : " " }
            if flags.plusV || flags.sharpV { buf += field.name + ":" }
            printValue(field.value, verb: verb, depth: depth + 1)
        }
        buf += "}"
    }

    private mutating func badVerb(_ verb: Unicode.Scalar) {
        erroring = true
        buf += "%!"
        buf.unicodeScalars.append(verb)
        buf += "("
        if let arg = currentArg, !arg.isNilInterface {
            buf += arg.typeName + "="
            printArg(arg, verb: "v")
        } else if case .some(.some(let value)) = currentValue {
            buf += value.typeName + "="
            printValue(value, verb: "v", depth: 0)
        } else {
            buf += "<nil>"
        }
        buf += ")"
        erroring = false
    }

    // MARK: Kinds

    private mutating func fmtBool(_ value: Bool, _ verb: Unicode.Scalar) {
        switch verb {
        case "t", "v": pad(value ? "true" : "false")
        default: badVerb(verb)
        }
    }

    private mutating func fmtInteger(_ value: UInt64, signed: Bool, _ verb: Unicode.Scalar) {
        switch verb {
        case "v":
            if flags.sharpV && !signed {
                fmt0x64(value, leading0x: true)
            } else {
                formatInteger(value, base: 10, signed: signed, verb: verb, uppercase: false)
            }
        case "d": formatInteger(value, base: 10, signed: signed, verb: verb, uppercase: false)
        case "b": formatInteger(value, base: 2, signed: signed, verb: verb, uppercase: false)
        case "o", "O": formatInteger(value, base: 8, signed: signed, verb: verb, uppercase: false)
        case "x": formatInteger(value, base: 16, signed: signed, verb: verb, uppercase: false)
        case "X": formatInteger(value, base: 16, signed: signed, verb: verb, uppercase: true)
        case "c": fmtC(signed && Int64(bitPattern: value) < 0 ? UInt64.max : value)
        case "q": fmtQc(signed && Int64(bitPattern: value) < 0 ? UInt64.max : value)
        case "U": fmtUnicode(value)
        default: badVerb(verb)
        }
    }

    private mutating func fmt0x64(_ value: UInt64, leading0x: Bool) {
        let sharp = flags.sharp
        flags.sharp = leading0x
        formatInteger(value, base: 16, signed: false, verb: "v", uppercase: false)
        flags.sharp = sharp
    }

    private mutating func formatInteger(_ u: UInt64, base: UInt64, signed: Bool, verb: Unicode.Scalar, uppercase: Bool)
    {
        let negative = signed && Int64(bitPattern: u) < 0
        var magnitude = negative ? 0 &- u : u
        var prec = 0
        if flags.precPresent {
            prec = flags.prec
            if prec == 0 && magnitude == 0 {
                let oldZero = flags.zero
                flags.zero = false
                writePadding(flags.wid)
                flags.zero = oldZero
                return
            }
        } else if flags.zero && flags.widPresent {
            prec = flags.wid
            if negative || flags.plus || flags.space { prec -= 1 }
        }
        let digitChars: [UInt8] = Array((uppercase ? "0123456789ABCDEFX" : "0123456789abcdefx").utf8)
        var digits: [UInt8] = []
        repeat {
            digits.append(digitChars[Int(magnitude % base)])
            magnitude /= base
        } while magnitude > 0
        while digits.count < prec { digits.append(UInt8(ascii: "0")) }
        if flags.sharp {
            switch base {
            case 2: digits.append(contentsOf: [UInt8(ascii: "b"), UInt8(ascii: "0")])
            case 8: if digits.last != UInt8(ascii: "0") { digits.append(UInt8(ascii: "0")) }
            case 16: digits.append(contentsOf: [digitChars[16], UInt8(ascii: "0")])
            default: break
            }
        }
        if verb == "O" { digits.append(contentsOf: [UInt8(ascii: "o"), UInt8(ascii: "0")]) }
        if negative {
            digits.append(UInt8(ascii: "-"))
        } else if flags.plus {
            digits.append(UInt8(ascii: "+"))
        } else if flags.space {
            digits.append(UInt8(ascii: " "))
        }
        let oldZero = flags.zero
        flags.zero = false
        pad(String(decoding: digits.reversed(), as: UTF8.self))
        flags.zero = oldZero
    }

    private mutating func fmtUnicode(_ u: UInt64) {
        var prec = 4
        if flags.precPresent && flags.prec > 4 { prec = flags.prec }
        var hex = GoUnicode.hex(u, uppercase: true)
        if hex.utf8.count < prec { hex = String(repeating: "0", count: prec - hex.utf8.count) + hex }
        var out = "U+" + hex
        if flags.sharp, u <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(u)), GoString.isPrintable(scalar) {
            out += " '"
            out.unicodeScalars.append(scalar)
            out += "'"
        }
        let oldZero = flags.zero
        flags.zero = false
        pad(out)
        flags.zero = oldZero
    }

    private mutating func fmtC(_ c: UInt64) {
        pad(String(Self.scalar(c)))
    }

    private mutating func fmtQc(_ c: UInt64) {
        pad(GoString.quoteRune(Self.scalar(c), asciiOnly: flags.plus))
    }

    /// The code point `c`, or U+FFFD where `c` is not one.
    private static func scalar(_ c: UInt64) -> Unicode.Scalar {
        c <= 0x10FFFF ? Unicode.Scalar(UInt32(c)) ?? "\u{FFFD}" : "\u{FFFD}"
    }

    private mutating func fmtString(_ s: String, _ verb: Unicode.Scalar) {
        switch verb {
        case "v":
            if flags.sharpV { fmtQ(s) } else { fmtS(s) }
        case "s": fmtS(s)
        case "x": fmtSx(s, uppercase: false)
        case "X": fmtSx(s, uppercase: true)
        case "q": fmtQ(s)
        default: badVerb(verb)
        }
    }

    private func truncate(_ s: String) -> String {
        guard flags.precPresent else { return s }
        let scalars = s.unicodeScalars
        guard scalars.count > flags.prec else { return s }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars.prefix(max(0, flags.prec)))
        return String(out)
    }

    mutating func fmtS(_ s: String) {
        pad(truncate(s))
    }

    private mutating func fmtSx(_ s: String, uppercase: Bool) {
        let digits = Array((uppercase ? "0123456789ABCDEFX" : "0123456789abcdefx").utf8)
        var bytes = Array(s.utf8)
        if flags.precPresent && flags.prec < bytes.count { bytes = Array(bytes.prefix(flags.prec)) }
        var width = 2 * bytes.count
        if width > 0 {
            if flags.space {
                if flags.sharp { width *= 2 }
                width += bytes.count - 1
            } else if flags.sharp {
                width += 2
            }
        } else {
            if flags.widPresent { writePadding(flags.wid) }
            return
        }
        if flags.widPresent && flags.wid > width && !flags.minus { writePadding(flags.wid - width) }
        var out: [UInt8] = []
        if flags.sharp { out += [UInt8(ascii: "0"), digits[16]] }
        for (i, byte) in bytes.enumerated() {
            if flags.space && i > 0 {
                out.append(UInt8(ascii: " "))
                if flags.sharp { out += [UInt8(ascii: "0"), digits[16]] }
            }
            out += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
        }
        buf += String(decoding: out, as: UTF8.self)
        if flags.widPresent && flags.wid > width && flags.minus { writePadding(flags.wid - width) }
    }

    private mutating func fmtQ(_ input: String) {
        let s = truncate(input)
        if flags.sharp && GoString.canBackquote(s) {
            pad("`" + s + "`")
            return
        }
        pad(flags.plus ? GoString.quoteToASCII(s) : GoString.quote(s))
    }

    // MARK: Floats

    private mutating func fmtFloat(_ value: Double, _ verb: Unicode.Scalar) {
        switch verb {
        case "v": formatFloat(value, verb: "g", defaultPrecision: -1)
        case "b", "g", "G", "x", "X": formatFloat(value, verb: verb, defaultPrecision: -1)
        case "f", "e", "E": formatFloat(value, verb: verb, defaultPrecision: 6)
        case "F": formatFloat(value, verb: "f", defaultPrecision: 6)
        default: badVerb(verb)
        }
    }

    private mutating func formatFloat(_ value: Double, verb: Unicode.Scalar, defaultPrecision: Int) {
        let prec = flags.precPresent ? flags.prec : defaultPrecision
        var num = Array(GoFloatFormat.format(value, verb: verb, precision: prec).utf8)
        if num.first == UInt8(ascii: "-") || num.first == UInt8(ascii: "+") {
            // Keep the sign.
        } else {
            num.insert(UInt8(ascii: "+"), at: 0)
        }
        if flags.space && num[0] == UInt8(ascii: "+") && !flags.plus { num[0] = UInt8(ascii: " ") }
        if num.count > 1 && (num[1] == UInt8(ascii: "I") || num[1] == UInt8(ascii: "N")) {
            let oldZero = flags.zero
            flags.zero = false
            if num[1] == UInt8(ascii: "N") && !flags.space && !flags.plus { num.removeFirst() }
            pad(String(decoding: num, as: UTF8.self))
            flags.zero = oldZero
            return
        }
        if flags.sharp && verb != "b" {
            var digits = 0
            switch verb {
            case "v", "g", "G", "x":
                digits = prec == -1 ? 6 : prec
            default: break
            }
            var tail: [UInt8] = []
            var hasDecimalPoint = false
            var sawNonzeroDigit = false
            var i = 1
            while i < num.count {
                let c = num[i]
                if c == UInt8(ascii: ".") {
                    hasDecimalPoint = true
                } else if c == UInt8(ascii: "p") || c == UInt8(ascii: "P") {
                    tail.append(contentsOf: num[i...])
                    num.removeSubrange(i...)
                    break
                } else if (c == UInt8(ascii: "e") || c == UInt8(ascii: "E")) && verb != "x" && verb != "X" {
                    tail.append(contentsOf: num[i...])
                    num.removeSubrange(i...)
                    break
                } else {
                    if c != UInt8(ascii: "0") { sawNonzeroDigit = true }
                    if sawNonzeroDigit { digits -= 1 }
                }
                i += 1
            }
            if !hasDecimalPoint {
                if num.count == 2 && num[1] == UInt8(ascii: "0") { digits -= 1 }
                num.append(UInt8(ascii: "."))
            }
            while digits > 0 {
                num.append(UInt8(ascii: "0"))
                digits -= 1
            }
            num.append(contentsOf: tail)
        }
        if flags.plus || num[0] != UInt8(ascii: "+") {
            if flags.zero && flags.widPresent && flags.wid > num.count {
                buf.unicodeScalars.append(Unicode.Scalar(num[0]))
                writePadding(flags.wid - num.count)
                buf += String(decoding: num[1...], as: UTF8.self)
                return
            }
            pad(String(decoding: num, as: UTF8.self))
            return
        }
        pad(String(decoding: num[1...], as: UTF8.self))
    }

    // MARK: Printf

    private static func parseNumber(_ s: [UInt8], _ start: Int, _ end: Int) -> (num: Int, isNum: Bool, next: Int) {
        guard start < end else { return (0, false, end) }
        var num = 0
        var isNum = false
        var i = start
        while i < end, s[i] >= UInt8(ascii: "0"), s[i] <= UInt8(ascii: "9") {
            if num > 1_000_000 || num < -1_000_000 { return (0, false, end) }
            num = num * 10 + Int(s[i] - UInt8(ascii: "0"))
            isNum = true
            i += 1
        }
        return (num, isNum, i)
    }

    private static func intFromArg(_ args: [TemplateValue], _ argNum: Int) -> (num: Int, isInt: Bool, next: Int) {
        guard argNum < args.count else { return (0, false, argNum) }
        var num = 0
        var isInt = false
        if case .int(let value) = args[argNum] {
            num = Int(value)
            isInt = true
        }
        if num > 1_000_000 || num < -1_000_000 {
            num = 0
            isInt = false
        }
        return (num, isInt, argNum + 1)
    }

    private mutating func argNumber(
        _ argNum: Int,
        _ format: [UInt8],
        _ i: Int,
        _ numArgs: Int
    ) -> (argNum: Int, next: Int, found: Bool) {
        guard i < format.count, format[i] == UInt8(ascii: "[") else { return (argNum, i, false) }
        reordered = true
        // Go's parseArgNumber on format[i...].
        var index = 0
        var width = 1
        var ok = false
        if format.count - i >= 3 {
            var j = i + 1
            while j < format.count {
                if format[j] == UInt8(ascii: "]") {
                    let (num, isNum, next) = Self.parseNumber(format, i + 1, j)
                    if !isNum || next != j {
                        width = j - i + 1
                    } else {
                        index = num - 1
                        width = j - i + 1
                        ok = true
                    }
                    break
                }
                j += 1
            }
        }
        if ok && index >= 0 && index < numArgs { return (index, i + width, true) }
        goodArgNum = false
        return (argNum, i + width, ok)
    }

    mutating func doPrintf(_ format: [UInt8], _ args: [TemplateValue]) {
        let end = format.count
        var argNum = 0
        var afterIndex = false
        reordered = false
        var i = 0
        formatLoop: while i < end {
            goodArgNum = true
            let lasti = i
            while i < end && format[i] != UInt8(ascii: "%") { i += 1 }
            if i > lasti { buf += String(decoding: format[lasti..<i], as: UTF8.self) }
            if i >= end { break }
            i += 1
            flags = GoFormatFlags()
            simpleFormat: while i < end {
                let c = format[i]
                switch c {
                case UInt8(ascii: "#"): flags.sharp = true
                case UInt8(ascii: "0"): flags.zero = !flags.minus
                case UInt8(ascii: "+"): flags.plus = true
                case UInt8(ascii: "-"):
                    flags.minus = true
                    flags.zero = false
                case UInt8(ascii: " "): flags.space = true
                default:
                    if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") && argNum < args.count {
                        if c == UInt8(ascii: "v") {
                            flags.sharpV = flags.sharp
                            flags.sharp = false
                            flags.plusV = flags.plus
                            flags.plus = false
                        }
                        printArg(args[argNum], verb: Unicode.Scalar(c))
                        argNum += 1
                        i += 1
                        continue formatLoop
                    }
                    break simpleFormat
                }
                i += 1
            }

            (argNum, i, afterIndex) = argNumber(argNum, format, i, args.count)

            if i < end && format[i] == UInt8(ascii: "*") {
                i += 1
                (flags.wid, flags.widPresent, argNum) = Self.intFromArg(args, argNum)
                if !flags.widPresent { buf += "%!(BADWIDTH)" }
                if flags.wid < 0 {
                    flags.wid = -flags.wid
                    flags.minus = true
                    flags.zero = false
                }
                afterIndex = false
            } else {
                (flags.wid, flags.widPresent, i) = Self.parseNumber(format, i, end)
                if afterIndex && flags.widPresent { goodArgNum = false }
            }

            if i + 1 < end && format[i] == UInt8(ascii: ".") {
                i += 1
                if afterIndex { goodArgNum = false }
                (argNum, i, afterIndex) = argNumber(argNum, format, i, args.count)
                if i < end && format[i] == UInt8(ascii: "*") {
                    i += 1
                    (flags.prec, flags.precPresent, argNum) = Self.intFromArg(args, argNum)
                    if flags.prec < 0 {
                        flags.prec = 0
                        flags.precPresent = false
                    }
                    if !flags.precPresent { buf += "%!(BADPREC)" }
                    afterIndex = false
                } else {
                    (flags.prec, flags.precPresent, i) = Self.parseNumber(format, i, end)
                    if !flags.precPresent {
                        flags.prec = 0
                        flags.precPresent = true
                    }
                }
            }

            if !afterIndex { (argNum, i, afterIndex) = argNumber(argNum, format, i, args.count) }

            if i >= end {
                buf += "%!(NOVERB)"
                break
            }

            var verb = Unicode.Scalar(format[i])
            var size = 1
            if format[i] >= 0x80 {
                let decoded = GoString.decodeRune(format, at: i)
                verb = decoded.scalar
                size = decoded.width
            }
            i += size

            if verb == "%" {
                buf += "%"
            } else if !goodArgNum {
                buf += "%!"
                buf.unicodeScalars.append(verb)
                buf += "(BADINDEX)"
            } else if argNum >= args.count {
                buf += "%!"
                buf.unicodeScalars.append(verb)
                buf += "(MISSING)"
            } else {
                if verb == "v" {
                    flags.sharpV = flags.sharp
                    flags.sharp = false
                    flags.plusV = flags.plus
                    flags.plus = false
                }
                printArg(args[argNum], verb: verb)
                argNum += 1
            }
        }

        if !reordered && argNum < args.count {
            flags = GoFormatFlags()
            buf += "%!(EXTRA "
            for (index, arg) in args[argNum...].enumerated() {
                if index > 0 { buf += ", " }
                if case .nil = arg {
                    buf += "<nil>"
                } else {
                    buf += arg.typeName + "="
                    printArg(arg, verb: "v")
                }
            }
            buf += ")"
        }
    }
}
