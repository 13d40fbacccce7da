import ArgusCore

// The text Go's `Node.String()` gives each node: error messages quote it after `at <…>`.

extension ListNode: CustomStringConvertible {
    var description: String { nodes.map(\.description).joined() }
}

extension Node: CustomStringConvertible {
    var description: String {
        switch self {
        case .text(_, let text): return text
        case .comment(_, let text): return "{{" + text + "}}"
        case .action(let node): return "{{" + node.pipe.description + "}}"
        case .branch(let node):
            var out = "{{" + node.kind.rawValue + " " + node.pipe.description + "}}" + node.list.description
            if let elseList = node.elseList { out += "{{else}}" + elseList.description }
            return out + "{{end}}"
        case .template(let node):
            var out = "{{template " + GoString.quote(node.name)
            if let pipe = node.pipe { out += " " + pipe.description }
            return out + "}}"
        case .breakLoop: return "{{break}}"
        case .continueLoop: return "{{continue}}"
        }
    }
}

extension PipeNode: CustomStringConvertible {
    var description: String {
        var out = ""
        if !decl.isEmpty {
            out = decl.map { $0.ident.joined(separator: ".") }.joined(separator: ", ") + " := "
        }
        return out + commands.map(\.description).joined(separator: " | ")
    }
}

extension CommandNode: CustomStringConvertible {
    var description: String {
        args.map { arg in
            if case .pipe(let pipe) = arg { return "(" + pipe.description + ")" }
            return arg.description
        }.joined(separator: " ")
    }
}

extension ArgNode: CustomStringConvertible {
    var description: String {
        switch self {
        case .identifier(_, let name): return name
        case .dot: return "."
        case .nilValue: return "nil"
        case .variable(let node): return node.ident.joined(separator: ".")
        case .field(let node): return node.ident.map { "." + $0 }.joined()
        case .chain(let node):
            var out: String
            if case .pipe(let pipe) = node.node {
                out = "(" + pipe.description + ")"
            } else {
                out = node.node.description
            }
            for field in node.fields { out += "." + field }
            return out
        case .bool(_, let value): return value ? "true" : "false"
        case .number(let node): return node.text
        case .string(_, let quoted, _): return quoted
        case .pipe(let pipe): return pipe.description
        }
    }
}

extension NodeRef: CustomStringConvertible {
    var description: String {
        switch self {
        case .node(let node): return node.description
        case .list(let list): return list.description
        case .pipe(let pipe): return pipe.description
        case .command(let command): return command.description
        case .arg(let arg): return arg.description
        }
    }
}
