import ArgusConfig
import GoTemplate
import Testing

@testable import Alertmanager

@Suite struct TimeIntervalTests {
    static func interval(_ yaml: String) throws -> TimeInterval {
        let text =
            "route: {receiver: a}\nreceivers: [{name: a}]\ntime_intervals:\n  - name: x\n    time_intervals:\n" + yaml
        return try #require(try AlertmanagerFile.parse(text).timeIntervals["x"])
    }

    /// Unix seconds of a UTC wall-clock time.
    static func utc(_ year: Int64, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> GoTime {
        GoTime(
            seconds: PosixTimeZoneRule.unixSeconds(year: year, month: month, day: day)
                + Int64(hour * 3600 + minute * 60))
    }

    @Test func timesAndWeekdays() throws {
        let office = try Self.interval(
            "      - times: [{start_time: '09:00', end_time: '17:00'}]\n        weekdays: ['Monday:friday']\n")
        #expect(office.contains(Self.utc(2024, 5, 6, 9, 0)))  // Monday
        #expect(!office.contains(Self.utc(2024, 5, 6, 17, 0)))
        #expect(!office.contains(Self.utc(2024, 5, 4, 12, 0)))  // Saturday
        #expect(office.ranges[0].weekdays == [.init(begin: 1, end: 5)])
    }

    @Test func negativeDaysOfMonthCountFromTheEnd() throws {
        let lastDays = try Self.interval("      - days_of_month: ['-3:-1']\n")
        #expect(lastDays.contains(Self.utc(2024, 2, 27)))  // leap February: 27, 28, 29
        #expect(!lastDays.contains(Self.utc(2024, 2, 26)))
        #expect(lastDays.contains(Self.utc(2023, 4, 30)))
        let first = try Self.interval(
            "      - days_of_month: ['1:5', '31']\n        months: ['january', '3:4']\n        years: ['2024']\n")
        #expect(first.contains(Self.utc(2024, 3, 31)))
        #expect(!first.contains(Self.utc(2024, 2, 1)))
        #expect(!first.contains(Self.utc(2025, 1, 1)))
    }

    @Test func emptyListMatchesNothing() throws {
        #expect(!(try Self.interval("      - weekdays: []\n")).contains(Self.utc(2024, 1, 1)))
        #expect(try Self.interval("      - {}\n").contains(Self.utc(2024, 1, 1)))
    }

    @Test func locationShiftsWallClock() throws {
        let berlin = try Self.interval(
            "      - times: [{start_time: '09:00', end_time: '10:00'}]\n        location: Europe/Berlin\n")
        #expect(berlin.contains(Self.utc(2024, 7, 1, 7, 30)))  // CEST, +2
        #expect(berlin.contains(Self.utc(2024, 1, 15, 8, 30)))  // CET, +1
        #expect(!berlin.contains(Self.utc(2024, 1, 15, 9, 30)))
        // Beyond the file's transitions the footer rule applies.
        #expect(berlin.contains(Self.utc(2050, 7, 1, 7, 30)))
    }

    @Test func zoneInfoMatchesKnownOffsets() throws {
        let newYork = try TimeZoneInfo.load("America/New_York")
        #expect(newYork.offset(at: Self.utc(2024, 3, 10, 6, 59).seconds) == -5 * 3600)
        #expect(newYork.offset(at: Self.utc(2024, 3, 10, 7, 0).seconds) == -4 * 3600)
        #expect(newYork.abbreviation(at: Self.utc(2024, 7, 1).seconds) == "EDT")
        #expect(newYork.offset(at: Self.utc(2100, 1, 1).seconds) == -5 * 3600)
        #expect(newYork.offset(at: Self.utc(2100, 7, 1).seconds) == -4 * 3600)
        #expect(try TimeZoneInfo.load("UTC").offset(at: 0) == 0)
        #expect(try TimeZoneInfo.load("Local").name == "Local")
        #expect(throws: TimeZoneInfo.LoadError.self) { try TimeZoneInfo.load("../etc/passwd") }
        let rule = try #require(PosixTimeZoneRule(parsing: "AEST-10AEDT,M10.1.0,M4.1.0/3"))
        #expect(rule.localType(at: Self.utc(2024, 1, 1).seconds).offset == 11 * 3600)
        #expect(rule.localType(at: Self.utc(2024, 7, 1).seconds).offset == 10 * 3600)
    }

    @Test(arguments: [
        ("      - times: [{start_time: '9:00', end_time: '10:00'}]\n", "couldn't parse timestamp 9:00, invalid format"),
        ("      - times: [{start_time: '09:00'}]\n", "both start and end times must be provided"),
        ("      - weekdays: ['friday:monday']\n", "start day cannot be before end day"),
        ("      - days_of_month: ['0']\n", "0 is not a valid day of the month: out of range"),
        ("      - days_of_month: ['10:2']\n", "end day 2 is always before start day 10"),
        ("      - months: ['march:january']\n", "end month january is before start month march"),
        ("      - months: ['smarch']\n", "smarch is not a valid month"),
        ("      - years: ['2020:2019']\n", "end year 2019 is before start year 2020"),
        ("      - years: ['20x']\n", #"strconv.Atoi: parsing "20x": invalid syntax"#),
        ("      - weekdays: ['mon:tue:wed']\n", "couldn't parse range mon:tue:wed, invalid format"),
    ])
    func rejectsLikeUpstream(_ yaml: String, _ message: String) {
        do {
            _ = try Self.interval(yaml)
            Issue.record("accepted \(yaml)")
        } catch let error as ConfigError {
            #expect(error.message == message)
            #expect(error.path.hasPrefix("time_intervals[0].time_intervals[0]."))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
