import ArgusCore
import Exposition

/// What a differential test compares when values cannot match (they come
/// from system calls or change with time): per family its type, help text
/// and the label-name sets of its series.
struct ExpositionShape: Equatable, CustomStringConvertible {
    struct Family: Equatable {
        var type: MetricType
        var help: String?
        var labelNames: Set<[String]>
    }

    var families: [String: Family]

    init(_ text: String) throws {
        var families: [String: Family] = [:]
        for family in try ExpositionDecoder.decode(Array(text.utf8), format: .text) {
            let names = Set(family.samples.map { $0.labels.map(\.name) })
            families[family.name] = Family(type: family.type, help: family.help, labelNames: names)
        }
        self.families = families
    }

    /// The families of `self` that differ from `other`, one line each.
    func differences(from other: ExpositionShape) -> [String] {
        var lines: [String] = []
        for name in Set(families.keys).union(other.families.keys).sorted() {
            switch (families[name], other.families[name]) {
            case (let mine?, let theirs?) where mine != theirs:
                lines.append("\(name): \(mine) vs \(theirs)")
            case (nil, _?): lines.append("\(name): missing")
            case (_?, nil): lines.append("\(name): unexpected")
            default: break
            }
        }
        return lines
    }

    var description: String { families.keys.sorted().joined(separator: "\n") }
}
