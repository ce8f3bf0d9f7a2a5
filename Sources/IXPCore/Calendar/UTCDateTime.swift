/// An instant broken down in UTC: proleptic Gregorian date, time of day to the second, and
/// weekday. Fractions of a second are dropped (rounded towards minus infinity, so the second
/// before the epoch is 1969-12-31 23:59:59).
public struct UTCDateTime: Hashable, Sendable {
    /// The year (astronomical numbering: the year before 1 is 0).
    public var year: Int
    /// The month, 1...12.
    public var month: Int
    /// The day of the month, 1...31.
    public var day: Int
    /// The hour, 0...23.
    public var hour: Int
    /// The minute, 0...59.
    public var minute: Int
    /// The second, 0...59 (the calendar has no leap seconds).
    public var second: Int
    /// The day of the week, 0 (Sunday) ... 6 (Saturday).
    public var weekday: Int

    /// The largest magnitude of epoch seconds converted as given (some 31 million years);
    /// larger ones are clamped to it, so that the conversion to an integer cannot trap.
    public static let secondsLimit: Double = 1e15

    /// A date and time given field by field (no check is made that they name a real instant).
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.weekday = weekday
    }

    /// The UTC date and time of `epochSeconds` (seconds since 1970-01-01 00:00 UTC). A
    /// non-finite value reads as the epoch; values beyond ±``secondsLimit`` are clamped.
    public init(epochSeconds: Double) {
        let seconds = epochSeconds.isFinite ? min(Self.secondsLimit, max(-Self.secondsLimit, epochSeconds)) : 0
        let whole = Int(seconds.rounded(.down))
        var days = whole / 86_400
        var secondOfDay = whole % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = UTCCalendar.civil(days: days)
        self.init(year: year, month: month, day: day, hour: secondOfDay / 3_600, minute: secondOfDay % 3_600 / 60,
                  second: secondOfDay % 60,
                  // 1970-01-01 was a Thursday (4).
                  weekday: ((days % 7) + 7 + 4) % 7)
    }
}
