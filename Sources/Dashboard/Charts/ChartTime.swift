import Detection

/// Calendar arithmetic in UTC for chart axes, and the time labels of ticks and hover values.
enum ChartTime {
    /// A UTC calendar date and time of day.
    struct Civil: Hashable {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
    }

    /// The UTC date and time of `seconds` since the epoch.
    static func civil(_ seconds: Double) -> Civil {
        let total = Int((seconds.isFinite ? seconds : 0).rounded(.down))
        var days = total / 86_400
        var rest = total % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        // Days since 1970-01-01 to a proleptic Gregorian date (era arithmetic, 400-year cycles).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return Civil(year: year, month: month, day: day, hour: rest / 3_600, minute: rest % 3_600 / 60)
    }

    /// Seconds since the epoch of the first instant of a UTC month (`month` may overflow 12).
    static func monthStart(year: Int, month: Int) -> Double {
        let y0 = year + (month - 1).floorDiv(12)
        let m0 = (month - 1).floorMod(12) + 1
        let y = m0 <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (m0 > 2 ? m0 - 3 : m0 + 9) + 2) / 5
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Double(era * 146_097 + dayOfEra - 719_468) * 86_400
    }

    static let monthsEnglish = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let monthsFrench = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]

    static func monthName(_ month: Int, _ language: Language) -> String {
        let names = language == .french ? monthsFrench : monthsEnglish
        return names[max(0, min(11, month - 1))]
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `14:05`.
    static func clock(_ civil: Civil) -> String { "\(twoDigits(civil.hour)):\(twoDigits(civil.minute))" }

    /// `27 Nov` / `27 nov.`.
    static func dayLabel(_ civil: Civil, _ language: Language) -> String { "\(civil.day) \(monthName(civil.month, language))" }

    /// `Nov 2026` / `nov. 2026`.
    static func monthLabel(_ civil: Civil, _ language: Language) -> String { "\(monthName(civil.month, language)) \(civil.year)" }

    /// A hover label for a value at `seconds` in a series `step` seconds apart.
    static func pointLabel(_ seconds: Double, step: Double, _ language: Language) -> String {
        let civil = civil(seconds)
        if step >= 86_400 { return "\(dayLabel(civil, language)) \(civil.year)" }
        return "\(dayLabel(civil, language)) \(clock(civil))"
    }

    /// Axis ticks (time, label) between `from` and `to`: hours, days or months by span.
    static func ticks(from: Double, to: Double, language: Language, maxTicks: Int = 8) -> [(Double, String)] {
        let span = to - from
        guard span > 0, span.isFinite else { return [] }
        if span <= 3 * 86_400 {
            let hourSteps = [1, 2, 3, 6, 12, 24]
            let hours = hourSteps.first { span / Double($0 * 3_600) <= Double(maxTicks) } ?? 24
            let step = Double(hours * 3_600)
            var time = (from / step).rounded(.up) * step
            var ticks: [(Double, String)] = []
            while time <= to {
                let c = civil(time)
                ticks.append((time, c.hour == 0 ? dayLabel(c, language) : clock(c)))
                time += step
            }
            return ticks
        }
        if span <= 62 * 86_400 {
            let daySteps = [1, 2, 7, 14]
            let days = daySteps.first { span / Double($0 * 86_400) <= Double(maxTicks) } ?? 14
            let step = Double(days * 86_400)
            var time = (from / 86_400).rounded(.up) * 86_400
            var ticks: [(Double, String)] = []
            while time <= to {
                ticks.append((time, dayLabel(civil(time), language)))
                time += step
            }
            return ticks
        }
        let monthSteps = [1, 2, 3, 6, 12]
        let months = monthSteps.first { span / (Double($0) * 30.4 * 86_400) <= Double(maxTicks) } ?? 12
        let first = civil(from)
        var month = first.month + 1
        var year = first.year
        // Align to January so the labels are regular.
        while (month - 1) % months != 0 { month += 1 }
        var ticks: [(Double, String)] = []
        while true {
            let time = monthStart(year: year, month: month)
            if time > to { break }
            if time >= from { ticks.append((time, monthLabel(civil(time), language))) }
            month += months
            if month > 12 {
                month -= 12
                year += 1
            }
        }
        return ticks
    }
}

extension Int {
    /// Division rounding towards minus infinity.
    func floorDiv(_ divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder of `floorDiv`, with the divisor's sign.
    func floorMod(_ divisor: Int) -> Int { self - floorDiv(divisor) * divisor }
}
