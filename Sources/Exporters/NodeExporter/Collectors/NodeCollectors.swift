/// The collectors of this build; each collector adds itself here.
enum NodeCollectors {
    static let all: [any NodeCollector.Type] = [
        LoadavgCollector.self
    ]
}
