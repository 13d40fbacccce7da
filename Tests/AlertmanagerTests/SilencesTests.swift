import ArgusCore
import GoTemplate
import Synchronization
import Testing

@testable import Alertmanager

/// A clock the tests move by hand.
final class SilenceTestClock: Sendable {
    private let current: Mutex<GoTime>

    init(_ start: GoTime = GoTime(seconds: 1_700_000_000)) { current = Mutex(start) }

    var now: GoTime { current.withLock { $0 } }

    func advance(seconds: Int64) {
        current.withLock { $0 = $0.adding(GoDuration(nanoseconds: seconds * 1_000_000_000)) }
    }

    var function: @Sendable () -> GoTime { { self.now } }
}

func hours(_ count: Int64) -> GoDuration { GoDuration(nanoseconds: count * 3_600_000_000_000) }

@Suite struct SilencesTests {
    let clock = SilenceTestClock()

    func makeStore() -> Silences { Silences(retention: hours(120), now: clock.function) }

    func silence(_ matchers: String = #"{alertname="Disk"}"#, from start: Int64 = 0, to end: Int64 = 3600) throws
        -> Silence
    {
        Silence(
            matchers: try Matcher.parseList(matchers),
            startsAt: clock.now.adding(GoDuration(nanoseconds: start * 1_000_000_000)),
            endsAt: clock.now.adding(GoDuration(nanoseconds: end * 1_000_000_000)),
            createdBy: "ops", comment: "maintenance")
    }

    @Test func newSilenceGetsLowercaseUUIDAndStartsNoEarlierThanNow() throws {
        let store = makeStore()
        let version = store.version
        let id = try store.set(try silence(from: -600))
        #expect(id.count == 36 && id == id.lowercased())
        #expect(Array(id)[14] == "4")  // UUID version 4
        let stored = try #require(store.get(id: id))
        #expect(stored.startsAt == clock.now)
        #expect(stored.updatedAt == clock.now)
        #expect(stored.state(at: clock.now) == .active)
        #expect(store.version > version)
        #expect(try store.set(try silence()) != id)
    }

    @Test func unknownIDIsNotFound() throws {
        var request = try silence()
        request.id = "c0ffee00-0000-4000-8000-000000000000"
        #expect(throws: SilenceError.notFound) { try makeStore().set(request) }
    }

    @Test func updatesInPlaceWhenHistoryIsKept() throws {
        let store = makeStore()
        let pendingID = try store.set(try silence(from: 600, to: 3600))
        var pending = try #require(store.get(id: pendingID))
        pending.comment = "moved"
        pending.endsAt = pending.endsAt.adding(hours(1))
        #expect(try store.set(pending) == pendingID)
        #expect(store.get(id: pendingID)?.comment == "moved")

        let activeID = try store.set(try silence())
        clock.advance(seconds: 60)
        var active = try #require(store.get(id: activeID))
        active.endsAt = clock.now.adding(hours(2))
        #expect(try store.set(active) == activeID)
        #expect(store.get(id: activeID)?.updatedAt == clock.now)
        #expect(store.count == 2)
    }

    @Test func replacesAndExpiresWhenHistoryWouldChange() throws {
        let store = makeStore()
        let id = try store.set(try silence())
        clock.advance(seconds: 60)
        var changed = try #require(store.get(id: id))
        changed.matchers = try Matcher.parseList(#"{alertname="Other"}"#)
        let newID = try store.set(changed)
        #expect(newID != id)
        #expect(store.get(id: id)?.endsAt == clock.now)
        #expect(store.get(id: id)?.state(at: clock.now) == .expired)
        #expect(store.get(id: newID)?.matchers.map(\.description) == [#"alertname="Other""#])

        // Moving the start of an active silence also replaces it.
        var moved = try #require(store.get(id: newID))
        moved.startsAt = clock.now.adding(hours(1))
        moved.endsAt = clock.now.adding(hours(2))
        #expect(try store.set(moved) != newID)
        #expect(store.query(states: [.expired]).count == 2)
    }

    @Test func rejectsInvalidSilencesWithUpstreamMessages() throws {
        let store = makeStore()
        var empty = try silence()
        empty.matchers = []
        #expect(throws: SilenceError.invalid("at least one matcher required")) { try store.set(empty) }
        #expect(throws: SilenceError.invalid("at least one matcher must not match the empty string")) {
            try store.set(try silence(#"{a="", b=~".*"}"#))
        }
        #expect(throws: SilenceError.invalid("end time must not be before start time")) {
            try store.set(try silence(from: 0, to: -10))
        }
        let badName = Silence(
            matchers: [try Matcher(.equal, "a-b", "x")], startsAt: clock.now, endsAt: clock.now.adding(hours(1)),
            createdBy: "", comment: "")
        #expect(throws: SilenceError.invalid(#"invalid label matcher 0: invalid label name "a-b""#)) {
            try store.set(badName)
        }
        #expect(store.count == 0)
        // A negative matcher never counts as matching the empty string.
        #expect(throws: Never.self) { try store.set(try silence(#"{a!="x"}"#)) }

        // A rejected replacement leaves the original silence active.
        let id = try store.set(try silence())
        var broken = try #require(store.get(id: id))
        broken.matchers = try Matcher.parseList(#"{a=""}"#)
        #expect(throws: SilenceError.self) { try store.set(broken) }
        #expect(store.get(id: id)?.state(at: clock.now) == .active)
    }

    @Test func expiresActivePendingAndUnknownSilences() throws {
        let store = makeStore()
        let active = try store.set(try silence())
        let pending = try store.set(try silence(from: 600))
        clock.advance(seconds: 10)
        try store.expire(id: active)
        try store.expire(id: pending)
        #expect(store.get(id: active)?.endsAt == clock.now)
        #expect(store.get(id: pending).map { [$0.startsAt, $0.endsAt] } == [clock.now, clock.now])
        let version = store.version
        clock.advance(seconds: 10)
        try store.expire(id: active)
        #expect(store.version == version)
        #expect(throws: SilenceError.notFound) { try store.expire(id: "nope") }
    }

    @Test func mutingIDsAreTheActiveMatchingSilencesSorted() throws {
        let store = makeStore()
        let first = try store.set(try silence(#"{alertname="Disk"}"#))
        let second = try store.set(try silence(#"{alertname=~"Di.*", severity!="info"}"#))
        _ = try store.set(try silence(#"{alertname="Disk"}"#, from: 600))
        _ = try store.set(try silence(#"{alertname="Cpu"}"#))
        let labels = Labels(["alertname": "Disk", "severity": "critical"])
        #expect(store.mutingIDs(for: labels) == [first, second].sorted())
        #expect(store.mutingIDs(for: Labels(["alertname": "Disk", "severity": "info"])) == [first])
        #expect(store.mutingIDs(for: Labels(["alertname": "Mem"])).isEmpty)
        try store.expire(id: first)
        #expect(store.mutingIDs(for: labels) == [second])
        clock.advance(seconds: 601)
        #expect(store.mutingIDs(for: labels).count == 2)
    }

    @Test func queriesByIDStateAndLabels() throws {
        let store = makeStore()
        let active = try store.set(try silence())
        let pending = try store.set(try silence(#"{job="x"}"#, from: 600))
        #expect(store.query().map(\.id) == [active, pending].sorted())
        #expect(store.query(states: [.pending]).map(\.id) == [pending])
        #expect(store.query(ids: [pending, "missing"]).map(\.id) == [pending])
        #expect(store.query(matching: Labels(["job": "x"])).map(\.id) == [pending])
        #expect(store.count(.active) == 1)
    }

    @Test func gcDropsSilencesPastRetention() throws {
        let store = Silences(retention: hours(1), now: clock.function)
        let short = try store.set(try silence(to: 60))
        let long = try store.set(try silence(to: 7200))
        clock.advance(seconds: 60 + 3599)
        #expect(store.gc() == 0)
        clock.advance(seconds: 1)
        #expect(store.gc() == 1)
        #expect(store.get(id: short) == nil)
        #expect(store.get(id: long) != nil)
    }

    @Test func rendersUpstreamMetrics() throws {
        let store = makeStore()
        _ = try store.set(try silence())
        _ = try store.set(try silence(from: 600))
        _ = store.mutingIDs(for: Labels(["alertname": "Disk"]))
        var text = ""
        store.appendMetrics(to: &text)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            Array(lines.prefix(5)) == [
                "# HELP alertmanager_silences How many silences by state.",
                "# TYPE alertmanager_silences gauge",
                #"alertmanager_silences{state="active"} 1"#,
                #"alertmanager_silences{state="expired"} 0"#,
                #"alertmanager_silences{state="pending"} 1"#,
            ])
        // One lookup plus the three state counts, as 0.25 counts them.
        #expect(lines.contains("alertmanager_silences_queries_total 4"))
        #expect(lines.contains(#"alertmanager_silences_query_duration_seconds_bucket{le="+Inf"} 4"#))
        #expect(lines.contains(#"alertmanager_silences_query_duration_seconds_bucket{le="0.005"} 4"#))
        #expect(lines.contains("# TYPE alertmanager_silences_gc_duration_seconds summary"))
        #expect(lines.contains("alertmanager_silences_snapshot_size_bytes 0"))
        let families = lines.filter { $0.hasPrefix("# TYPE") }.map { $0.split(separator: " ")[2] }
        #expect(families == families.sorted())
        #expect(families.count == 8)
    }
}
