import ArgumentParser

@main
struct Argus: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Argus")
}
