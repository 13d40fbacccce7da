/// What an amtool-style command prints and how it exits, so the command-line front end only
/// writes the streams and exits with the code.
public struct AlertmanagerToolOutput: Hashable, Sendable {
    public var standardOutput: String
    public var standardError: String
    public var exitCode: Int32

    public init(standardOutput: String = "", standardError: String = "", exitCode: Int32 = 0) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.exitCode = exitCode
    }
}
