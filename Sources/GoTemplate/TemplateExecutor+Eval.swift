import ArgusCore

/// Something a command can call: a builtin or a registered function or method.
enum Callee {
    case builtin(Builtin)
    case function(TemplateFunc)

    var parameters: [TemplateType] {
        switch self {
        case .builtin(let builtin): return builtin.parameters
        case .function(let function): return function.parameters
        }
    }

    var variadic: TemplateType? {
        switch self {
        case .builtin(let builtin): return builtin.variadic
        case .function(let function): return function.variadic
        }
    }
}

// Pipelines, commands, fields and calls: Go's `evalPipeline` and friends.
extension TemplateExecutor {
    mutating func evalPipeline(_ dot: ExecValue, _ pipe: PipeNode?) throws(TemplateError) -> ExecValue {
        guard let pipe else { return .missing }
        at(.pipe(pipe))
        try checkStack()
        var value: ExecValue?
        for command in pipe.commands {
            var result = try evalCommand(dot, command, final: value)
            if result.isInterface { result = result.unboxed }
            value = result
        }
        let final = value ?? .missing
        for variable in pipe.decl {
            if pipe.isAssign {
                try setVariable(variable.ident[0], final)
            } else {
                vars.append((variable.ident[0], final))
            }
        }
        return final
    }

    private mutating func notAFunction(_ args: [ArgNode], _ final: ExecValue?) throws(TemplateError) {
        if args.count > 1 || final != nil {
            throw error("can't give argument to non-function \(args[0])")
        }
    }

    private mutating func evalCommand(_ dot: ExecValue, _ command: CommandNode, final: ExecValue?) throws(TemplateError)
        -> ExecValue
    {
        guard let first = command.args.first else { throw error("empty command") }
        switch first {
        case .field(let field):
            return try evalFieldNode(dot, field, args: command.args, final: final)
        case .chain(let chain):
            return try evalChainNode(dot, chain, args: command.args, final: final)
        case .identifier(_, let name):
            return try evalFunction(
                dot, first, name: name, context: .command(command), args: command.args, final: final)
        case .pipe(let pipe):
            try notAFunction(command.args, final)
            return try evalPipeline(dot, pipe)
        case .variable(let variable):
            return try evalVariableNode(dot, variable, args: command.args, final: final)
        default:
            break
        }
        at(.arg(first))
        try notAFunction(command.args, final)
        switch first {
        case .bool(_, let value): return .concrete(.bool(value))
        case .dot: return dot
        case .nilValue: throw error("nil is not a command")
        case .number(let number): return try idealConstant(number)
        case .string(_, _, let text): return .concrete(.string(text))
        default: throw error("can't evaluate command \(GoString.quote(first.description))")
        }
    }

    /// A number literal as Go types it: float64 when written with `.`, `e` or `p`, else int.
    private mutating func idealConstant(_ constant: NumberNode) throws(TemplateError) -> ExecValue {
        at(.arg(.number(constant)))
        let text = constant.text
        let isHexInt =
            text.utf8.count > 2 && text.hasPrefix("0")
            && (text.dropFirst().hasPrefix("x") || text.dropFirst().hasPrefix("X"))
            && !text.contains(where: { $0 == "p" || $0 == "P" })
        if constant.isComplex { throw error("complex number \(text) is not supported") }
        let isRuneInt = text.hasPrefix("'")
        if constant.isFloat && !isHexInt && !isRuneInt && text.contains(where: { ".eEpP".contains($0) }) {
            return .concrete(.float(constant.float64))
        }
        if constant.isInt { return .concrete(.int(constant.int64)) }
        if constant.isUint { throw error("\(text) overflows int") }
        return .missing
    }

    private mutating func evalFieldNode(_ dot: ExecValue, _ field: FieldNode, args: [ArgNode]?, final: ExecValue?)
        throws(TemplateError) -> ExecValue
    {
        at(.arg(.field(field)))
        return try evalFieldChain(dot, receiver: dot, node: .arg(.field(field)), field.ident, args: args, final: final)
    }

    private mutating func evalChainNode(_ dot: ExecValue, _ chain: ChainNode, args: [ArgNode]?, final: ExecValue?)
        throws(TemplateError) -> ExecValue
    {
        at(.arg(.chain(chain)))
        if chain.fields.isEmpty { throw error("internal error: no fields in evalChainNode") }
        if case .nilValue = chain.node { throw error("indirection through explicit nil in \(ArgNode.chain(chain))") }
        let receiver = try evalArg(dot, nil, chain.node)
        return try evalFieldChain(
            dot, receiver: receiver, node: .arg(.chain(chain)), chain.fields, args: args, final: final)
    }

    private mutating func evalVariableNode(
        _ dot: ExecValue,
        _ variable: VariableNode,
        args: [ArgNode]?,
        final: ExecValue?
    ) throws(TemplateError) -> ExecValue {
        at(.arg(.variable(variable)))
        let value = try self.variable(variable.ident[0])
        if variable.ident.count == 1 {
            try notAFunction(args ?? [.variable(variable)], final)
            return value
        }
        return try evalFieldChain(
            dot, receiver: value, node: .arg(.variable(variable)), Array(variable.ident.dropFirst()), args: args,
            final: final)
    }

    private mutating func evalFieldChain(
        _ dot: ExecValue,
        receiver: ExecValue,
        node: NodeRef,
        _ ident: [String],
        args: [ArgNode]?,
        final: ExecValue?
    ) throws(TemplateError) -> ExecValue {
        var receiver = receiver
        for name in ident.dropLast() {
            receiver = try evalField(dot, name, node: node, args: nil, final: nil, receiver: receiver)
        }
        return try evalField(dot, ident[ident.count - 1], node: node, args: args, final: final, receiver: receiver)
    }

    private mutating func evalFunction(
        _ dot: ExecValue,
        _ identifier: ArgNode,
        name: String,
        context: NodeRef,
        args: [ArgNode]?,
        final: ExecValue?
    ) throws(TemplateError) -> ExecValue {
        at(.arg(identifier))
        let callee: Callee
        if let function = template.functions[name] {
            callee = .function(function)
        } else if let builtin = Builtin(rawValue: name) {
            callee = .builtin(builtin)
        } else {
            throw error("\(GoString.quote(name)) is not a defined function")
        }
        return try evalCall(dot, callee, node: context, name: name, args: args, final: final)
    }

    private mutating func evalField(
        _ dot: ExecValue,
        _ fieldName: String,
        node: NodeRef,
        args: [ArgNode]?,
        final: ExecValue?,
        receiver: ExecValue
    ) throws(TemplateError) -> ExecValue {
        guard let value = receiver.value else {
            if template.missingKey == .error {
                throw error("nil data; no entry for key \(GoString.quote(fieldName))")
            }
            return .missing
        }
        let typeName = receiver.typeName
        if case .nil = value { throw error("nil pointer evaluating \(typeName).\(fieldName)") }
        let hasArgs = (args?.count ?? 0) > 1 || final != nil
        var lookup = value
        if case .object(let object) = value {
            if let method = object.method(fieldName) {
                return try evalCall(dot, .function(method), node: node, name: fieldName, args: args, final: final)
            }
            if object.isNilPointer { throw error("nil pointer evaluating \(typeName).\(fieldName)") }
            if let field = object.field(fieldName) {
                if hasArgs { throw error("\(fieldName) has arguments but cannot be invoked as function") }
                return .concrete(field)
            }
            lookup = object.underlying ?? value
        }
        switch lookup {
        case .map(let map):
            if hasArgs { throw error("\(fieldName) is not a method but has arguments") }
            if let element = map[fieldName] { return .boxed(element) }
            switch template.missingKey {
            case .default: return .missing
            case .zero: return .boxed(.nil)
            case .error: throw error("map has no entry for key \(GoString.quote(fieldName))")
            }
        case .stringMap(let map):
            if hasArgs { throw error("\(fieldName) is not a method but has arguments") }
            if let element = map[fieldName] { return .concrete(.string(element)) }
            switch template.missingKey {
            case .default: return .missing
            case .zero: return .concrete(.string(""))
            case .error: throw error("map has no entry for key \(GoString.quote(fieldName))")
            }
        default:
            throw error("can't evaluate field \(fieldName) in type \(typeName)")
        }
    }

    /// Calls a function or method with the arguments of a command (`args[0]` is the callee itself)
    /// and the value piped in (`final`).
    mutating func evalCall(
        _ dot: ExecValue,
        _ callee: Callee,
        node: NodeRef,
        name: String,
        args allArgs: [ArgNode]?,
        final: ExecValue?
    ) throws(TemplateError) -> ExecValue {
        let args = allArgs.map { Array($0.dropFirst()) } ?? []
        let parameters = callee.parameters
        let numIn = args.count + (final == nil ? 0 : 1)
        var numFixed = args.count
        if callee.variadic != nil {
            numFixed = parameters.count
            if numIn < numFixed {
                throw error("wrong number of args for \(name): want at least \(parameters.count) got \(args.count)")
            }
        } else if numIn != parameters.count {
            throw error("wrong number of args for \(name): want \(parameters.count) got \(numIn)")
        }

        if case .builtin(let builtin) = callee, builtin == .and || builtin == .or {
            var value = ExecValue.missing
            for arg in args {
                value = try evalArg(dot, .reflectValue, arg)
                if value.unboxed.truth == (builtin == .or) { return value }
            }
            if let final { value = try validateType(final, .reflectValue) }
            return value
        }

        var argv: [ExecValue] = []
        argv.reserveCapacity(numIn)
        var i = 0
        while i < numFixed && i < args.count {
            argv.append(try evalArg(dot, parameters[i], args[i]))
            i += 1
        }
        if let variadic = callee.variadic {
            while i < args.count {
                argv.append(try evalArg(dot, variadic, args[i]))
                i += 1
            }
        }
        if let final {
            var type = parameters.last ?? .any
            if let variadic = callee.variadic {
                type = numIn - 1 < numFixed ? parameters[numIn - 1] : variadic
            }
            argv.append(try validateType(final, type))
        }

        do {
            switch callee {
            case .builtin(let builtin):
                return try builtin.call(argv)
            case .function(let function):
                return .concrete(try function.body(argv.map(\.argument)))
            }
        } catch {
            at(node)
            throw self.error("error calling \(name): \(Self.message(of: error))")
        }
    }

    /// The text of an error thrown by a function, as Go's `err.Error()`.
    static func message(of error: any Error) -> String {
        if let error = error as? TemplateFunctionError { return error.message }
        if let error = error as? BuiltinError { return error.message }
        if let error = error as? TemplateError { return error.message }
        if let error = error as? ArgusError { return error.message }
        return String(describing: error)
    }

    // MARK: Arguments

    /// Go's `validateType`: checks a computed value against a parameter type; `type` nil takes
    /// anything.
    mutating func validateType(_ value: ExecValue, _ type: TemplateType?) throws(TemplateError) -> ExecValue {
        guard let type else { return value }
        guard let content = value.value else {
            if type.kind == .reflectValue { return .missing }
            if type.canBeNil { return .boxed(.nil) }
            throw error("invalid value; expected \(type)")
        }
        switch type.kind {
        case .reflectValue, .any:
            return value
        default:
            break
        }
        if value.isInterface {
            if case .nil = content { throw error("wrong type for value; expected \(type); got interface {}") }
            if type.accepts(content) { return .concrete(content) }
        } else if type.accepts(content) {
            return value
        }
        throw error("wrong type for value; expected \(type); got \(content.typeName)")
    }

    /// Go's `evalArg`: evaluates an argument for a parameter of `type` (nil: no type check).
    mutating func evalArg(_ dot: ExecValue, _ type: TemplateType?, _ node: ArgNode) throws(TemplateError) -> ExecValue {
        at(.arg(node))
        switch node {
        case .dot:
            return try validateType(dot, type)
        case .nilValue:
            guard let type else { throw error("cannot assign nil to <nil>") }
            if type.kind == .reflectValue { return .missing }
            if type.canBeNil { return .boxed(.nil) }
            throw error("cannot assign nil to \(type)")
        case .field(let field):
            return try validateType(evalFieldNode(dot, field, args: [node], final: nil), type)
        case .variable(let variable):
            return try validateType(evalVariableNode(dot, variable, args: nil, final: nil), type)
        case .pipe(let pipe):
            return try validateType(evalPipeline(dot, pipe), type)
        case .identifier(_, let name):
            return try validateType(
                evalFunction(dot, node, name: name, context: .arg(node), args: nil, final: nil), type)
        case .chain(let chain):
            return try validateType(evalChainNode(dot, chain, args: nil, final: nil), type)
        case .bool, .number, .string:
            break
        }
        let kind = type?.kind ?? .any
        switch kind {
        case .bool:
            if case .bool(_, let value) = node { return .concrete(.bool(value)) }
            throw error("expected bool; found \(node)")
        case .float:
            if case .number(let number) = node, number.isFloat { return .concrete(.float(number.float64)) }
            throw error("expected float; found \(node)")
        case .int:
            if case .number(let number) = node, number.isInt { return .concrete(.int(number.int64)) }
            throw error("expected integer; found \(node)")
        case .string:
            if case .string(_, _, let text) = node { return .concrete(.string(text)) }
            throw error("expected string; found \(node)")
        case .any, .reflectValue:
            return try evalEmptyInterface(dot, node)
        case .list, .map, .stringMap, .named:
            throw error("can't handle \(node) for arg of type \(type?.name ?? "")")
        }
    }

    private mutating func evalEmptyInterface(_ dot: ExecValue, _ node: ArgNode) throws(TemplateError) -> ExecValue {
        at(.arg(node))
        switch node {
        case .bool(_, let value): return .concrete(.bool(value))
        case .number(let number): return try idealConstant(number)
        case .string(_, _, let text): return .concrete(.string(text))
        default: throw error("can't handle assignment of \(node) to empty interface argument")
        }
    }
}
