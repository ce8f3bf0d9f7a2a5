import IXPCore
import Testing

@Suite struct UTCCalendarTests {
    @Test func isoForms() {
        #expect(UTCCalendar.seconds(iso8601: "1970-01-01T00:00:00Z") == 0)
        #expect(UTCCalendar.seconds(iso8601: "2009-02-04T00:00:00Z") == 1_233_705_600)
        #expect(UTCCalendar.seconds(iso8601: "2009-02-04") == 1_233_705_600)
        #expect(UTCCalendar.seconds(iso8601: "2009-02-04 00:00:00") == 1_233_705_600)
        #expect(UTCCalendar.seconds(iso8601: "2009-02-04T01:30:00+01:30") == 1_233_705_600)
        #expect(UTCCalendar.seconds(iso8601: "2009-02-03T22:00:00-0200") == 1_233_705_600)
        #expect(UTCCalendar.seconds(iso8601: "2019-04-18T07:24:59.250Z") == 1_555_572_299.25)
        #expect(UTCCalendar.seconds(iso8601: "2024-02-29T12:00:00Z") == 1_709_208_000)
        #expect(UTCCalendar.seconds(iso8601: "1969-12-31T23:59:59Z") == -1)
    }

    @Test(arguments: ["", "not a date", "2023-02-29", "2024-13-01", "2024-01-01T25:00:00Z", "2024-01-01T10:00:00Q", "2024-1-1"])
    func rejects(_ text: String) {
        #expect(UTCCalendar.seconds(iso8601: text) == nil)
    }

    @Test func months() {
        let time = 1_709_208_000.0  // 2024-02-29 12:00 UTC
        #expect(UTCCalendar.monthStart(containing: time) == 1_706_745_600)  // 2024-02-01
        #expect(UTCCalendar.nextMonthStart(after: time) == 1_709_251_200)  // 2024-03-01
        #expect(UTCCalendar.monthLabel(time) == "2024-02")
        #expect(UTCCalendar.monthLabel(UTCCalendar.nextMonthStart(after: 1_701_388_800)) == "2024-01")  // from 2023-12-01
        // 2026-11-01 00:00 UTC; months outside 1...12 carry into the year.
        #expect(UTCCalendar.monthStart(year: 2026, month: 11) == 1_793_491_200)
        #expect(UTCCalendar.monthStart(year: 2026, month: 13) == UTCCalendar.monthStart(year: 2027, month: 1))
        #expect(UTCCalendar.monthStart(year: 2026, month: 0) == UTCCalendar.monthStart(year: 2025, month: 12))
        #expect(UTCCalendar.monthStart(year: 2026, month: -11) == UTCCalendar.monthStart(year: 2025, month: 1))
    }

    @Test func dayCountsRoundTrip() {
        #expect(UTCCalendar.days(year: 1970, month: 1, day: 1) == 0)
        #expect(UTCCalendar.days(year: 2000, month: 2, day: 29) == 11_016)
        let before = UTCCalendar.civil(days: -1)
        #expect(before.year == 1969 && before.month == 12 && before.day == 31)
        for days in stride(from: -800_000, to: 800_000, by: 997) {
            let date = UTCCalendar.civil(days: days)
            #expect(UTCCalendar.days(year: date.year, month: date.month, day: date.day) == days)
        }
    }

    @Test func brokenDownTimes() {
        #expect(UTCDateTime(epochSeconds: 0) == UTCDateTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, weekday: 4))
        #expect(UTCDateTime(epochSeconds: 1_793_491_200)
            == UTCDateTime(year: 2026, month: 11, day: 1, hour: 0, minute: 0, second: 0, weekday: 0))  // a Sunday
        #expect(UTCDateTime(epochSeconds: 1_795_790_621.9)
            == UTCDateTime(year: 2026, month: 11, day: 27, hour: 14, minute: 43, second: 41, weekday: 5))  // a Friday
        #expect(UTCDateTime(epochSeconds: -0.5)
            == UTCDateTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, weekday: 3))
        #expect(UTCDateTime(epochSeconds: 951_782_400).day == 29)  // 2000-02-29
        #expect(UTCDateTime(epochSeconds: .nan) == UTCDateTime(epochSeconds: 0))
        #expect(UTCDateTime(epochSeconds: .infinity) == UTCDateTime(epochSeconds: 0))
        #expect(UTCDateTime(epochSeconds: 1e300) == UTCDateTime(epochSeconds: UTCDateTime.secondsLimit))
    }
}
