/// A Pike VM: simulates all NFA threads in lock step, one code point at a time, so matching
/// takes O(program size × input length) time whatever the pattern. Threads are kept in priority
/// order, which gives Perl's leftmost-first submatches, as Go's `regexp/pike.go` does.
///
/// All working memory comes from one temporary allocation per call (on the stack when small).
enum RE2PikeVM {
    /// Runs `program` over `input`.
    ///
    /// - Parameters:
    ///   - anchorStart: a match must start at offset 0.
    ///   - anchorEnd: a match must end at the end of `input`.
    ///   - slots: empty to only learn whether there is a match (fastest); otherwise exactly
    ///     `program.slotCount` positions to fill with the leftmost-first match (-1 when unset).
    ///   - from: where the search starts; `^` and `\b` still see the text before it, as in Go's
    ///     `doExecute(…, pos, …)`.
    /// - Returns: whether there is a match.
    static func execute(
        _ program: RE2Program,
        _ input: UnsafeBufferPointer<UInt8>,
        anchorStart: Bool,
        anchorEnd: Bool,
        slots: UnsafeMutableBufferPointer<Int>,
        from: Int = 0
    ) -> Bool {
        let n = program.insts.count
        let k = slots.count
        let queueSize = 2 * n + n * k
        let total = 2 * queueSize + 2 * (n + 1) + 2 * k
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: total) { memory in
            guard let base = memory.baseAddress else { return false }
            base.initialize(repeating: 0, count: total)
            defer { base.deinitialize(count: total) }
            return program.insts.withUnsafeBufferPointer { insts in
                program.classRanges.withUnsafeBufferPointer { ranges in
                    program.classBounds.withUnsafeBufferPointer { bounds in
                        program.classASCII.withUnsafeBufferPointer { ascii in
                            var machine = Machine(
                                insts: insts, ranges: ranges, bounds: bounds, ascii: ascii, input: input,
                                memory: base, n: n, k: k)
                            return machine.run(
                                start: Int(program.start),
                                prefix: program.prefix,
                                anchorStart: anchorStart || program.anchoredStart,
                                anchorEnd: anchorEnd,
                                slots: slots,
                                from: from)
                        }
                    }
                }
            }
        }
    }
}

/// A sparse set of program counters with a capture block per member.
private struct ThreadQueue {
    var sparse: UnsafeMutablePointer<Int>
    var dense: UnsafeMutablePointer<Int>
    var caps: UnsafeMutablePointer<Int>
    var count = 0

    @inline(__always)
    func contains(_ pc: Int) -> Bool {
        let j = sparse[pc]
        return j >= 0 && j < count && dense[j] == pc
    }

    @inline(__always)
    mutating func insert(_ pc: Int) -> Int {
        sparse[pc] = count
        dense[count] = pc
        count += 1
        return count - 1
    }
}

/// Zero-width context at one position: the code points on either side (-1 at the text edges).
private struct Context {
    var before: Int
    var after: Int

    @inline(__always)
    func satisfies(_ assertion: RE2Assertion) -> Bool {
        switch assertion {
        case .beginText: return before < 0
        case .endText: return after < 0
        case .beginLine: return before < 0 || before == 0x0A
        case .endLine: return after < 0 || after == 0x0A
        case .wordBoundary: return Self.isWord(before) != Self.isWord(after)
        case .noWordBoundary: return Self.isWord(before) == Self.isWord(after)
        }
    }

    @inline(__always)
    static func isWord(_ r: Int) -> Bool {
        (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5A) || (r >= 0x61 && r <= 0x7A) || r == 0x5F
    }
}

private struct Machine {
    let insts: UnsafeBufferPointer<RE2Inst>
    let ranges: UnsafeBufferPointer<UInt32>
    let bounds: UnsafeBufferPointer<Int32>
    let ascii: UnsafeBufferPointer<UInt64>
    let input: UnsafeBufferPointer<UInt8>
    let k: Int
    var runq: ThreadQueue
    var nextq: ThreadQueue
    /// Pending work for `add`: pairs of (pc, 0) to explore or (-slot-1, value) to restore.
    let stack: UnsafeMutablePointer<Int>
    /// Captures of the path being explored by `add`.
    let scratch: UnsafeMutablePointer<Int>
    /// `k` copies of -1: the captures of a fresh thread.
    let unset: UnsafeMutablePointer<Int>

    init(
        insts: UnsafeBufferPointer<RE2Inst>,
        ranges: UnsafeBufferPointer<UInt32>,
        bounds: UnsafeBufferPointer<Int32>,
        ascii: UnsafeBufferPointer<UInt64>,
        input: UnsafeBufferPointer<UInt8>,
        memory: UnsafeMutablePointer<Int>,
        n: Int,
        k: Int
    ) {
        self.insts = insts
        self.ranges = ranges
        self.bounds = bounds
        self.ascii = ascii
        self.input = input
        self.k = k
        var p = memory
        runq = ThreadQueue(sparse: p, dense: p + n, caps: p + 2 * n)
        p += 2 * n + n * k
        nextq = ThreadQueue(sparse: p, dense: p + n, caps: p + 2 * n)
        p += 2 * n + n * k
        stack = p
        p += 2 * (n + 1)
        scratch = p
        unset = p + k
        for i in 0..<k { unset[i] = -1 }
    }

    @inline(__always)
    private func decode(_ pos: Int) -> (Int, Int) {
        guard pos < input.count else { return (-1, 0) }
        let (r, width) = RE2UTF8.decode(input, at: pos)
        return (Int(r), width)
    }

    @inline(__always)
    private func classMatches(_ index: Int32, _ r: Int) -> Bool {
        let c = Int(index)
        if r < 128 {
            let word = ascii[2 * c + (r >> 6)]
            return (word >> UInt64(r & 63)) & 1 == 1
        }
        let value = UInt32(r)
        var lo = Int(bounds[2 * c]) / 2
        var hi = Int(bounds[2 * c + 1]) / 2
        while lo < hi {
            let mid = (lo + hi) / 2
            if value < ranges[2 * mid] {
                hi = mid
            } else if value > ranges[2 * mid + 1] {
                lo = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// Adds the thread at `pc0` and everything reachable from it without consuming input.
    private mutating func add(
        toNext: Bool,
        _ pc0: Int,
        _ pos: Int,
        _ caps: UnsafeMutablePointer<Int>,
        _ context: Context
    ) {
        var q = toNext ? nextq : runq
        defer { if toNext { nextq = q } else { runq = q } }
        if k > 0 { scratch.update(from: caps, count: k) }
        var top = 0
        stack[0] = pc0
        stack[1] = 0
        top = 1
        while top > 0 {
            top -= 1
            let a = stack[2 * top]
            if a < 0 {
                scratch[-a - 1] = stack[2 * top + 1]
                continue
            }
            var pc = a
            explore: while !q.contains(pc) {
                let j = q.insert(pc)
                switch insts[pc] {
                case .split(let preferred, let other):
                    stack[2 * top] = Int(other)
                    stack[2 * top + 1] = 0
                    top += 1
                    pc = Int(preferred)
                case .nop(let next):
                    pc = Int(next)
                case .save(let slot, let next):
                    let s = Int(slot)
                    if s < k {
                        stack[2 * top] = -s - 1
                        stack[2 * top + 1] = scratch[s]
                        top += 1
                        scratch[s] = pos
                    }
                    pc = Int(next)
                case .assert(let assertion, let next):
                    guard context.satisfies(assertion) else { break explore }
                    pc = Int(next)
                case .fail:
                    break explore
                case .rune, .runeClass, .any, .anyNotNL, .match:
                    if k > 0 { (q.caps + j * k).update(from: scratch, count: k) }
                    break explore
                }
            }
        }
    }

    mutating func run(
        start: Int,
        prefix: [UInt8],
        anchorStart: Bool,
        anchorEnd: Bool,
        slots: UnsafeMutableBufferPointer<Int>,
        from: Int
    ) -> Bool {
        let end = input.count
        var matched = false
        var pos = from
        var previous = from > 0 ? Int(RE2UTF8.decodeLast(input, before: from)) : -1
        var (current, width) = decode(from)
        for i in 0..<k { slots[i] = -1 }
        while true {
            if runq.count == 0 {
                if matched || (anchorStart && pos > from) { break }
                if !anchorStart && !prefix.isEmpty {
                    guard let found = RE2Search.index(of: prefix, in: input, from: pos) else { break }
                    if found > pos {
                        pos = found
                        previous = Int(RE2UTF8.decodeLast(input, before: pos))
                        (current, width) = decode(pos)
                    }
                }
            }
            if !matched && (pos == from || !anchorStart) {
                add(toNext: false, start, pos, unset, Context(before: previous, after: current))
            }
            let nextPos = pos + width
            let (following, followingWidth) = decode(nextPos)
            let nextContext = Context(before: current, after: following)

            // Step every thread over `current`, in priority order.
            var i = 0
            while i < runq.count {
                let pc = runq.dense[i]
                let caps = runq.caps + i * k
                i += 1
                let next: Int32
                switch insts[pc] {
                case .match:
                    if anchorEnd && pos != end { continue }
                    if k == 0 { return true }
                    for s in 0..<k { slots[s] = caps[s] }
                    slots[1] = pos
                    matched = true
                    // Leftmost-first: lower-priority threads are cut off.
                    i = runq.count
                    continue
                case .rune(let r, let out):
                    guard current == Int(r) else { continue }
                    next = out
                case .runeClass(let c, let out):
                    guard current >= 0, classMatches(c, current) else { continue }
                    next = out
                case .any(let out):
                    guard current >= 0 else { continue }
                    next = out
                case .anyNotNL(let out):
                    guard current >= 0, current != 0x0A else { continue }
                    next = out
                default:
                    continue
                }
                add(toNext: true, Int(next), nextPos, caps, nextContext)
            }
            runq.count = 0
            if width == 0 { break }
            pos = nextPos
            previous = current
            current = following
            width = followingWidth
            swap(&runq, &nextq)
        }
        return matched
    }
}

/// Substring search over bytes.
enum RE2Search {
    /// The first offset at or after `from` where `needle` occurs in `haystack`.
    static func index(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let m = needle.count
        guard m > 0 else { return from <= haystack.count ? from : nil }
        guard haystack.count - from >= m else { return nil }
        let first = needle[0]
        var i = from
        let last = haystack.count - m
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < m, haystack[i + j] == needle[j] { j += 1 }
                if j == m { return i }
            }
            i += 1
        }
        return nil
    }
}
