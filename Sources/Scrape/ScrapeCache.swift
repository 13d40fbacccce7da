import ArgusCore
import Exposition
import Storage

/// What a scrape loop remembers between scrapes of one target (upstream's
/// `scrapeCache`): the final labels of each raw series text, the series
/// dropped by relabeling, the series seen in the current and previous
/// scrape for staleness, and the metric metadata.
///
/// Series are identified by a small integer reference per distinct final
/// label set, playing the role of the storage reference upstream tracks
/// staleness by, so two spellings of one series count once.
struct ScrapeCache: Sendable {
    struct Entry: Sendable {
        var labels: Labels
        var ref: Int
        var lastIter: UInt64
        /// The storage's reference for the series, once it returned one.
        var storageRef: SeriesRef? = nil
    }

    struct MetaEntry: Sendable {
        var metadata: MetricMetadata
        var lastIter: UInt64
    }

    /// A cached series text and its entry.
    struct Slot: Sendable {
        var key: SeriesKey
        var entry: Entry
        /// Where the scrape that last met this text met it, in its order.
        var position: Int32
    }

    /// What ``lookup(_:)`` found for a series text.
    enum Lookup {
        /// A cached series; `slot` is for ``setStorageRef(_:_:)``.
        case cached(entry: Entry, alreadyScraped: Bool, slot: Int)
        /// A text relabeling dropped before.
        case dropped
        /// A text not seen before, hashed for ``add(_:labels:storageRef:)`` or ``addDropped(_:)``.
        case unknown(SeriesKey)
    }

    /// The current scrape iteration.
    private(set) var iter: UInt64 = 0
    /// How many entries there were after the last successful scrape.
    private var successfulCount = 0
    /// Slot indices by series text.
    private var series: [SeriesKey: Int] = [:]
    private var slots: [Slot] = []
    /// Slot indices in the order the previous scrape met them, and the
    /// current one's so far: targets expose their series in the same order
    /// scrape after scrape, so the next text is usually the one after the
    /// last, and comparing it there costs less than hashing it.
    private var previousOrder: [Int32] = []
    private var currentOrder: [Int32] = []
    /// The position in `previousOrder` where the next text is expected.
    private var cursor = 0
    private var dropped: [SeriesKey: UInt64] = [:]
    private var refs: [Labels: Int] = [:]
    private var nextRef = 1
    /// Series appended in this scrape, by reference.
    private var seriesCur: [Int: Labels] = [:]
    /// Series appended in the previous scrape, by reference.
    private var seriesPrev: [Int: Labels] = [:]
    private var metadata: [String: MetaEntry] = [:]
    /// Whether metadata changed since ``takeMetadataChanges()``.
    private(set) var metadataChanged = false
    /// The format the cached series texts were parsed and checked in.
    private var textsFormat: ExpositionFormat?

    /// Starts a scrape whose body is in `format`. The cached texts passed
    /// the parser's checks in one format, so the parser may skip checking
    /// them again (``ExpositionParser/defersLabels``); when the target
    /// switches format they are forgotten (the series keep their
    /// references, so staleness is unaffected).
    mutating func prepare(for format: ExpositionFormat) {
        guard textsFormat != format else { return }
        if textsFormat != nil {
            series.removeAll()
            slots.removeAll()
            dropped.removeAll()
            previousOrder.removeAll()
            currentOrder.removeAll()
            cursor = 0
        }
        textsFormat = format
    }

    /// The series text expected next: the one that followed the last text
    /// met in this scrape when the previous scrape met them.
    var expectedText: ArraySlice<UInt8>? {
        cursor < previousOrder.count ? slots[Int(previousOrder[cursor])].key.bytes : nil
    }

    /// What the cache knows of the series text `bytes`, marking it seen in
    /// this scrape. `alreadyScraped` is true when the same text already
    /// occurred in this scrape. `isExpected` says the caller found `bytes`
    /// to be ``expectedText``.
    mutating func lookup(_ bytes: ArraySlice<UInt8>, isExpected: Bool = false) -> Lookup {
        if isExpected { return hit(Int(previousOrder[cursor])) }
        if cursor < previousOrder.count {
            let slot = Int(previousOrder[cursor])
            if slots[slot].key.matches(bytes) { return hit(slot) }
        }
        let key = SeriesKey(bytes)
        if let slot = series[key] { return hit(slot) }
        if let index = dropped.index(forKey: key) {
            dropped.values[index] = iter
            return .dropped
        }
        return .unknown(key)
    }

    private mutating func hit(_ slot: Int) -> Lookup {
        let entry = slots[slot].entry
        let alreadyScraped = entry.lastIter == iter
        if !alreadyScraped {
            // Expect the text that followed this one last time.
            cursor = Int(slots[slot].position) + 1
            slots[slot].position = Int32(currentOrder.count)
            currentOrder.append(Int32(slot))
            slots[slot].entry.lastIter = iter
        }
        return .cached(entry: entry, alreadyScraped: alreadyScraped, slot: slot)
    }

    /// Remembers `labels` as the series of `key` (with the storage's
    /// reference for it) and returns the cache's reference.
    mutating func add(_ key: SeriesKey, labels: Labels, storageRef: SeriesRef? = nil) -> Int {
        let ref: Int
        if let existing = refs[labels] {
            ref = existing
        } else {
            ref = nextRef
            nextRef += 1
            refs[labels] = ref
        }
        let entry = Entry(labels: labels, ref: ref, lastIter: iter, storageRef: storageRef)
        if let slot = series[key] {
            slots[slot].entry = entry
        } else {
            series[key] = slots.count
            slots.append(Slot(key: key, entry: entry, position: Int32(currentOrder.count)))
            currentOrder.append(Int32(slots.count - 1))
        }
        return ref
    }

    /// Records the storage's (new) reference for the series in `slot`.
    mutating func setStorageRef(_ slot: Int, _ ref: SeriesRef?) {
        slots[slot].entry.storageRef = ref
    }

    /// Remembers that relabeling dropped `key`.
    mutating func addDropped(_ key: SeriesKey) {
        dropped[key] = iter
    }

    /// Records that series `ref` was appended in this scrape.
    mutating func trackStaleness(_ ref: Int, _ labels: Labels) {
        seriesCur[ref] = labels
    }

    /// The series of the previous scrape that were not appended in this one.
    var staleSeries: [Labels] {
        seriesPrev.compactMap { seriesCur[$0.key] == nil ? $0.value : nil }
    }

    /// Every series appended in the previous scrape, for end-of-run staleness.
    var previousSeries: [Labels] { Array(seriesPrev.values) }

    /// Ends a scrape iteration. `flush` is true after a successful scrape:
    /// entries not seen in it are forgotten. The caches are also flushed
    /// when they grew to more than twice their size after the last success
    /// plus 1000, so that failing scrapes with churning series cannot grow
    /// them without bound.
    ///
    /// - Returns: whether a flush was forced by growth.
    @discardableResult
    mutating func iterDone(flush: Bool) -> Bool {
        var flush = flush
        var forced = false
        let count = series.count + dropped.count + metadata.count
        if flush {
            successfulCount = count
        } else if count > successfulCount * 2 + 1000 {
            flush = true
            forced = true
        }
        if flush {
            let current = iter
            // Rebuilding the maps hashes every key again: do it only when a
            // series actually went away, which most scrapes do not see.
            if slots.contains(where: { $0.entry.lastIter != current }) {
                // Keep the slots met in this scrape, renumbered in the order met.
                var kept: [Slot] = []
                kept.reserveCapacity(currentOrder.count)
                series.removeAll(keepingCapacity: true)
                var live: [Labels: Int] = [:]
                live.reserveCapacity(currentOrder.count)
                for old in currentOrder {
                    var slot = slots[Int(old)]
                    slot.position = Int32(kept.count)
                    series[slot.key] = kept.count
                    live[slot.entry.labels] = slot.entry.ref
                    kept.append(slot)
                }
                slots = kept
                refs = live
                currentOrder = (0..<Int32(kept.count)).map { $0 }
            }
            if dropped.values.contains(where: { $0 != current }) {
                dropped = dropped.filter { $0.value == current }
            }
            if metadata.values.contains(where: { current &- $0.lastIter > 10 }) {
                metadata = metadata.filter { current &- $0.value.lastIter <= 10 }
                metadataChanged = true
            }
        }
        swap(&seriesPrev, &seriesCur)
        seriesCur.removeAll(keepingCapacity: true)
        swap(&previousOrder, &currentOrder)
        currentOrder.removeAll(keepingCapacity: true)
        cursor = 0
        iter &+= 1
        return forced
    }

    // MARK: Metadata

    mutating func setType(_ family: String, _ type: MetricType) {
        update(family) { $0.type = type }
    }

    mutating func setHelp(_ family: String, _ help: String) {
        update(family) { $0.help = help }
    }

    mutating func setUnit(_ family: String, _ unit: String) {
        update(family) { $0.unit = unit }
    }

    private mutating func update(_ family: String, _ change: (inout MetricMetadata) -> Void) {
        if let index = metadata.index(forKey: family) {
            var entry = metadata.values[index]
            let old = entry.metadata
            change(&entry.metadata)
            entry.lastIter = iter
            if entry.metadata != old { metadataChanged = true }
            metadata.values[index] = entry
        } else {
            var entry = MetaEntry(metadata: MetricMetadata(metricFamily: family), lastIter: iter)
            change(&entry.metadata)
            metadata[family] = entry
            metadataChanged = true
        }
    }

    /// The metadata of every family seen in the last 10 successful scrapes, by name.
    var allMetadata: [MetricMetadata] {
        metadata.values.map(\.metadata).sorted { $0.metricFamily.utf8Less($1.metricFamily) }
    }

    /// Returns whether metadata changed since the last call, and resets the flag.
    mutating func takeMetadataChanges() -> Bool {
        defer { metadataChanged = false }
        return metadataChanged
    }

    /// The number of cached series texts, for tests and self-metrics.
    var seriesCount: Int { series.count }
}
