import Detection
import IXPCore

/// The UTC time labels of chart axis ticks and hover values, and where the ticks go.
enum ChartTime {
    static let monthsEnglish = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let monthsFrench = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]

    static func monthName(_ month: Int, _ language: Language) -> String {
        let names = language == .french ? monthsFrench : monthsEnglish
        return names[max(0, min(11, month - 1))]
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `14:05`.
    static func clock(_ civil: UTCDateTime) -> String { "\(twoDigits(civil.hour)):\(twoDigits(civil.minute))" }

    /// `27 Nov` / `27 nov.`.
    static func dayLabel(_ civil: UTCDateTime, _ language: Language) -> String { "\(civil.day) \(monthName(civil.month, language))" }

    /// `Nov 2026` / `nov. 2026`.
    static func monthLabel(_ civil: UTCDateTime, _ language: Language) -> String { "\(monthName(civil.month, language)) \(civil.year)" }

    /// A hover label for a value at `seconds` in a series `step` seconds apart.
    static func pointLabel(_ seconds: Double, step: Double, _ language: Language) -> String {
        let civil = UTCDateTime(epochSeconds: seconds)
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
                let c = UTCDateTime(epochSeconds: time)
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
                ticks.append((time, dayLabel(UTCDateTime(epochSeconds: time), language)))
                time += step
            }
            return ticks
        }
        let monthSteps = [1, 2, 3, 6, 12]
        let months = monthSteps.first { span / (Double($0) * 30.4 * 86_400) <= Double(maxTicks) } ?? 12
        let first = UTCDateTime(epochSeconds: from)
        var month = first.month + 1
        var year = first.year
        // Align to January so the labels are regular.
        while (month - 1) % months != 0 { month += 1 }
        var ticks: [(Double, String)] = []
        while true {
            let time = UTCCalendar.monthStart(year: year, month: month)
            if time > to { break }
            if time >= from { ticks.append((time, monthLabel(UTCDateTime(epochSeconds: time), language))) }
            month += months
            if month > 12 {
                month -= 12
                year += 1
            }
        }
        return ticks
    }
}
