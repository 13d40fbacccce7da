import ArgusCore
import Synchronization

/// A collector's filter regex with its answers remembered: the names it is
/// asked about (netstat fields, devices, mount points) are nearly the same
/// on every scrape, and matching is far dearer than a dictionary lookup.
final class MemoizedRegex: Sendable {
    /// Remembered answers beyond this many are dropped, so names that keep
    /// changing cannot grow the memory without bound.
    private static let capacity = 4096

    let regex: RE2
    private let answers = Mutex<[String: Bool]>([:])

    init(_ regex: RE2) {
        self.regex = regex
    }

    /// Go's unanchored `MatchString`.
    func contains(_ text: String) -> Bool {
        if let known = answers.withLock({ $0[text] }) { return known }
        let answer = regex.contains(text)
        answers.withLock { answers in
            if answers.count >= Self.capacity { answers.removeAll(keepingCapacity: true) }
            answers[text] = answer
        }
        return answer
    }
}
