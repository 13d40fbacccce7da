import ArgusCore

extension RE2 {
    /// Compiles `pattern`, given by the command-line flag `--flag`; a
    /// pattern that does not compile is an invalid option.
    init(option pattern: String, flag: String) throws(NodeCollectorError) {
        do {
            try self.init(pattern)
        } catch {
            throw .invalidOption(flag: flag, reason: error.description)
        }
    }
}
