import ArgusCore

/// Builds parse trees from template text with the grammar and error messages of Go's
/// `text/template/parse` (Go 1.23: `{{else with}}` included).
///
/// One call parses one text into the main template and every template it `define`s or
/// `block`s, keyed by name.
struct TemplateParser {
    /// How deeply pipelines and control structures may nest (Go's limit). Nesting also stops,
    /// with the same error, when the thread's stack runs low.
    static let maxDepth = 10_000

    /// Parsing state of one tree: Go's `parse.Tree` fields besides the shared lexer.
    private struct TreeState {
        var name: String
        var token: [LexItem] = Array(repeating: LexItem(kind: .error, pos: 0, value: "", line: 0), count: 3)
        var peekCount = 0
        var vars: [String] = ["$"]
        var actionLine = 0
        var rangeDepth = 0
    }

    /// What `textOrAction` found: a node, or the `{{end}}`/`{{else}}` that closes a list.
    private enum Item {
        case node(Node)
        case end(pos: Int)
        case elseItem(pos: Int)

        var description: String {
            switch self {
            case .node(let node): return node.description
            case .end: return "{{end}}"
            case .elseItem: return "{{else}}"
            }
        }
    }

    private let parseName: String
    private let source: TemplateSource
    private let hasFunction: (String) -> Bool
    private let items: [LexItem]
    private var itemIndex = 0
    private var tree: TreeState
    private var trees: [String: TemplateTree] = [:]
    private var depth = 0
    private let stack = StackGuard()

    /// Parses `text` as template `name`. `hasFunction` says which function names exist
    /// (builtins included); using any other is a parse error.
    static func parse(
        name: String,
        text: String,
        hasFunction: @escaping (String) -> Bool
    ) throws(TemplateError) -> [String: TemplateTree] {
        var parser = TemplateParser(name: name, text: text, hasFunction: hasFunction)
        let root = try parser.parseTop()
        try parser.add(root)
        return parser.trees
    }

    private init(name: String, text: String, hasFunction: @escaping (String) -> Bool) {
        self.parseName = name
        self.source = TemplateSource(text)
        self.hasFunction = hasFunction
        self.items = TemplateLexer.tokenize(
            text, breakOK: !hasFunction("break"), continueOK: !hasFunction("continue"))
        self.tree = TreeState(name: name)
    }

    // MARK: Tokens

    private mutating func lexNext() -> LexItem {
        guard itemIndex < items.count else { return LexItem(kind: .error, pos: 0, value: "", line: 0) }
        defer { itemIndex += 1 }
        return items[itemIndex]
    }

    private mutating func next() -> LexItem {
        if tree.peekCount > 0 {
            tree.peekCount -= 1
        } else {
            tree.token[0] = lexNext()
        }
        return tree.token[tree.peekCount]
    }

    private mutating func backup() { tree.peekCount += 1 }

    private mutating func backup2(_ t1: LexItem) {
        tree.token[1] = t1
        tree.peekCount = 2
    }

    private mutating func backup3(_ t2: LexItem, _ t1: LexItem) {
        tree.token[1] = t1
        tree.token[2] = t2
        tree.peekCount = 3
    }

    private mutating func peek() -> LexItem {
        if tree.peekCount > 0 { return tree.token[tree.peekCount - 1] }
        tree.peekCount = 1
        tree.token[0] = lexNext()
        return tree.token[0]
    }

    private mutating func nextNonSpace() -> LexItem {
        while true {
            let token = next()
            if token.kind != .space { return token }
        }
    }

    private mutating func peekNonSpace() -> LexItem {
        let token = nextNonSpace()
        backup()
        return token
    }

    // MARK: Errors

    private func error(_ message: String) -> TemplateError {
        TemplateError(.parse, "template: \(parseName):\(tree.token[0].line): \(message)")
    }

    private mutating func expect(_ expected: LexItem.Kind, _ context: String) throws(TemplateError) -> LexItem {
        let token = nextNonSpace()
        if token.kind != expected { throw unexpected(token, context) }
        return token
    }

    private mutating func expectOneOf(
        _ first: LexItem.Kind,
        _ second: LexItem.Kind,
        _ context: String
    ) throws(TemplateError) -> LexItem {
        let token = nextNonSpace()
        if token.kind != first && token.kind != second { throw unexpected(token, context) }
        return token
    }

    private func unexpected(_ token: LexItem, _ context: String) -> TemplateError {
        if token.kind == .error {
            var extra = ""
            if tree.actionLine != 0 && tree.actionLine != token.line {
                extra = " in action started at \(parseName):\(tree.actionLine)"
                if token.value.hasSuffix(" action") { extra = String(extra.dropFirst(" in action".count)) }
            }
            return error(token.description + extra)
        }
        return error("unexpected \(token) in \(context)")
    }

    private mutating func enter() throws(TemplateError) {
        depth += 1
        if depth > Self.maxDepth || !stack.hasRoom() { throw error("max expression depth exceeded") }
    }

    // MARK: Trees

    /// Go's `Tree.add`: a later non-empty definition of a name defined in the same text fails.
    private mutating func add(_ root: ListNode) throws(TemplateError) {
        let newTree = TemplateTree(name: tree.name, parseName: parseName, source: source, root: root)
        if let existing = trees[tree.name], !existing.isEmpty {
            if !newTree.isEmpty {
                throw error("template: multiple definition of template \(GoString.quote(tree.name))")
            }
            return
        }
        trees[tree.name] = newTree
    }

    private mutating func parseTop() throws(TemplateError) -> ListNode {
        var root = ListNode(pos: peek().pos)
        while peek().kind != .eof {
            if peek().kind == .leftDelim {
                let delim = next()
                if nextNonSpace().kind == .define {
                    let saved = tree
                    tree = TreeState(name: "definition")
                    try parseDefinition()
                    tree = saved
                    continue
                }
                backup2(delim)
            }
            let item = try textOrAction()
            switch item {
            case .end, .elseItem: throw error("unexpected \(item.description)")
            case .node(let node): root.nodes.append(node)
            }
        }
        return root
    }

    private mutating func parseDefinition() throws(TemplateError) {
        let context = "define clause"
        let nameToken = try expectOneOf(.string, .rawString, context)
        guard let name = GoString.unquote(nameToken.value) else { throw error("invalid syntax") }
        tree.name = name
        _ = try expect(.rightDelim, context)
        let (list, end) = try itemList()
        guard case .end = end else { throw error("unexpected \(end.description) in \(context)") }
        try add(list)
    }

    private mutating func itemList() throws(TemplateError) -> (ListNode, Item) {
        var list = ListNode(pos: peekNonSpace().pos)
        while peekNonSpace().kind != .eof {
            let item = try textOrAction()
            switch item {
            case .end, .elseItem: return (list, item)
            case .node(let node): list.nodes.append(node)
            }
        }
        throw error("unexpected EOF")
    }

    private mutating func textOrAction() throws(TemplateError) -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .text:
            return .node(.text(pos: token.pos, text: token.value))
        case .leftDelim:
            tree.actionLine = token.line
            defer { tree.actionLine = 0 }
            return try action()
        case .comment:
            return .node(.comment(pos: token.pos, text: token.value))
        default:
            throw unexpected(token, "input")
        }
    }

    // MARK: Actions

    private mutating func action() throws(TemplateError) -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .block: return .node(try blockControl())
        case .breakKeyword: return .node(try loopControl(token, isBreak: true))
        case .continueKeyword: return .node(try loopControl(token, isBreak: false))
        case .elseKeyword: return try elseControl()
        case .end: return .end(pos: try expect(.rightDelim, "end").pos)
        case .ifKeyword: return .node(try branchControl(.ifBranch))
        case .range: return .node(try branchControl(.rangeLoop))
        case .template: return .node(try templateControl())
        case .with: return .node(try branchControl(.with))
        default: break
        }
        backup()
        let start = peek()
        let pipe = try pipeline("command", end: .rightDelim)
        return .node(.action(ActionNode(pos: start.pos, pipe: pipe)))
    }

    private mutating func loopControl(_ keyword: LexItem, isBreak: Bool) throws(TemplateError) -> Node {
        let name = isBreak ? "{{break}}" : "{{continue}}"
        let token = nextNonSpace()
        if token.kind != .rightDelim { throw unexpected(token, name) }
        if tree.rangeDepth == 0 { throw error("\(name) outside {{range}}") }
        return isBreak ? .breakLoop(pos: keyword.pos) : .continueLoop(pos: keyword.pos)
    }

    private mutating func branchControl(_ kind: BranchNode.Kind) throws(TemplateError) -> Node {
        try enter()
        defer { depth -= 1 }
        let context = kind.rawValue
        let savedVars = tree.vars.count
        defer { tree.vars.removeSubrange(savedVars...) }
        let pipe = try pipeline(context, end: .rightDelim)
        if kind == .rangeLoop { tree.rangeDepth += 1 }
        let (list, next) = try itemList()
        if kind == .rangeLoop { tree.rangeDepth -= 1 }
        var elseList: ListNode?
        switch next {
        case .elseItem(let pos):
            if kind == .ifBranch && peek().kind == .ifKeyword {
                _ = self.next()
                elseList = ListNode(pos: pos, nodes: [try branchControl(.ifBranch)])
            } else if kind == .with && peek().kind == .with {
                _ = self.next()
                elseList = ListNode(pos: pos, nodes: [try branchControl(.with)])
            } else {
                let (list, end) = try itemList()
                guard case .end = end else { throw error("expected end; found \(end.description)") }
                elseList = list
            }
        default:
            break
        }
        return .branch(BranchNode(kind: kind, pos: pipe.pos, pipe: pipe, list: list, elseList: elseList))
    }

    private mutating func elseControl() throws(TemplateError) -> Item {
        let peeked = peekNonSpace()
        if peeked.kind == .ifKeyword || peeked.kind == .with { return .elseItem(pos: peeked.pos) }
        let token = try expect(.rightDelim, "else")
        return .elseItem(pos: token.pos)
    }

    private mutating func blockControl() throws(TemplateError) -> Node {
        let context = "block clause"
        let token = nextNonSpace()
        let name = try parseTemplateName(token, context)
        let pipe = try pipeline(context, end: .rightDelim)
        let saved = tree
        tree = TreeState(name: name)
        let (list, end) = try itemList()
        guard case .end = end else {
            tree = saved
            throw error("unexpected \(end.description) in \(context)")
        }
        try add(list)
        tree = saved
        return .template(TemplateCallNode(pos: token.pos, name: name, pipe: pipe))
    }

    private mutating func templateControl() throws(TemplateError) -> Node {
        let context = "template clause"
        let token = nextNonSpace()
        let name = try parseTemplateName(token, context)
        var pipe: PipeNode?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline(context, end: .rightDelim)
        }
        return .template(TemplateCallNode(pos: token.pos, name: name, pipe: pipe))
    }

    private mutating func parseTemplateName(_ token: LexItem, _ context: String) throws(TemplateError) -> String {
        switch token.kind {
        case .string, .rawString:
            guard let name = GoString.unquote(token.value) else { throw error("invalid syntax") }
            return name
        default:
            throw unexpected(token, context)
        }
    }

    // MARK: Pipelines

    private mutating func pipeline(_ context: String, end: LexItem.Kind) throws(TemplateError) -> PipeNode {
        try enter()
        defer { depth -= 1 }
        var pipe = PipeNode(pos: peekNonSpace().pos)
        declarations: while true {
            let variable = peekNonSpace()
            guard variable.kind == .variable else { break }
            _ = next()
            let tokenAfterVariable = peek()
            let following = peekNonSpace()
            if following.kind == .assign || following.kind == .declare {
                pipe.isAssign = following.kind == .assign
                _ = nextNonSpace()
                pipe.decl.append(VariableNode(pos: variable.pos, ident: split(variable.value)))
                tree.vars.append(variable.value)
            } else if following.kind == .char && following.value == "," {
                _ = nextNonSpace()
                pipe.decl.append(VariableNode(pos: variable.pos, ident: split(variable.value)))
                tree.vars.append(variable.value)
                if context == "range" && pipe.decl.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen: continue declarations
                    default: throw error("range can only initialize variables")
                    }
                }
                throw error("too many declarations in \(context)")
            } else if tokenAfterVariable.kind == .space {
                backup3(variable, tokenAfterVariable)
            } else {
                backup2(variable)
            }
            break
        }
        while true {
            let token = nextNonSpace()
            switch token.kind {
            case end:
                try checkPipeline(pipe, context)
                return pipe
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .nilKeyword, .rawString,
                .string, .variable, .leftParen:
                backup()
                pipe.commands.append(try command())
            default:
                throw unexpected(token, context)
            }
        }
    }

    private func split(_ identifier: String) -> [String] {
        identifier.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    private func checkPipeline(_ pipe: PipeNode, _ context: String) throws(TemplateError) {
        if pipe.commands.isEmpty { throw error("missing value for \(context)") }
        for (index, command) in pipe.commands.enumerated().dropFirst() {
            switch command.args.first {
            case .bool, .dot, .nilValue, .number, .string:
                throw error("non executable command in pipeline stage \(index + 1)")
            default:
                break
            }
        }
    }

    private mutating func command() throws(TemplateError) -> CommandNode {
        var command = CommandNode(pos: peekNonSpace().pos)
        while true {
            _ = peekNonSpace()
            if let operand = try operand() { command.args.append(operand) }
            let token = next()
            switch token.kind {
            case .space:
                continue
            case .rightDelim, .rightParen:
                backup()
            case .pipe:
                break
            default:
                throw unexpected(token, "operand")
            }
            break
        }
        if command.args.isEmpty { throw error("empty command") }
        return command
    }

    private mutating func operand() throws(TemplateError) -> ArgNode? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        let chainPos = peek().pos
        var fields: [String] = []
        while peek().kind == .field { fields.append(String(next().value.dropFirst())) }
        switch node {
        case .field(let field):
            return .field(FieldNode(pos: chainPos, ident: field.ident + fields))
        case .variable(let variable):
            return .variable(VariableNode(pos: chainPos, ident: variable.ident + fields))
        case .bool, .string, .number, .nilValue, .dot:
            throw error("unexpected . after term \(GoString.quote(node.description))")
        default:
            return .chain(ChainNode(pos: chainPos, node: node, fields: fields))
        }
    }

    private mutating func term() throws(TemplateError) -> ArgNode? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            if !hasFunction(token.value) { throw error("function \(GoString.quote(token.value)) not defined") }
            return .identifier(pos: token.pos, name: token.value)
        case .dot:
            return .dot(pos: token.pos)
        case .nilKeyword:
            return .nilValue(pos: token.pos)
        case .variable:
            let node = VariableNode(pos: token.pos, ident: split(token.value))
            if !tree.vars.contains(node.ident[0]) {
                throw error("undefined variable \(GoString.quote(node.ident[0]))")
            }
            return .variable(node)
        case .field:
            return .field(FieldNode(pos: token.pos, ident: split(String(token.value.dropFirst()))))
        case .bool:
            return .bool(pos: token.pos, value: token.value == "true")
        case .charConstant, .complex, .number:
            return .number(try number(token))
        case .leftParen:
            return .pipe(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            guard let text = GoString.unquote(token.value) else { throw error("invalid syntax") }
            return .string(pos: token.pos, quoted: token.value, text: text)
        default:
            backup()
            return nil
        }
    }

    // MARK: Numbers

    private func number(_ token: LexItem) throws(TemplateError) -> NumberNode {
        let text = token.value
        var node = NumberNode(pos: token.pos, text: text)
        if token.kind == .charConstant {
            let bytes = Array(text.utf8)
            guard let (value, _, next) = GoString.unquoteChar(bytes, at: 1, end: bytes.count, quote: bytes[0]) else {
                throw error("invalid syntax")
            }
            guard next == bytes.count - 1, bytes[next] == UInt8(ascii: "'") else {
                throw error("malformed character constant: \(text)")
            }
            node.isInt = true
            node.int64 = Int64(value)
            node.isUint = true
            node.uint64 = UInt64(value)
            node.isFloat = true
            node.float64 = Double(value)
            return node
        }
        if token.kind == .complex
            || (text.hasSuffix("i") && GoFloat.parseAllowingSeparators(String(text.dropLast())) != nil)
        {
            // Complex numbers parse, as in Go, but cannot be used (see `idealConstant`).
            node.isComplex = true
            return node
        }
        let unsigned = GoInt.parseUnsigned(text)
        if let unsigned {
            node.isUint = true
            node.uint64 = unsigned
        }
        if let signed = GoInt.parse(text) {
            node.isInt = true
            node.int64 = signed
            if signed == 0 {
                node.isUint = true
                node.uint64 = unsigned ?? 0
            }
        }
        if node.isInt {
            node.isFloat = true
            node.float64 = Double(node.int64)
        } else if node.isUint {
            node.isFloat = true
            node.float64 = Double(node.uint64)
        } else if let float = Self.parseFloat(text) {
            if !text.contains(where: { ".eEpP".contains($0) }) {
                throw error("integer overflow: \(GoString.quote(text))")
            }
            node.isFloat = true
            node.float64 = float
            if let exact = Int64(exactly: float) {
                node.isInt = true
                node.int64 = exact
            }
            if let exact = UInt64(exactly: float) {
                node.isUint = true
                node.uint64 = exact
            }
        }
        if !node.isInt && !node.isUint && !node.isFloat {
            throw error("illegal number syntax: \(GoString.quote(text))")
        }
        return node
    }

    /// `strconv.ParseFloat(text, 64)` for what the lexer calls a number.
    private static func parseFloat(_ text: String) -> Double? {
        guard let value = GoFloat.parseAllowingSeparators(text) else { return nil }
        return value.isFinite ? value : nil
    }
}
