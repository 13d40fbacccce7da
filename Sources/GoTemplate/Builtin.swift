/// An error from a builtin, reported as "error calling NAME: MESSAGE".
struct BuiltinError: Error {
    var message: String

    init(_ message: String) { self.message = message }
}

/// The functions every template has (Go's `builtins()`), with Go's signatures.
enum Builtin: String, CaseIterable {
    case and, or, not, len, index, slice, call, html, js, urlquery, print, printf, println
    case eq, ne, lt, le, gt, ge

    var parameters: [TemplateType] {
        switch self {
        case .and, .or, .not, .len, .index, .slice, .call, .eq: return [.reflectValue]
        case .ne, .lt, .le, .gt, .ge: return [.reflectValue, .reflectValue]
        case .html, .js, .urlquery, .print, .println: return []
        case .printf: return [.string]
        }
    }

    var variadic: TemplateType? {
        switch self {
        case .and, .or, .index, .slice, .call, .eq: return .reflectValue
        case .html, .js, .urlquery, .print, .println, .printf: return .any
        case .not, .len, .ne, .lt, .le, .gt, .ge: return nil
        }
    }

    func call(_ args: [ExecValue]) throws(BuiltinError) -> ExecValue {
        switch self {
        case .and, .or:
            // Evaluated lazily by the executor; reaching here means no arguments.
            return args.last ?? .missing
        case .not:
            return .concrete(.bool(!(args.first?.unboxed.truth ?? false)))
        case .len:
            return try Self.length(args[0])
        case .index:
            return try Self.index(args[0], Array(args.dropFirst()))
        case .slice:
            return try Self.slice(args[0], Array(args.dropFirst()))
        case .call:
            return try Self.call(args[0], Array(args.dropFirst()))
        case .html:
            return .concrete(.string(GoEscaper.html(Self.evalArgs(args))))
        case .js:
            return .concrete(.string(GoEscaper.js(Self.evalArgs(args))))
        case .urlquery:
            return .concrete(.string(GoEscaper.urlQuery(Self.evalArgs(args))))
        case .print:
            return .concrete(.string(GoFormatter.sprint(args.map(\.argument))))
        case .println:
            return .concrete(.string(GoFormatter.sprintln(args.map(\.argument))))
        case .printf:
            let format = args[0].value?.stringValue ?? ""
            return .concrete(.string(GoFormatter.sprintf(format, args.dropFirst().map(\.argument))))
        case .eq:
            return .concrete(.bool(try GoComparison.equal(args[0], Array(args.dropFirst()))))
        case .ne:
            return .concrete(.bool(!(try GoComparison.equal(args[0], [args[1]]))))
        case .lt:
            return .concrete(.bool(try GoComparison.less(args[0], args[1])))
        case .le:
            return .concrete(.bool(try GoComparison.lessOrEqual(args[0], args[1])))
        case .gt:
            return .concrete(.bool(!(try GoComparison.lessOrEqual(args[0], args[1]))))
        case .ge:
            return .concrete(.bool(!(try GoComparison.less(args[0], args[1]))))
        }
    }

    /// The text `html`, `js` and `urlquery` escape: one string as is, else the arguments printed
    /// as `print` would (a nil argument shows as `<no value>`).
    private static func evalArgs(_ args: [ExecValue]) -> String {
        if args.count == 1, case .string(let s) = args[0].argument { return s }
        let printable: [TemplateValue] = args.map { arg in
            switch arg.argument {
            case .nil: return .string("<no value>")
            case .object(let object) where object.isNilPointer: return .string("<nil>")
            default: return arg.argument
            }
        }
        return GoFormatter.sprint(printable)
    }

    // MARK: len, index, slice, call

    private static func length(_ item: ExecValue) throws(BuiltinError) -> ExecValue {
        guard let value = item.unboxed.value else {
            if item.isInterface { throw BuiltinError("len of nil pointer") }
            throw BuiltinError("reflect: call of reflect.Value.Type on zero Value")
        }
        if case .object(let object) = value, object.isNilPointer { throw BuiltinError("len of nil pointer") }
        switch value.collection {
        case .list(let list): return .concrete(.int(Int64(list.count)))
        case .map(let map): return .concrete(.int(Int64(map.count)))
        case .stringMap(let map): return .concrete(.int(Int64(map.count)))
        case .string(let s): return .concrete(.int(Int64(s.utf8.count)))
        default: throw BuiltinError("len of type \(value.typeName)")
        }
    }

    /// Go's `indexArg`: an integer index in `0...cap`.
    private static func indexArgument(_ index: ExecValue, cap: Int) throws(BuiltinError) -> Int {
        guard let value = index.value else { throw BuiltinError("cannot index slice/array with nil") }
        guard !index.isInterface, case .int(let x) = value else {
            throw BuiltinError("cannot index slice/array with type \(index.typeName)")
        }
        if x < 0 || x > Int64(cap) { throw BuiltinError("index out of range: \(x)") }
        return Int(x)
    }

    private static func index(_ item: ExecValue, _ indexes: [ExecValue]) throws(BuiltinError) -> ExecValue {
        var item = item.unboxed
        if item.isMissing { throw BuiltinError("index of untyped nil") }
        for rawIndex in indexes {
            let index = rawIndex.unboxed
            item = item.unboxed
            guard let value = item.value else { throw BuiltinError("index of nil pointer") }
            if case .object(let object) = value, object.isNilPointer { throw BuiltinError("index of nil pointer") }
            switch value.collection {
            case .list(let list):
                let x = try indexArgument(index, cap: list.count)
                guard x < list.count else { throw BuiltinError("reflect: slice index out of range") }
                item = .boxed(list[x])
            case .string(let s):
                let bytes = Array(s.utf8)
                let x = try indexArgument(index, cap: bytes.count)
                guard x < bytes.count else { throw BuiltinError("reflect: string index out of range") }
                item = .concrete(.int(Int64(bytes[x])))
            case .map(let map):
                let key = try mapKey(index)
                item = .boxed(map[key] ?? .nil)
            case .stringMap(let map):
                let key = try mapKey(index)
                item = .concrete(.string(map[key] ?? ""))
            default:
                throw BuiltinError("can't index item of type \(value.typeName)")
            }
        }
        return item
    }

    /// Go's `prepareArg` for a `string` map key.
    private static func mapKey(_ index: ExecValue) throws(BuiltinError) -> String {
        guard let value = index.value else { throw BuiltinError("value is nil; should be of type string") }
        guard case .string(let key) = value else {
            throw BuiltinError("value has type \(value.typeName); should be string")
        }
        return key
    }

    private static func slice(_ item: ExecValue, _ indexes: [ExecValue]) throws(BuiltinError) -> ExecValue {
        guard let value = item.unboxed.value else { throw BuiltinError("slice of untyped nil") }
        if indexes.count > 3 { throw BuiltinError("too many slice indexes: \(indexes.count)") }
        let cap: Int
        let length: Int
        switch value.collection {
        case .string(let s):
            if indexes.count == 3 { throw BuiltinError("cannot 3-index slice a string") }
            cap = s.utf8.count
            length = cap
        case .list(let list):
            cap = list.count
            length = cap
        default:
            throw BuiltinError("can't slice item of type \(value.typeName)")
        }
        var idx = [0, length, 0]
        for (i, index) in indexes.enumerated() { idx[i] = try indexArgument(index, cap: cap) }
        if idx[0] > idx[1] { throw BuiltinError("invalid slice index: \(idx[0]) > \(idx[1])") }
        if indexes.count == 3 && idx[1] > idx[2] { throw BuiltinError("invalid slice index: \(idx[1]) > \(idx[2])") }
        switch value.collection {
        case .string(let s):
            return .concrete(.string(String(decoding: Array(s.utf8)[idx[0]..<idx[1]], as: UTF8.self)))
        case .list(let list):
            return .concrete(.list(Array(list[idx[0]..<idx[1]])))
        default:
            throw BuiltinError("can't slice item of type \(value.typeName)")
        }
    }

    private static func call(_ fn: ExecValue, _ args: [ExecValue]) throws(BuiltinError) -> ExecValue {
        guard let value = fn.unboxed.value else { throw BuiltinError("call of nil") }
        guard case .function(let function) = value else { throw BuiltinError("non-function of type \(value.typeName)") }
        let numIn = function.parameters.count
        if function.variadic != nil {
            if args.count < numIn {
                throw BuiltinError("wrong number of args: got \(args.count) want at least \(numIn)")
            }
        } else if args.count != numIn {
            throw BuiltinError("wrong number of args: got \(args.count) want \(numIn)")
        }
        var argv: [TemplateValue] = []
        for (i, rawArg) in args.enumerated() {
            let arg = rawArg.unboxed
            let type = i < numIn ? function.parameters[i] : function.variadic ?? .any
            guard let content = arg.value else {
                guard type.canBeNil else { throw BuiltinError("arg \(i): value is nil; should be of type \(type)") }
                argv.append(.nil)
                continue
            }
            guard type.accepts(content) else {
                throw BuiltinError("arg \(i): value has type \(content.typeName); should be \(type)")
            }
            argv.append(content)
        }
        do {
            return .concrete(try function.body(argv))
        } catch {
            throw BuiltinError(TemplateExecutor.message(of: error))
        }
    }
}
