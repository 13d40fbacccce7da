import ArgusCore

/// A problem in a rule file, rendered the way Prometheus' `rulefmt` does:
/// `FILE: LINE:COL: group "g", rule 1, "name": message`.
public struct RuleFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A YAML position; (0, 0) when the field is absent, as Go's yaml.v3 reports it.
    public struct Position: Hashable, Sendable {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        static let absent = Position(line: 0, column: 0)
    }

    /// Which rule the error is about, when it is about one.
    public struct RuleLocation: Hashable, Sendable {
        public var group: String
        /// 1-based index of the rule in its group.
        public var index: Int
        public var name: String
    }

    public var file: String
    public var rule: RuleLocation?
    public var positions: [Position]
    public var message: String

    public init(file: String, rule: RuleLocation? = nil, positions: [Position] = [], message: String) {
        self.file = file
        self.rule = rule
        self.positions = positions
        self.message = message
    }

    /// The error without the file name.
    public var detail: String {
        var text = positions.map { "\($0.line):\($0.column): " }.joined()
        if let rule {
            text += "group \(GoString.quote(rule.group)), rule \(rule.index), \(GoString.quote(rule.name)): "
        }
        return text + message
    }

    public var description: String { "\(file): \(detail)" }
}

/// All the problems found in one rule file.
public struct RuleFileErrors: Error, Hashable, Sendable, CustomStringConvertible {
    public var errors: [RuleFileError]

    public init(_ errors: [RuleFileError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
