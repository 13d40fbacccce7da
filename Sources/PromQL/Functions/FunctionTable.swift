enum FunctionTable {
    static let implementations: [String: FunctionImplementation] = [:]
}
