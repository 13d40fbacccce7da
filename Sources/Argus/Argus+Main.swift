import ArgumentParser

extension Argus {
    /// Parses the command line as the Prometheus family's flag parser does:
    /// `--flag=` gives the flag an empty value (as in
    /// `--cluster.listen-address=`, the documented way to turn Alertmanager's
    /// clustering off), where ArgumentParser would report a missing value.
    static func main() async {
        await main(Self.splittingEmptyValues(Array(CommandLine.arguments.dropFirst())))
    }

    /// `--name=` becomes `--name ""`; everything after `--` is left alone.
    static func splittingEmptyValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for (index, argument) in arguments.enumerated() {
            if argument == "--" {
                result += arguments[index...]
                break
            }
            if argument.hasPrefix("--"), argument.hasSuffix("="), argument.count > 3 {
                result += [String(argument.dropLast()), ""]
            } else {
                result.append(argument)
            }
        }
        return result
    }
}
