import ArgusCore

extension Expr {
    /// The type the expression evaluates to (Prometheus' `Expr.Type()`), with
    /// function return types from `FunctionSignature`.
    var checkedType: ValueType {
        switch self {
        case .number: return .scalar
        case .string: return .string
        case .vectorSelector, .aggregate: return .vector
        case .matrixSelector, .subquery: return .matrix
        case .call(let call): return FunctionSignature.all[call.function]?.returnType ?? .none
        case .binary(let binary):
            return binary.lhs.checkedType == .scalar && binary.rhs.checkedType == .scalar ? .scalar : .vector
        case .unary(let unary): return unary.expr.checkedType
        case .paren(let paren): return paren.expr.checkedType
        }
    }
}

/// Prometheus' `DocumentedType`: the user-facing name of a value type.
func documentedType(_ type: ValueType) -> String {
    switch type {
    case .vector: return "instant vector"
    case .matrix: return "range vector"
    default: return type.rawValue
    }
}

/// The type checks of Prometheus' `checkAST`, run after a successful parse.
/// Also normalises vector matching: set operators become many-to-many, and
/// `matching` is dropped unless both operands are instant vectors.
struct Checker {
    let query: String
    let bytes: [UInt8]
    var errors: [ParseError] = []

    init(query: String) {
        self.query = query
        self.bytes = Array(query.utf8)
    }

    mutating func addError(_ message: String, _ position: PositionRange) {
        errors.append(ParseError(message: message, position: position, query: query))
    }

    /// Checks `expr` and returns it (normalised) with its type.
    mutating func check(_ expr: Expr, bypassEmptyMatcherCheck: Bool = false) -> (expr: Expr, type: ValueType) {
        switch expr {
        case .number, .string:
            return (expr, expr.checkedType)
        case .aggregate(var aggregate):
            aggregate.expr = expectType(aggregate.expr, .vector, "aggregation expression")
            if let param = aggregate.param {
                switch aggregate.op {
                case .topk, .bottomk, .quantile, .limitk, .limitRatio:
                    aggregate.param = expectType(param, .scalar, "aggregation parameter")
                case .countValues:
                    aggregate.param = expectType(param, .string, "aggregation parameter")
                default:
                    break
                }
            }
            return (.aggregate(aggregate), .vector)
        case .binary(let binary):
            let checked = checkBinary(binary)
            return (.binary(checked), Expr.binary(checked).checkedType)
        case .call(let call):
            return checkCall(call)
        case .paren(var paren):
            let (inner, type) = check(paren.expr)
            paren.expr = inner
            return (.paren(paren), type)
        case .unary(var unary):
            let (inner, type) = check(unary.expr)
            unary.expr = inner
            if type != .scalar && type != .vector {
                addError(
                    "unary expression only allowed on expressions of type scalar or instant vector, got "
                        + GoString.quote(documentedType(type)),
                    unary.position
                )
            }
            return (.unary(unary), type)
        case .subquery(var subquery):
            let (inner, type) = check(subquery.expr)
            subquery.expr = inner
            if type != .vector {
                addError("subquery is only allowed on instant vector, got \(type.rawValue) instead", subquery.position)
            }
            return (.subquery(subquery), .matrix)
        case .matrixSelector(let matrix):
            checkSelector(matrix.selector, bypassEmptyMatcherCheck: false)
            return (expr, .matrix)
        case .vectorSelector(let selector):
            checkSelector(selector, bypassEmptyMatcherCheck: bypassEmptyMatcherCheck)
            return (expr, .vector)
        }
    }

    mutating func expectType(_ expr: Expr, _ want: ValueType, _ context: String) -> Expr {
        let (checked, type) = check(expr)
        if type != want {
            addError(
                "expected type \(documentedType(want)) in \(context), got \(documentedType(type))",
                expr.position
            )
        }
        return checked
    }

    mutating func checkSelector(_ selector: VectorSelector, bypassEmptyMatcherCheck: Bool) {
        if let name = selector.name {
            // The last matcher is the one the name implies.
            for matcher in selector.matchers.dropLast() where matcher.name == "__name__" {
                addError(
                    "metric name must not be set twice: \(GoString.quote(name)) or \(GoString.quote(matcher.value))",
                    selector.position
                )
            }
            return
        }
        if !bypassEmptyMatcherCheck, !selector.matchers.contains(where: { !$0.matches("") }) {
            addError("vector selector must contain at least one non-empty matcher", selector.position)
        }
    }

    /// The operator's range with surrounding whitespace trimmed, as upstream's `opRange`.
    func operatorRange(_ binary: BinaryExpr) -> PositionRange {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var start = binary.lhs.position.end
        while start < bytes.count, isSpace(bytes[start]) { start += 1 }
        var end = binary.rhs.position.start - 1
        while end > 0, end < bytes.count, isSpace(bytes[end]) { end -= 1 }
        return PositionRange(start: start, end: end)
    }

    mutating func checkBinary(_ input: BinaryExpr) -> BinaryExpr {
        var binary = input
        let (lhs, lt) = check(binary.lhs)
        let (rhs, rt) = check(binary.rhs)
        binary.lhs = lhs
        binary.rhs = rhs
        let op = binary.op
        var matching = binary.matching ?? VectorMatching(cardinality: .oneToOne)

        if binary.returnBool && !op.isComparison {
            addError("bool modifier can only be used on comparison operators", operatorRange(binary))
        }
        if op.isComparison && !binary.returnBool && rt == .scalar && lt == .scalar {
            addError("comparisons between scalars must use BOOL modifier", operatorRange(binary))
        }
        if op.isSetOperator && matching.cardinality == .oneToOne {
            matching.cardinality = .manyToMany
        }
        if matching.on {
            for label in matching.matchingLabels where matching.include.contains(label) {
                addError(
                    "label \(GoString.quote(label)) must not occur in ON and GROUP clause at once",
                    operatorRange(binary)
                )
            }
        }
        if lt != .scalar && lt != .vector {
            addError("binary expression must contain only scalar and instant vector types", binary.lhs.position)
        }
        if rt != .scalar && rt != .vector {
            addError("binary expression must contain only scalar and instant vector types", binary.rhs.position)
        }
        let fills = matching.fillLeft != nil || matching.fillRight != nil
        if lt != .vector || rt != .vector {
            if !matching.matchingLabels.isEmpty {
                addError("vector matching only allowed between instant vectors", binary.position)
            }
            if fills {
                addError("filling in missing series only allowed between instant vectors", binary.position)
            }
            binary.matching = nil
        } else {
            if op.isSetOperator {
                if matching.cardinality == .oneToMany || matching.cardinality == .manyToOne {
                    addError("no grouping allowed for \(GoString.quote(op.rawValue)) operation", binary.position)
                }
                if matching.cardinality != .manyToMany {
                    addError("set operations must always be many-to-many", binary.position)
                }
                if fills {
                    addError("filling in missing series not allowed for set operators", binary.position)
                }
            }
            binary.matching = matching
        }
        if (lt == .scalar || rt == .scalar) && op.isSetOperator {
            addError(
                "set operator \(GoString.quote(op.rawValue)) not allowed in binary scalar expression", binary.position)
        }
        return binary
    }

    mutating func checkCall(_ input: Call) -> (expr: Expr, type: ValueType) {
        var call = input
        guard let signature = FunctionSignature.all[call.function] else {
            addError("unknown function with name \(GoString.quote(call.function))", call.position)
            return (.call(call), .none)
        }
        let name = GoString.quote(signature.name)
        let declared = signature.argumentTypes.count
        if signature.variadic == 0 {
            if declared != call.args.count {
                addError("expected \(declared) argument(s) in call to \(name), got \(call.args.count)", call.position)
            }
        } else {
            let required = declared - 1
            if required > call.args.count {
                addError(
                    "expected at least \(required) argument(s) in call to \(name), got \(call.args.count)",
                    call.position
                )
            } else if signature.variadic > 0, required + signature.variadic < call.args.count {
                addError(
                    "expected at most \(required + signature.variadic) argument(s) in call to \(name), "
                        + "got \(call.args.count)",
                    call.position
                )
            }
        }
        var bypassSecondArgument = false
        if signature.name == "info", call.args.count > 1 {
            let labels = call.args[1]
            if labels.checkedType != .vector {
                addError(
                    "expected type instant vector in call to function \"info\", got \(documentedType(labels.checkedType))",
                    call.position
                )
            }
            if case .vectorSelector(let selector) = labels {
                if selector.name != nil {
                    addError("expected label selectors only, got vector selector instead", labels.position)
                } else {
                    bypassSecondArgument = true
                }
            } else {
                addError("expected label selectors only", labels.position)
            }
        }
        for (position, argument) in call.args.enumerated() {
            var typeIndex = position
            if typeIndex >= declared {
                if signature.variadic == 0 { break }
                typeIndex = declared - 1
            }
            let (checked, type) = check(argument, bypassEmptyMatcherCheck: bypassSecondArgument && position == 1)
            call.args[position] = checked
            let want = signature.argumentTypes[typeIndex]
            if type != want {
                addError(
                    "expected type \(documentedType(want)) in call to function \(name), got \(documentedType(type))",
                    argument.position
                )
            }
        }
        return (.call(call), signature.returnType)
    }
}
