import ArgusCore

/// Runs a parse tree on data: Go's `text/template` `state`, statement by statement.
///
/// The structure mirrors Go's `exec.go` closely, including which node is "current" when an
/// error is raised, because error messages quote that node and its position.
struct TemplateExecutor {
    /// How a statement ended: normally, or by `{{break}}`/`{{continue}}` inside a range.
    enum Flow {
        case normal
        case breakLoop
        case continueLoop
    }

    let template: Template
    /// The template being executed (Go's `s.tmpl`), for error messages.
    var name: String
    var tree: TemplateTree
    /// The node being executed, for error messages (Go's `s.node`).
    var node: NodeRef?
    /// Variables in scope, innermost last.
    var vars: [(name: String, value: ExecValue)] = []
    /// How many `{{template}}` calls deep execution is.
    var depth = 0
    var output = ""
    let stack = StackGuard()

    init(template: Template, name: String, tree: TemplateTree) {
        self.template = template
        self.name = name
        self.tree = tree
    }

    mutating func run(data: TemplateValue) throws(TemplateError) -> String {
        let dot: ExecValue
        if case .nil = data { dot = .missing } else { dot = .concrete(data) }
        vars = [("$", dot)]
        _ = try walk(dot, list: tree.root)
        return output
    }

    // MARK: Errors

    mutating func at(_ node: NodeRef) { self.node = node }

    /// An execution error at the current node, in Go's words.
    func error(_ message: String) -> TemplateError {
        guard let node else { return TemplateError(.execution, "template: \(name): \(message)") }
        let (line, column) = tree.source.location(of: node.pos)
        return TemplateError(
            .execution,
            "template: \(tree.parseName):\(line):\(column): executing \(GoString.quote(name)) at <\(node)>: \(message)"
        )
    }

    /// Fails when nesting has used up the thread's stack.
    func checkStack() throws(TemplateError) {
        if !stack.hasRoom() { throw error("exceeded maximum template depth (stack space exhausted)") }
    }

    // MARK: Variables

    func variable(_ name: String) throws(TemplateError) -> ExecValue {
        for entry in vars.reversed() where entry.name == name { return entry.value }
        throw error("undefined variable: \(name)")
    }

    mutating func setVariable(_ name: String, _ value: ExecValue) throws(TemplateError) {
        for index in vars.indices.reversed() where vars[index].name == name {
            vars[index].value = value
            return
        }
        throw error("undefined variable: \(name)")
    }

    /// Sets the `n`th variable from the top of the stack (1 is the top).
    mutating func setTopVariable(_ n: Int, _ value: ExecValue) {
        let index = vars.count - n
        guard vars.indices.contains(index) else { return }
        vars[index].value = value
    }

    mutating func popVariables(to mark: Int) {
        if vars.count > mark { vars.removeSubrange(mark...) }
    }

    // MARK: Statements

    mutating func walk(_ dot: ExecValue, list: ListNode) throws(TemplateError) -> Flow {
        at(.list(list))
        try checkStack()
        for node in list.nodes {
            let flow = try walk(dot, node)
            if flow != .normal { return flow }
        }
        return .normal
    }

    mutating func walk(_ dot: ExecValue, _ node: Node) throws(TemplateError) -> Flow {
        at(.node(node))
        switch node {
        case .action(let action):
            let value = try evalPipeline(dot, action.pipe)
            if action.pipe.decl.isEmpty { try printValue(.node(node), value) }
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        case .comment:
            break
        case .branch(let branch):
            switch branch.kind {
            case .ifBranch, .with: return try walkIfOrWith(branch, dot)
            case .rangeLoop: return try walkRange(branch, node, dot)
            }
        case .template(let call):
            try walkTemplate(call, node, dot)
        case .text(_, let text):
            output += text
        }
        return .normal
    }

    private mutating func walkIfOrWith(_ branch: BranchNode, _ dot: ExecValue) throws(TemplateError) -> Flow {
        let mark = vars.count
        defer { popVariables(to: mark) }
        let value = try evalPipeline(dot, branch.pipe)
        if value.unboxed.truth {
            return try walk(branch.kind == .with ? value : dot, list: branch.list)
        } else if let elseList = branch.elseList {
            return try walk(dot, list: elseList)
        }
        return .normal
    }

    private mutating func walkRange(_ branch: BranchNode, _ node: Node, _ dot: ExecValue) throws(TemplateError) -> Flow
    {
        at(.node(node))
        let mark = vars.count
        defer { popVariables(to: mark) }
        let value = try evalPipeline(dot, branch.pipe).unboxed
        let bodyMark = vars.count
        let declarations = branch.pipe.decl.count

        // Runs the body once; returns false when the loop should stop.
        func iterate(_ executor: inout TemplateExecutor, index: ExecValue, element: ExecValue) throws(TemplateError)
            -> Bool
        {
            if declarations > 0 { executor.setTopVariable(1, element) }
            if declarations > 1 { executor.setTopVariable(2, index) }
            let flow = try executor.walk(element, list: branch.list)
            executor.popVariables(to: bodyMark)
            return flow != .breakLoop
        }

        if let collection = value.value?.collection {
            switch collection {
            case .list(let list):
                guard !list.isEmpty else { break }
                for (i, element) in list.enumerated() {
                    if !(try iterate(&self, index: .concrete(.int(Int64(i))), element: .boxed(element))) { break }
                }
                return .normal
            case .map(let map):
                guard !map.isEmpty else { break }
                for key in TemplateValue.sortedKeys(map) {
                    let element = ExecValue.boxed(map[key] ?? .nil)
                    if !(try iterate(&self, index: .concrete(.string(key)), element: element)) { break }
                }
                return .normal
            case .stringMap(let map):
                guard !map.isEmpty else { break }
                for key in TemplateValue.sortedKeys(map) {
                    let element = ExecValue.concrete(.string(map[key] ?? ""))
                    if !(try iterate(&self, index: .concrete(.string(key)), element: element)) { break }
                }
                return .normal
            case .int(let count):
                if declarations > 1 {
                    throw error("can't use \(GoFormatter.sprint([collection])) to iterate over more than one variable")
                }
                guard count > 0 else { break }
                for i in 0..<count {
                    let element = ExecValue.concrete(.int(i))
                    if !(try iterate(&self, index: element, element: element)) { break }
                }
                return .normal
            default:
                throw error("range can't iterate over \(GoFormatter.sprint([collection]))")
            }
        }
        if let elseList = branch.elseList { return try walk(dot, list: elseList) }
        return .normal
    }

    private mutating func walkTemplate(_ call: TemplateCallNode, _ node: Node, _ dot: ExecValue) throws(TemplateError) {
        at(.node(node))
        guard let called = template.trees[call.name] else {
            throw error("template \(GoString.quote(call.name)) not defined")
        }
        if depth >= Template.maxExecutionDepth {
            throw error("exceeded maximum template depth (\(Template.maxExecutionDepth))")
        }
        let newDot = try evalPipeline(dot, call.pipe)
        let saved = (name, tree, vars, self.node)
        name = call.name
        tree = called
        vars = [("$", newDot)]
        depth += 1
        defer {
            depth -= 1
            (name, tree, vars, self.node) = saved
        }
        _ = try walk(newDot, list: called.root)
    }

    private mutating func printValue(_ node: NodeRef, _ value: ExecValue) throws(TemplateError) {
        at(node)
        guard let printable = value.value else {
            output += "<no value>"
            return
        }
        switch printable {
        case .function:
            throw error("can't print \(node) of type \(value.typeName)")
        case .object(let object) where object.isPointer && !object.isNilPointer:
            // Go prints what a pointer points to.
            output += GoFormatter.sprint([.object(PointeeView(object))])
        default:
            output += GoFormatter.sprint([printable])
        }
    }
}

/// A pointer's target: prints without the `&` that `fmt` puts before pointers.
private struct PointeeView: TemplateObject {
    let base: any TemplateObject

    init(_ base: any TemplateObject) { self.base = base }

    var typeName: String { base.typeName.hasPrefix("*") ? String(base.typeName.dropFirst()) : base.typeName }
    var underlying: TemplateValue? { base.underlying }
    var stringerValue: String? { base.stringerValue }
    var printedFields: [(name: String, value: TemplateValue)] { base.printedFields }
}
