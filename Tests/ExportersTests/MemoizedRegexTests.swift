import ArgusCore
import Testing

@testable import HostCollectors

@Suite struct MemoizedRegexTests {
    @Test func answersLikeTheRegexOnRepeatedAndManyNames() throws {
        let memo = MemoizedRegex(try RE2("^(sd|nvme)"))
        for round in 0..<2 {
            #expect(memo.contains("sda"), "round \(round)")
            #expect(!memo.contains("loop0"), "round \(round)")
        }
        // Past the capacity the remembered answers are dropped, not wrong.
        for index in 0..<10_000 {
            let name = index.isMultiple(of: 2) ? "sd\(index)" : "dm-\(index)"
            #expect(memo.contains(name) == index.isMultiple(of: 2))
        }
        #expect(memo.contains("nvme0n1"))
    }
}
