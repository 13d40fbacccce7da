/// One instruction of a compiled RE2 program (a Thompson NFA over code points).
enum RE2Inst: Hashable, Sendable {
    /// Consume exactly this code point.
    case rune(UInt32, next: Int32)
    /// Consume a code point in class number `classIndex` of the program.
    case runeClass(Int32, next: Int32)
    /// Consume any code point.
    case any(next: Int32)
    /// Consume any code point but `\n`.
    case anyNotNL(next: Int32)
    /// Try `preferred` first, then `other`.
    case split(preferred: Int32, other: Int32)
    /// Record the current position in capture slot `slot`.
    case save(Int32, next: Int32)
    case assert(RE2Assertion, next: Int32)
    case nop(next: Int32)
    case match
    case fail
}

/// A compiled program plus the facts the matchers use to skip work.
struct RE2Program: Sendable {
    var insts: [RE2Inst] = []
    var start: Int32 = 0
    /// Character classes, flattened: class `i` owns `classRanges[classBounds[2i]..<classBounds[2i+1]]`
    /// as `[lo, hi, …]` pairs, and `classASCII[2i...2i+1]` is its bitmap of ASCII members.
    var classRanges: [UInt32] = []
    var classBounds: [Int32] = []
    var classASCII: [UInt64] = []
    /// Two slots per group, including group 0 (the whole match).
    var slotCount = 2
    /// UTF-8 bytes every match must start with (case-sensitive literal at the start).
    var prefix: [UInt8] = []
    /// The whole program is the literal `prefix` (after `\A` when ``anchoredStart``).
    var prefixIsWhole = false
    /// Every match must start at the beginning of the text (`\A` or Perl-mode `^` first).
    var anchoredStart = false
}

/// Compiles a parsed tree into a ``RE2Program``, after Go's `regexp/syntax/compile.go`.
struct RE2Compiler {
    /// Go refuses programs bigger than this (`maxSize` in regexp/syntax).
    static let maxInsts = 3_300_000

    private struct Hole {
        var pc: Int32
        var second: Bool
    }

    private struct Frag {
        var start: Int32
        var holes: [Hole]
        var nullable: Bool
    }

    private var program = RE2Program()
    private var classIndex: [RE2CharClass: Int32] = [:]
    private var tooLarge = false

    static func compile(_ node: RE2Node, groupCount: Int, pattern: String) throws(ArgusError) -> RE2Program {
        var compiler = RE2Compiler()
        compiler.program.slotCount = 2 * groupCount
        let begin = compiler.emit(.save(0, next: 0))
        let body = compiler.compile(node)
        compiler.patch([Hole(pc: begin, second: false)], to: body.start)
        let end = compiler.emit(.save(1, next: 0))
        compiler.patch(body.holes, to: end)
        let matchPC = compiler.emit(.match)
        compiler.patch([Hole(pc: end, second: false)], to: matchPC)
        if compiler.tooLarge {
            throw ArgusError(
                .invalidRegex, "error parsing regexp: expression too large: `\(pattern)`", input: pattern)
        }
        compiler.program.start = begin
        compiler.analyzeStart()
        return compiler.program
    }

    // MARK: Emission

    private mutating func emit(_ inst: RE2Inst) -> Int32 {
        if program.insts.count >= Self.maxInsts {
            tooLarge = true
            return Int32(program.insts.count - 1)
        }
        program.insts.append(inst)
        return Int32(program.insts.count - 1)
    }

    private mutating func patch(_ holes: [Hole], to target: Int32) {
        guard !tooLarge else { return }
        for hole in holes {
            let pc = Int(hole.pc)
            switch program.insts[pc] {
            case .rune(let r, _): program.insts[pc] = .rune(r, next: target)
            case .runeClass(let c, _): program.insts[pc] = .runeClass(c, next: target)
            case .any: program.insts[pc] = .any(next: target)
            case .anyNotNL: program.insts[pc] = .anyNotNL(next: target)
            case .split(let a, let b):
                program.insts[pc] =
                    hole.second ? .split(preferred: a, other: target) : .split(preferred: target, other: b)
            case .save(let slot, _): program.insts[pc] = .save(slot, next: target)
            case .assert(let a, _): program.insts[pc] = .assert(a, next: target)
            case .nop: program.insts[pc] = .nop(next: target)
            case .match, .fail: break
            }
        }
    }

    private mutating func single(_ inst: RE2Inst, nullable: Bool = false) -> Frag {
        let pc = emit(inst)
        return Frag(start: pc, holes: [Hole(pc: pc, second: false)], nullable: nullable)
    }

    private mutating func classInst(_ cls: RE2CharClass) -> Frag {
        if cls.isEmpty {
            let pc = emit(.fail)
            return Frag(start: pc, holes: [], nullable: false)
        }
        if cls.rangeCount == 1, cls.ranges[0] == cls.ranges[1] {
            return single(.rune(cls.ranges[0], next: 0))
        }
        if cls.ranges == RE2CharClass.any.ranges { return single(.any(next: 0)) }
        let index: Int32
        if let known = classIndex[cls] {
            index = known
        } else {
            index = Int32(program.classBounds.count / 2)
            classIndex[cls] = index
            program.classBounds.append(Int32(program.classRanges.count))
            program.classRanges.append(contentsOf: cls.ranges)
            program.classBounds.append(Int32(program.classRanges.count))
            var low: UInt64 = 0
            var high: UInt64 = 0
            for r in 0..<UInt32(128) where cls.contains(r) {
                if r < 64 { low |= 1 << UInt64(r) } else { high |= 1 << UInt64(r - 64) }
            }
            program.classASCII.append(low)
            program.classASCII.append(high)
        }
        return single(.runeClass(index, next: 0))
    }

    // MARK: Tree walk

    private mutating func compile(_ node: RE2Node) -> Frag {
        if tooLarge { return Frag(start: 0, holes: [], nullable: false) }
        switch node {
        case .noMatch:
            let pc = emit(.fail)
            return Frag(start: pc, holes: [], nullable: false)
        case .empty:
            return single(.nop(next: 0), nullable: true)
        case .literal(let runes, let fold):
            var frags: [Frag] = []
            for r in runes {
                if fold {
                    let orbit = RE2Unicode.foldOrbit(of: r)
                    frags.append(classInst(RE2CharClass(flatRanges: orbit.flatMap { [$0, $0] })))
                } else {
                    frags.append(single(.rune(r, next: 0)))
                }
            }
            return concat(frags)
        case .charClass(let cls):
            return classInst(cls)
        case .anyChar:
            return single(.any(next: 0))
        case .anyCharNotNL:
            return single(.anyNotNL(next: 0))
        case .assertion(let a):
            return single(.assert(a, next: 0), nullable: true)
        case .capture(let sub, let index, _):
            let open = emit(.save(Int32(2 * index), next: 0))
            let body = compile(sub)
            patch([Hole(pc: open, second: false)], to: body.start)
            let close = emit(.save(Int32(2 * index + 1), next: 0))
            patch(body.holes, to: close)
            return Frag(start: open, holes: [Hole(pc: close, second: false)], nullable: body.nullable)
        case .concat(let subs):
            var frags: [Frag] = []
            for sub in subs { frags.append(compile(sub)) }
            return concat(frags)
        case .alternate(let subs):
            var frags: [Frag] = []
            for sub in subs { frags.append(compile(sub)) }
            return alternate(frags)
        case .repetition(let sub, let min, let max, let greedy):
            return repetition(sub, min: min, max: max, greedy: greedy)
        }
    }

    private mutating func concat(_ frags: [Frag]) -> Frag {
        guard var result = frags.first else { return single(.nop(next: 0), nullable: true) }
        for frag in frags.dropFirst() {
            patch(result.holes, to: frag.start)
            result = Frag(start: result.start, holes: frag.holes, nullable: result.nullable && frag.nullable)
        }
        return result
    }

    private mutating func alternate(_ frags: [Frag]) -> Frag {
        guard var result = frags.last else {
            let pc = emit(.fail)
            return Frag(start: pc, holes: [], nullable: false)
        }
        for frag in frags.dropLast().reversed() {
            let pc = emit(.split(preferred: frag.start, other: result.start))
            result = Frag(start: pc, holes: frag.holes + result.holes, nullable: frag.nullable || result.nullable)
        }
        return result
    }

    /// `x?`: a split whose exit is one of its own arms.
    private mutating func quest(_ frag: Frag, greedy: Bool) -> Frag {
        let pc = emit(greedy ? .split(preferred: frag.start, other: 0) : .split(preferred: 0, other: frag.start))
        return Frag(start: pc, holes: [Hole(pc: pc, second: greedy)] + frag.holes, nullable: true)
    }

    /// The loop back-edge shared by `x*` and `x+`.
    private mutating func loop(_ frag: Frag, greedy: Bool) -> Frag {
        let pc = emit(greedy ? .split(preferred: frag.start, other: 0) : .split(preferred: 0, other: frag.start))
        patch(frag.holes, to: pc)
        return Frag(start: pc, holes: [Hole(pc: pc, second: greedy)], nullable: true)
    }

    private mutating func plus(_ frag: Frag, greedy: Bool) -> Frag {
        let back = loop(frag, greedy: greedy)
        return Frag(start: frag.start, holes: back.holes, nullable: frag.nullable)
    }

    private mutating func star(_ frag: Frag, greedy: Bool) -> Frag {
        // A nullable body compiles as (x+)? so the empty iteration has the right priority
        // (golang.org/issue/46123).
        if frag.nullable { return quest(plus(frag, greedy: greedy), greedy: greedy) }
        return loop(frag, greedy: greedy)
    }

    /// Expands counted repetition the way Go's `Simplify` does: `x{n,}` is n-1 copies of `x` then
    /// `x+`, and `x{n,m}` is n copies then nested `(x(x)?)?`.
    private mutating func repetition(_ sub: RE2Node, min: Int, max: Int, greedy: Bool) -> Frag {
        if max == -1 {
            switch min {
            case 0: return star(compile(sub), greedy: greedy)
            case 1: return plus(compile(sub), greedy: greedy)
            default:
                var frags: [Frag] = []
                for _ in 0..<(min - 1) { frags.append(compile(sub)) }
                frags.append(plus(compile(sub), greedy: greedy))
                return concat(frags)
            }
        }
        if max == 0 { return single(.nop(next: 0), nullable: true) }
        var frags: [Frag] = []
        for _ in 0..<min {
            if tooLarge { break }
            frags.append(compile(sub))
        }
        if max > min {
            // Build the optional tail inside-out: (x(x(x)?)?)?
            var tail = quest(compile(sub), greedy: greedy)
            for _ in 0..<(max - min - 1) {
                if tooLarge { break }
                let head = compile(sub)
                tail = quest(concat([head, tail]), greedy: greedy)
            }
            frags.append(tail)
        }
        return concat(frags)
    }

    // MARK: Analysis

    /// Finds the literal prefix and start anchoring by following the unique path from the start.
    private mutating func analyzeStart() {
        var pc = Int(program.start)
        var prefix: [UInt8] = []
        var steps = 0
        loop: while steps < program.insts.count {
            steps += 1
            switch program.insts[pc] {
            case .save(_, let next), .nop(let next):
                pc = Int(next)
            case .assert(.beginText, let next) where prefix.isEmpty:
                program.anchoredStart = true
                pc = Int(next)
            case .rune(let r, let next):
                guard let scalar = Unicode.Scalar(r), r != RE2UTF8.replacement else { break loop }
                prefix.append(contentsOf: String(scalar).utf8)
                pc = Int(next)
            case .match:
                program.prefixIsWhole = true
                break loop
            default:
                break loop
            }
        }
        program.prefix = prefix
    }
}
