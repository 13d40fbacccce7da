/// The parse tree of one named template: its body, and the text and top-level name it was parsed
/// from (which error positions refer to).
struct TemplateTree: Sendable {
    var name: String
    /// The name of the template whose text contained this one (differs for `define`d templates).
    var parseName: String
    /// The whole text parsed, shared by every template defined in it.
    var source: TemplateSource
    var root: ListNode

    /// Go's `parse.IsEmptyTree`: nothing but whitespace text and comments.
    var isEmpty: Bool { root.isEmpty }
}

/// Template text kept as bytes, for turning node offsets into line and column numbers.
final class TemplateSource: Sendable {
    let bytes: [UInt8]

    init(_ text: String) { self.bytes = Array(text.utf8) }

    /// The 1-based line and 0-based byte column of offset `pos`, as Go's `ErrorContext` counts them.
    func location(of pos: Int) -> (line: Int, column: Int) {
        let end = min(max(pos, 0), bytes.count)
        var line = 1
        var lastNewline = -1
        for i in 0..<end where bytes[i] == 0x0A {
            line += 1
            lastNewline = i
        }
        return (line, lastNewline < 0 ? end : end - lastNewline - 1)
    }
}

/// A sequence of nodes: a template body or the body of a control structure.
struct ListNode: Sendable {
    var pos: Int
    var nodes: [Node] = []

    var isEmpty: Bool {
        nodes.allSatisfy { node in
            switch node {
            case .text(_, let text):
                return text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
            case .comment: return true
            default: return false
            }
        }
    }
}

/// A statement of a template body.
enum Node: Sendable {
    case text(pos: Int, text: String)
    case comment(pos: Int, text: String)
    case action(ActionNode)
    case branch(BranchNode)
    case template(TemplateCallNode)
    case breakLoop(pos: Int)
    case continueLoop(pos: Int)
}

/// `{{pipeline}}`: evaluates and prints (unless it declares variables).
struct ActionNode: Sendable {
    var pos: Int
    var pipe: PipeNode
}

/// `{{if}}`, `{{range}}` or `{{with}}` with its body and optional `{{else}}` body.
struct BranchNode: Sendable {
    enum Kind: String, Sendable {
        case ifBranch = "if"
        case rangeLoop = "range"
        case with
    }

    var kind: Kind
    var pos: Int
    var pipe: PipeNode
    var list: ListNode
    var elseList: ListNode?
}

/// `{{template "name" pipeline}}` (also what `{{block}}` leaves in place).
struct TemplateCallNode: Sendable {
    var pos: Int
    var name: String
    var pipe: PipeNode?
}

/// Commands joined by `|`, optionally declaring or assigning variables.
struct PipeNode: Sendable {
    var pos: Int
    var isAssign = false
    var decl: [VariableNode] = []
    var commands: [CommandNode] = []
}

/// One stage of a pipeline: a function, method or value and its arguments.
struct CommandNode: Sendable {
    var pos: Int
    var args: [ArgNode] = []
}

/// `$x` or `$x.Field.Chain`.
struct VariableNode: Sendable {
    var pos: Int
    var ident: [String]
}

/// `.Field.Chain`.
struct FieldNode: Sendable {
    var pos: Int
    var ident: [String]
}

/// `(pipeline).Field` or `fn.Field`: fields read from the value of a term.
struct ChainNode: Sendable {
    var pos: Int
    var node: ArgNode
    var fields: [String]
}

/// A numeric literal with every interpretation Go gives it.
struct NumberNode: Sendable {
    var pos: Int
    var text: String
    var isInt = false
    var isUint = false
    var isFloat = false
    var isComplex = false
    var int64: Int64 = 0
    var uint64: UInt64 = 0
    var float64: Double = 0
}

/// An operand of a command.
indirect enum ArgNode: Sendable {
    case identifier(pos: Int, name: String)
    case dot(pos: Int)
    case nilValue(pos: Int)
    case variable(VariableNode)
    case field(FieldNode)
    case chain(ChainNode)
    case bool(pos: Int, value: Bool)
    case number(NumberNode)
    case string(pos: Int, quoted: String, text: String)
    case pipe(PipeNode)

    var pos: Int {
        switch self {
        case .identifier(let pos, _), .dot(let pos), .nilValue(let pos), .bool(let pos, _), .string(let pos, _, _):
            return pos
        case .variable(let node): return node.pos
        case .field(let node): return node.pos
        case .chain(let node): return node.pos
        case .number(let node): return node.pos
        case .pipe(let node): return node.pos
        }
    }
}

/// The node execution is at, for error messages: Go's `state.node`.
enum NodeRef: Sendable {
    case node(Node)
    case list(ListNode)
    case pipe(PipeNode)
    case command(CommandNode)
    case arg(ArgNode)

    var pos: Int {
        switch self {
        case .node(let node): return node.pos
        case .list(let list): return list.pos
        case .pipe(let pipe): return pipe.pos
        case .command(let command): return command.pos
        case .arg(let arg): return arg.pos
        }
    }
}

extension Node {
    var pos: Int {
        switch self {
        case .text(let pos, _), .comment(let pos, _), .breakLoop(let pos), .continueLoop(let pos): return pos
        case .action(let node): return node.pos
        case .branch(let node): return node.pos
        case .template(let node): return node.pos
        }
    }
}
