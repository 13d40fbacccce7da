import ArgusCore
import Storage
import Testing

@testable import PromQL

/// `time()` and the calendar functions at known timestamps.
@Suite struct FunctionTimeTests {
    typealias F = FunctionFixture

    @Test func timeIsTheStepInSeconds() {
        #expect(F.step("time", [], stepTime: 1).map(\.value) == [0.001])
        #expect(F.step("time", [], stepTime: 3_000_000).map(\.value) == [3000])
    }

    /// Without an argument the calendar functions read the step time
    /// (1970-01-01T00:00:00Z was a Thursday).
    @Test(arguments: [
        ("year", 1970.0), ("month", 1), ("day_of_month", 1), ("day_of_year", 1), ("day_of_week", 4), ("hour", 0),
        ("minute", 0), ("days_in_month", 31),
    ])
    func atEpoch(function: String, expected: Double) {
        let samples = F.step(function, [], stepTime: 0)
        #expect(samples.count == 1 && samples[0].labels.isEmpty && !samples[0].dropName)
        #expect(samples.first?.value == expected)
    }

    /// With a vector the sample values are Unix seconds.
    @Test(arguments: [
        // 2006-01-02T22:04:05Z, a Monday.
        ("year", 1136239445.0, 2006.0), ("month", 1136239445, 1), ("day_of_month", 1136239445, 2),
        ("day_of_year", 1136239445, 2), ("day_of_week", 1136239445, 1), ("hour", 1136239445, 22),
        ("minute", 1136239445, 4),
        // Around the 2008 leap second, which Unix time does not count.
        ("year", 1230767999, 2008), ("year", 1230768000, 2009),
        // 2016-02-29T23:59:59Z and 2016-03-01T00:00:00Z.
        ("month", 1456790399, 2), ("day_of_month", 1456790399, 29), ("month", 1456790400, 3),
        ("day_of_month", 1456790400, 1),
        // The 366th day of 2016 and the 365th of 2022.
        ("day_of_year", 1483191420, 366), ("day_of_year", 1672493820, 365),
        ("days_in_month", 1454284800, 29), ("days_in_month", 1485907200, 28),
        // Fractions are truncated; negative times count back from 1970.
        ("minute", 59.9, 0), ("year", -1, 1969), ("month", -1, 12),
        ("day_of_month", -1, 31), ("day_of_week", -1, 3), ("hour", -1, 23), ("minute", -1, 59),
        ("day_of_year", -1, 365), ("year", -0.5, 1970),
        // Far from the epoch: 2100 is no leap year, 2000 is.
        ("days_in_month", 4105123200, 28), ("days_in_month", 4107542400, 31), ("days_in_month", 951782400, 29),
        ("year", 253402300799, 9999),
        ("year", -62135596800, 1), ("day_of_week", -62135596800, 1),
    ])
    func fromValues(function: String, seconds: Double, expected: Double) {
        let samples = F.step(function, [F.vector([(["__name__": "t", "k": "v"], seconds)])])
        #expect(samples.count == 1)
        #expect(samples.first?.value == expected, "\(function)(\(seconds))")
        #expect(samples.first?.dropName == true)
        #expect(samples.first?.labels == ["__name__": "t", "k": "v"])
    }

    @Test func emptyVectorGivesNothing() {
        #expect(F.step("year", [.vector([])]).isEmpty)
    }

    /// Go converts NaN and out-of-range floats to `math.MinInt64` on amd64;
    /// the result is a date far in the past, never a crash.
    @Test func nonFiniteValuesDoNotCrash() {
        for value in [Double.nan, .infinity, -.infinity, 1e300] {
            let samples = F.step("year", [F.vector([(Labels(), value)])])
            #expect(samples.count == 1)
            #expect((samples.first?.value ?? 0) < -200_000_000_000)
        }
        #expect(FunctionTable.goInt64(.nan) == .min)
        #expect(FunctionTable.goInt64(-2.9) == -2)
        #expect(FunctionTable.goInt64(9.3e18) == .min)
    }

    @Test func civilTimeAgreesWithADayByDayCount() {
        // Walk day by day from 1900 to 2100 and compare with a simple counter.
        var days = Int64(-25_567)  // 1900-01-01
        var year: Int64 = 1900
        var month: Int64 = 1
        var day: Int64 = 1
        var dayOfYear: Int64 = 1
        var weekday: Int64 = 1  // 1900-01-01 was a Monday.
        while year < 2100 {
            let civil = CivilTime(unixSeconds: days * 86_400 + 3_723)
            #expect(civil.year == year && civil.month == month && civil.day == day)
            #expect(civil.dayOfYear == dayOfYear && civil.weekday == weekday)
            #expect(civil.hour == 1 && civil.minute == 2 && civil.second == 3)
            days += 1
            weekday = (weekday + 1) % 7
            dayOfYear += 1
            day += 1
            if day > CivilTime.daysInMonth(year: year, month: month) {
                day = 1
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                    dayOfYear = 1
                }
            }
        }
    }
}
