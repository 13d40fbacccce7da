import ArgusCore
import Testing

@testable import TSDB

@Suite struct SeriesTableTests {
    @Test func storesFindsAndRemovesSeriesByKey() {
        var table = SeriesTable()
        let keys: [UInt64] = [0, 1, 1023, 1024, 70_000, (1 << 32) - 1, 1 << 32, 1 << 50]
        for key in keys {
            table[key] = MemSeries(ref: key, labels: ["k": String(key)])
        }
        for key in keys {
            #expect(table[key]?.ref == key)
        }
        #expect(table[2] == nil)
        #expect(table[5_000_000] == nil)
        #expect(table[(1 << 32) + 1] == nil)
        #expect(table.removeValue(forKey: 1024)?.ref == 1024)
        #expect(table.removeValue(forKey: 1 << 50)?.ref == 1 << 50)
        #expect(table.removeValue(forKey: 1024) == nil)
        #expect(table[1024] == nil)
        #expect(table[1 << 50] == nil)
        #expect(table[1023]?.ref == 1023)
        // Clearing a key that was never set allocates nothing and finds nothing.
        table[9_000_000] = nil
        #expect(table[9_000_000] == nil)
    }
}
