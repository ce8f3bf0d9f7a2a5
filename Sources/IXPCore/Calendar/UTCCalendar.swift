import Foundation

/// The proleptic Gregorian calendar in UTC, in epoch seconds and day counts, without
/// Foundation's calendars and formatters (whose behaviour differs between platforms): dates as
/// the member lists write them (ISO 8601 / RFC 3339), calendar months, and the day-count
/// arithmetic (Howard Hinnant's days-from-civil and civil-from-days) every date label uses.
/// ``UTCDateTime`` breaks an instant down into date, time of day and weekday.
public enum UTCCalendar {
    /// Epoch seconds for an ISO 8601 date or date-time: `2009-02-04`, `2009-02-04T00:00:00Z`,
    /// `2009-02-04 00:00:00`, with optional fractional seconds and a `Z` or `±hh:mm` / `±hhmm`
    /// offset (none means UTC). Nil for anything else, including impossible dates.
    public static func seconds(iso8601 text: String) -> Double? {
        var scanner = DateScanner(Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
            let month = scanner.number(digits: 2), scanner.skip("-"),
            let day = scanner.number(digits: 2),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = Double(days(year: year, month: month, day: day)) * 86_400
        if scanner.atEnd { return seconds }
        guard scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
            let hour = scanner.number(digits: 2), scanner.skip(":"),
            let minute = scanner.number(digits: 2), hour < 24, minute < 60
        else { return nil }
        var second = 0.0
        if scanner.skip(":") {
            guard let whole = scanner.number(digits: 2), whole <= 60 else { return nil }
            second = Double(whole)
            if scanner.skip(".") || scanner.skip(",") {
                guard let fraction = scanner.fraction() else { return nil }
                second += fraction
            }
        }
        let clock: Double = Double(hour * 3600 + minute * 60) + second
        seconds += clock
        if scanner.atEnd || scanner.skip("Z") || scanner.skip("z") {
            return scanner.atEnd ? seconds : nil
        }
        let sign: Double
        if scanner.skip("+") { sign = 1 } else if scanner.skip("-") { sign = -1 } else { return nil }
        guard let offsetHours = scanner.number(digits: 2), offsetHours < 24 else { return nil }
        _ = scanner.skip(":")
        let offsetMinutes = scanner.atEnd ? 0 : scanner.number(digits: 2)
        guard let offsetMinutes, offsetMinutes < 60, scanner.atEnd else { return nil }
        return seconds - sign * Double(offsetHours * 3600 + offsetMinutes * 60)
    }

    /// The epoch seconds of 00:00 UTC on the first day of the month that contains `seconds`.
    public static func monthStart(containing seconds: Double) -> Double {
        let (year, month, _) = civil(days: Int((seconds / 86_400).rounded(.down)))
        return Double(days(year: year, month: month, day: 1)) * 86_400
    }

    /// The start of the month after the one that starts (or contains) `seconds`.
    public static func nextMonthStart(after seconds: Double) -> Double {
        let (year, month, _) = civil(days: Int((seconds / 86_400).rounded(.down)))
        let next = month == 12 ? (year + 1, 1) : (year, month + 1)
        return Double(days(year: next.0, month: next.1, day: 1)) * 86_400
    }

    /// `YYYY-MM` of the UTC month containing `seconds`.
    public static func monthLabel(_ seconds: Double) -> String {
        let (year, month, _) = civil(days: Int((seconds / 86_400).rounded(.down)))
        return "\(year)-\(month < 10 ? "0" : "")\(month)"
    }

    /// The epoch seconds of 00:00 UTC on the first day of `month` of `year`; a month outside
    /// 1...12 carries into the year (month 13 of 2026 is January 2027, month 0 is December 2025).
    public static func monthStart(year: Int, month: Int) -> Double {
        let carried = (month - 1).floorDivided(by: 12)
        return Double(days(year: year + carried, month: month - 1 - carried * 12 + 1, day: 1)) * 86_400
    }

    /// Days since 1970-01-01 (negative before it) of a proleptic Gregorian date. `month` is
    /// 1...12; `day` may run past the month's end (it counts on into the next month).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        // Count from 1 March so that the leap day falls at the end of the "year".
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01 (the inverse of
    /// ``days(year:month:day:)``): month 1...12, day 1...31.
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension Int {
    /// Division rounding towards minus infinity (`-1 / 12` is 0, this is -1).
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// A cursor over the bytes of a date text.
private struct DateScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue, index < bytes.count, bytes[index] == ascii else { return false }
        index += 1
        return true
    }

    mutating func number(digits: Int) -> Int? {
        guard index + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<(index + digits)] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += digits
        return value
    }

    mutating func fraction() -> Double? {
        var value = 0.0
        var scale = 0.1
        let start = index
        while index < bytes.count, (48...57).contains(bytes[index]) {
            value += Double(bytes[index] - 48) * scale
            scale /= 10
            index += 1
        }
        return index > start ? value : nil
    }
}
