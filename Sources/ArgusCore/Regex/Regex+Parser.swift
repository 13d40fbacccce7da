/// A parser for RE2 syntax with Go's `syntax.Perl` flags, following `regexp/syntax/parse.go`
/// closely so that it accepts and rejects the same patterns with the same messages.
///
/// The cursor is a UTF-8 byte index into the pattern, as in Go, so error spans are byte ranges.
struct RE2Parser {
    /// What the parser produces.
    struct Result {
        var node: RE2Node
        /// Index-aligned with capture groups; element 0 is the whole match and has no name.
        var captureNames: [String?]
    }

    private enum Item {
        case node(RE2Node)
        case leftParen(capture: Int, name: String?, flags: RE2Flags)
        case verticalBar

        var isMarker: Bool {
            if case .node = self { return false }
            return true
        }
    }

    static let maxRepeat = 1000
    static let maxNesting = 1000

    private let pattern: String
    private let bytes: [UInt8]
    private var flags: RE2Flags
    private var stack: [Item] = []
    private var captureNames: [String?] = [nil]
    private var depth = 0

    private init(pattern: String, flags: RE2Flags) {
        self.pattern = pattern
        self.bytes = Array(pattern.utf8)
        self.flags = flags
    }

    /// Parses `pattern` starting with `flags` (Go's Perl flags are `.oneLine`).
    static func parse(_ pattern: String, flags: RE2Flags) throws(ArgusError) -> Result {
        var parser = RE2Parser(pattern: pattern, flags: flags)
        let node = try parser.run()
        return Result(node: node, captureNames: parser.captureNames)
    }

    // MARK: Errors

    private func error(_ code: String, _ start: Int, _ end: Int) -> ArgusError {
        let lo = min(max(start, 0), bytes.count)
        let hi = min(max(end, lo), bytes.count)
        let expr = String(decoding: bytes[lo..<hi], as: UTF8.self)
        return ArgusError(.invalidRegex, "error parsing regexp: \(code): `\(expr)`", input: pattern, offset: lo)
    }

    private func wholeError(_ code: String) -> ArgusError {
        ArgusError(.invalidRegex, "error parsing regexp: \(code): `\(pattern)`", input: pattern, offset: nil)
    }

    // MARK: Main loop

    private mutating func run() throws(ArgusError) -> RE2Node {
        var pos = 0
        var lastRepeat: Int? = nil  // start of the previous repetition operator, if the last item was one
        while pos < bytes.count {
            var repeatStart: Int? = nil
            let c = bytes[pos]
            switch c {
            case UInt8(ascii: "("):
                if pos + 1 < bytes.count, bytes[pos + 1] == UInt8(ascii: "?") {
                    pos = try parsePerlFlags(pos)
                } else {
                    try openParen(capture: captureNames.count, name: nil, at: pos)
                    captureNames.append(nil)
                    pos += 1
                }
            case UInt8(ascii: "|"):
                concat()
                stack.append(.verticalBar)
                pos += 1
            case UInt8(ascii: ")"):
                try parseRightParen()
                pos += 1
            case UInt8(ascii: "^"):
                push(.assertion(flags.contains(.oneLine) ? .beginText : .beginLine))
                pos += 1
            case UInt8(ascii: "$"):
                push(.assertion(flags.contains(.oneLine) ? .endText : .endLine))
                pos += 1
            case UInt8(ascii: "."):
                push(flags.contains(.dotNL) ? .anyChar : .anyCharNotNL)
                pos += 1
            case UInt8(ascii: "["):
                pos = try parseClass(pos)
            case UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"):
                let (min, max) = c == UInt8(ascii: "*") ? (0, -1) : c == UInt8(ascii: "+") ? (1, -1) : (0, 1)
                let after = try applyRepeat(min: min, max: max, start: pos, after: pos + 1, lastRepeat: lastRepeat)
                repeatStart = pos
                pos = after
            case UInt8(ascii: "{"):
                guard let (min, max, after) = parseRepeatBounds(pos) else {
                    pushLiteral(UInt32(c))
                    pos += 1
                    break
                }
                if min < 0 || min > Self.maxRepeat || max > Self.maxRepeat || (max >= 0 && min > max) {
                    throw error("invalid repeat count", pos, after)
                }
                let next = try applyRepeat(min: min, max: max, start: pos, after: after, lastRepeat: lastRepeat)
                repeatStart = pos
                pos = next
            case UInt8(ascii: "\\"):
                pos = try parseBackslash(pos)
            default:
                let (r, next) = decodeRune(pos)
                pushLiteral(r)
                pos = next
            }
            lastRepeat = repeatStart
        }
        concat()
        alternate()
        guard stack.count == 1, case .node(let node) = stack[0] else {
            throw wholeError("missing closing )")
        }
        return node
    }

    private func decodeRune(_ pos: Int) -> (UInt32, Int) {
        let (scalar, width) = RE2UTF8.decode(bytes, at: pos)
        return (scalar, pos + width)
    }

    // MARK: Stack

    private mutating func push(_ node: RE2Node) {
        stack.append(.node(node))
    }

    private mutating func pushLiteral(_ r: UInt32) {
        let fold = flags.contains(.foldCase) && RE2Unicode.foldOrbit(of: r).count > 1
        push(.literal([fold ? RE2Unicode.minFold(r) : r], foldCase: fold))
    }

    private mutating func openParen(capture: Int, name: String?, at pos: Int) throws(ArgusError) {
        depth += 1
        if depth > Self.maxNesting { throw wholeError("expression nests too deeply") }
        stack.append(.leftParen(capture: capture, name: name, flags: flags))
    }

    /// Replaces the nodes above the topmost marker with their concatenation.
    private mutating func concat() {
        var nodes: [RE2Node] = []
        while let last = stack.last, case .node(let node) = last {
            nodes.append(node)
            stack.removeLast()
        }
        nodes.reverse()
        var merged: [RE2Node] = []
        for node in nodes {
            if case .literal(let next, let fold) = node, case .literal(let prev, let prevFold)? = merged.last,
                fold == prevFold
            {
                merged[merged.count - 1] = .literal(prev + next, foldCase: fold)
            } else if case .concat(let inner) = node {
                merged.append(contentsOf: inner)
            } else {
                merged.append(node)
            }
        }
        switch merged.count {
        case 0: push(.empty)
        case 1: push(merged[0])
        default: push(.concat(merged))
        }
    }

    /// Replaces `x | y | z` above the topmost left paren with one alternation.
    private mutating func alternate() {
        var branches: [RE2Node] = []
        while let last = stack.last {
            if case .node(let node) = last {
                branches.append(node)
            } else if case .verticalBar = last {
                // separator
            } else {
                break
            }
            stack.removeLast()
        }
        branches.reverse()
        switch branches.count {
        case 0: push(.noMatch)
        case 1: push(branches[0])
        default: push(.alternate(branches))
        }
    }

    private mutating func parseRightParen() throws(ArgusError) {
        concat()
        alternate()
        guard stack.count >= 2, case .node(let node) = stack[stack.count - 1],
            case .leftParen(let capture, let name, let savedFlags) = stack[stack.count - 2]
        else {
            throw wholeError("unexpected )")
        }
        stack.removeLast(2)
        depth -= 1
        flags = savedFlags
        push(capture == 0 ? node : .capture(node, index: capture, name: name))
    }

    // MARK: Repetition

    private mutating func applyRepeat(
        min: Int,
        max: Int,
        start: Int,
        after: Int,
        lastRepeat: Int?
    ) throws(ArgusError) -> Int {
        var after = after
        var greedy = !flags.contains(.nonGreedy)
        if after < bytes.count, bytes[after] == UInt8(ascii: "?") {
            after += 1
            greedy.toggle()
        }
        if let lastRepeat {
            throw error("invalid nested repetition operator", lastRepeat, after)
        }
        guard let last = stack.last, case .node(let sub) = last else {
            throw error("missing argument to repetition operator", start, after)
        }
        let node = RE2Node.repetition(sub, min: min, max: max, greedy: greedy)
        if (min >= 2 || max >= 2) && !Self.repeatIsValid(node, Self.maxRepeat) {
            throw error("invalid repeat count", start, after)
        }
        stack[stack.count - 1] = .node(node)
        return after
    }

    /// Go's `repeatIsValid`: nested counted repetitions may not multiply beyond 1000.
    private static func repeatIsValid(_ node: RE2Node, _ limit: Int) -> Bool {
        switch node {
        case .repetition(let sub, let min, let max, _):
            var n = limit
            var m = max
            if m == 0 { return true }
            if m < 0 { m = min }
            if m > n { return false }
            if m > 0 { n /= m }
            return repeatIsValid(sub, n)
        case .capture(let sub, _, _): return repeatIsValid(sub, limit)
        case .concat(let subs), .alternate(let subs): return subs.allSatisfy { repeatIsValid($0, limit) }
        default: return true
        }
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` at `pos`; nil means the brace is a literal.
    private func parseRepeatBounds(_ pos: Int) -> (min: Int, max: Int, after: Int)? {
        var i = pos + 1
        guard let (min, afterMin) = parseInt(i) else { return nil }
        i = afterMin
        guard i < bytes.count else { return nil }
        var max = min
        if bytes[i] == UInt8(ascii: ",") {
            i += 1
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "}") {
                max = -1
            } else {
                guard let (value, afterMax) = parseInt(i) else { return nil }
                max = value
                i = afterMax
            }
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "}") else { return nil }
        // An overflowing max makes the whole repeat invalid, as in Go.
        return (max == -2 ? -1 : min, max, i + 1)
    }

    /// Parses decimal digits without leading zeros; values past 1e8 become -2 (too big).
    private func parseInt(_ pos: Int) -> (Int, Int)? {
        guard pos < bytes.count, isDigit(bytes[pos]) else { return nil }
        if pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "0"), isDigit(bytes[pos + 1]) { return nil }
        var i = pos
        var n = 0
        while i < bytes.count, isDigit(bytes[i]) {
            if n >= 100_000_000 {
                n = -2
            } else if n >= 0 {
                n = n * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            }
            i += 1
        }
        return (n, i)
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    // MARK: Groups and flags

    private mutating func parsePerlFlags(_ start: Int) throws(ArgusError) -> Int {
        let count = bytes.count
        let startsWithP =
            count - start > 4 && bytes[start + 2] == UInt8(ascii: "P") && bytes[start + 3] == UInt8(ascii: "<")
        let startsWithName = count - start > 3 && bytes[start + 2] == UInt8(ascii: "<")
        if startsWithP || startsWithName {
            let nameStart = start + (startsWithP ? 4 : 3)
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: ">")) else {
                throw error("invalid named capture", start, count)
            }
            let nameBytes = bytes[nameStart..<end]
            let valid =
                !nameBytes.isEmpty
                && nameBytes.allSatisfy { b in
                    b == UInt8(ascii: "_") || isDigit(b)
                        || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z"))
                }
            guard valid else { throw error("invalid named capture", start, end + 1) }
            let name = String(decoding: nameBytes, as: UTF8.self)
            try openParen(capture: captureNames.count, name: name, at: start)
            captureNames.append(name)
            return end + 1
        }

        var pos = start + 2
        var newFlags = flags
        var negated = false
        var sawFlag = false
        while pos < count {
            let (c, next) = decodeRune(pos)
            pos = next
            switch c {
            case UInt32(UInt8(ascii: "i")), UInt32(UInt8(ascii: "m")), UInt32(UInt8(ascii: "s")),
                UInt32(UInt8(ascii: "U")):
                let flag: RE2Flags
                switch c {
                case UInt32(UInt8(ascii: "i")): flag = .foldCase
                case UInt32(UInt8(ascii: "s")): flag = .dotNL
                case UInt32(UInt8(ascii: "U")): flag = .nonGreedy
                default: flag = .oneLine
                }
                // `m` clears oneLine; the others set their flag. `-` inverts both.
                let set = (flag == .oneLine) == negated
                if set { newFlags.insert(flag) } else { newFlags.remove(flag) }
                sawFlag = true
            case UInt32(UInt8(ascii: "-")):
                if negated { throw error("invalid or unsupported Perl syntax", start, pos) }
                negated = true
                sawFlag = false
            case UInt32(UInt8(ascii: ":")), UInt32(UInt8(ascii: ")")):
                if negated && !sawFlag { throw error("invalid or unsupported Perl syntax", start, pos) }
                if c == UInt32(UInt8(ascii: ":")) {
                    try openParen(capture: 0, name: nil, at: start)
                }
                flags = newFlags
                return pos
            default:
                throw error("invalid or unsupported Perl syntax", start, pos)
            }
        }
        throw error("invalid or unsupported Perl syntax", start, pos)
    }

    // MARK: Escapes

    private mutating func parseBackslash(_ pos: Int) throws(ArgusError) -> Int {
        if pos + 1 < bytes.count {
            switch bytes[pos + 1] {
            case UInt8(ascii: "A"):
                push(.assertion(.beginText))
                return pos + 2
            case UInt8(ascii: "b"):
                push(.assertion(.wordBoundary))
                return pos + 2
            case UInt8(ascii: "B"):
                push(.assertion(.noWordBoundary))
                return pos + 2
            case UInt8(ascii: "C"):
                throw error("invalid escape sequence", pos, pos + 2)
            case UInt8(ascii: "Q"):
                var i = pos + 2
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "E") {
                        return i + 2
                    }
                    let (r, next) = decodeRune(i)
                    pushLiteral(r)
                    i = next
                }
                return i
            case UInt8(ascii: "z"):
                push(.assertion(.endText))
                return pos + 2
            default:
                break
            }
        }
        if let (cls, next) = try parseUnicodeClass(pos) {
            push(.charClass(cls))
            return next
        }
        if let (cls, next) = parsePerlClassEscape(pos) {
            push(.charClass(cls))
            return next
        }
        let (r, next) = try parseEscape(pos)
        pushLiteral(r)
        return next
    }

    /// A single-character escape at `pos` (which holds the backslash).
    private func parseEscape(_ pos: Int) throws(ArgusError) -> (UInt32, Int) {
        var i = pos + 1
        guard i < bytes.count else {
            throw ArgusError(
                .invalidRegex, "error parsing regexp: trailing backslash at end of expression: ``",
                input: pattern, offset: pos)
        }
        let (c, afterC) = decodeRune(i)
        i = afterC
        func octal(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "7") }
        switch c {
        case UInt32(UInt8(ascii: "1"))...UInt32(UInt8(ascii: "7")), UInt32(UInt8(ascii: "0")):
            // A single non-zero digit would be a backreference, which RE2 does not support.
            if c != UInt32(UInt8(ascii: "0")), i >= bytes.count || !octal(bytes[i]) { break }
            var r = c - UInt32(UInt8(ascii: "0"))
            for _ in 1..<3 {
                guard i < bytes.count, octal(bytes[i]) else { break }
                r = r * 8 + UInt32(bytes[i] - UInt8(ascii: "0"))
                i += 1
            }
            return (r, i)
        case UInt32(UInt8(ascii: "x")):
            guard i < bytes.count else { break }
            var (d, next) = decodeRune(i)
            i = next
            if d == UInt32(UInt8(ascii: "{")) {
                var r: UInt32 = 0
                var digits = 0
                while true {
                    guard i < bytes.count else { throw error("invalid escape sequence", pos, i) }
                    (d, next) = decodeRune(i)
                    i = next
                    if d == UInt32(UInt8(ascii: "}")) { break }
                    guard let v = Self.unhex(d) else { throw error("invalid escape sequence", pos, i) }
                    r = r * 16 + v
                    if r > RE2CharClass.maxRune { throw error("invalid escape sequence", pos, i) }
                    digits += 1
                }
                if digits == 0 { break }
                return (r, i)
            }
            let x = Self.unhex(d)
            var y: UInt32? = nil
            if i < bytes.count {
                (d, next) = decodeRune(i)
                i = next
                y = Self.unhex(d)
            }
            guard let x, let y else { break }
            return (x * 16 + y, i)
        case UInt32(UInt8(ascii: "a")): return (7, i)
        case UInt32(UInt8(ascii: "f")): return (12, i)
        case UInt32(UInt8(ascii: "n")): return (10, i)
        case UInt32(UInt8(ascii: "r")): return (13, i)
        case UInt32(UInt8(ascii: "t")): return (9, i)
        case UInt32(UInt8(ascii: "v")): return (11, i)
        default:
            let isAlnum =
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            if c < 0x80 && !isAlnum { return (c, i) }
        }
        throw error("invalid escape sequence", pos, i)
    }

    private static func unhex(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// `\d`, `\s`, `\w` and their negations at `pos`.
    private func parsePerlClassEscape(_ pos: Int) -> (RE2CharClass, Int)? {
        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"),
            let (cls, negated) = RE2CharClass.perl(bytes[pos + 1])
        else { return nil }
        return (group(cls, negated: negated), pos + 2)
    }

    /// Applies the current case folding, then the sign, to a named group, as Go's `appendGroup`.
    private func group(_ cls: RE2CharClass, negated: Bool) -> RE2CharClass {
        let folded = flags.contains(.foldCase) ? cls.caseFolded() : cls
        return negated ? folded.negated() : folded
    }

    /// `\pL`, `\p{Greek}`, `\PL`, `\p{^L}` at `pos`; nil when the text is not such a class.
    private func parseUnicodeClass(_ pos: Int) throws(ArgusError) -> (RE2CharClass, Int)? {
        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"),
            bytes[pos + 1] == UInt8(ascii: "p") || bytes[pos + 1] == UInt8(ascii: "P")
        else { return nil }
        var negated = bytes[pos + 1] == UInt8(ascii: "P")
        let nameStart = pos + 2
        var name: String
        var end: Int
        if nameStart < bytes.count, bytes[nameStart] == UInt8(ascii: "{") {
            guard let close = bytes[nameStart...].firstIndex(of: UInt8(ascii: "}")) else {
                throw error("invalid character class range", pos, bytes.count)
            }
            name = String(decoding: bytes[(nameStart + 1)..<close], as: UTF8.self)
            end = close + 1
        } else {
            end = nameStart < bytes.count ? decodeRune(nameStart).1 : nameStart
            name = String(decoding: bytes[nameStart..<end], as: UTF8.self)
        }
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard let cls = RE2Unicode.namedClass(name) else {
            throw error("invalid character class range", pos, end)
        }
        return (group(cls, negated: negated), end)
    }

    // MARK: Bracketed classes

    private mutating func parseClass(_ start: Int) throws(ArgusError) -> Int {
        var i = start + 1
        var cls = RE2CharClass()
        var negated = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "^") {
            negated = true
            i += 1
        }
        var first = true
        while i >= bytes.count || bytes[i] != UInt8(ascii: "]") || first {
            first = false
            // POSIX class such as [:alpha:].
            if bytes.count - i > 2, bytes[i] == UInt8(ascii: "["), bytes[i + 1] == UInt8(ascii: ":") {
                if let close = findPosixEnd(from: i + 2) {
                    var name = String(decoding: bytes[(i + 2)..<close], as: UTF8.self)
                    let posixNegated = name.hasPrefix("^")
                    if posixNegated { name.removeFirst() }
                    guard let posix = RE2CharClass.posix(name) else {
                        throw error("invalid character class range", i, close + 2)
                    }
                    cls.add(group(posix, negated: posixNegated))
                    i = close + 2
                    continue
                }
            }
            if let (unicode, next) = try parseUnicodeClass(i) {
                cls.add(unicode)
                i = next
                continue
            }
            if let (perl, next) = parsePerlClassEscape(i) {
                cls.add(perl)
                i = next
                continue
            }
            let rangeStart = i
            let (lo, afterLo) = try parseClassChar(i, classStart: start)
            var hi = lo
            i = afterLo
            if bytes.count - i >= 2, bytes[i] == UInt8(ascii: "-"), bytes[i + 1] != UInt8(ascii: "]") {
                let (h, afterHi) = try parseClassChar(i + 1, classStart: start)
                hi = h
                i = afterHi
                if hi < lo { throw error("invalid character class range", rangeStart, i) }
            }
            var range = RE2CharClass()
            range.add(lo, hi)
            cls.add(flags.contains(.foldCase) ? range.caseFolded() : range)
        }
        cls.clean()
        push(.charClass(negated ? cls.negated() : cls))
        return i + 1
    }

    private func findPosixEnd(from pos: Int) -> Int? {
        var j = pos
        while j + 1 < bytes.count {
            if bytes[j] == UInt8(ascii: ":"), bytes[j + 1] == UInt8(ascii: "]") { return j }
            j += 1
        }
        return nil
    }

    private func parseClassChar(_ pos: Int, classStart: Int) throws(ArgusError) -> (UInt32, Int) {
        guard pos < bytes.count else { throw error("missing closing ]", classStart, bytes.count) }
        if bytes[pos] == UInt8(ascii: "\\") { return try parseEscape(pos) }
        return decodeRune(pos)
    }
}
