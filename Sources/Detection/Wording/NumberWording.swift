import Foundation
import IXPCore

/// Numbers as people read them in each language: traffic in kbit/s…Tbit/s, ratios as
/// percentages, times as ISO dates, durations in days or hours. French uses a decimal comma
/// and a no-break space before `%`.
public enum NumberWording {
    /// `value` read as `unit`, in `language`; "?" for NaN.
    public static func format(_ value: Double, _ unit: EvidenceUnit, in language: Language) -> String {
        guard value.isFinite else { return "?" }
        switch unit {
        case .bitsPerSecond:
            let prefixes = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"]
            var scaled = value
            var index = 0
            while abs(scaled) >= 1_000, index < prefixes.count - 1 {
                scaled /= 1_000
                index += 1
            }
            return decimal(scaled, language) + " " + prefixes[index]
        case .ratio:
            let percent = value * 100
            let digits = abs(percent) < 10 && percent != percent.rounded() ? 1 : 0
            return decimal(percent, language, fractionDigits: digits) + percentSign(language)
        case .timestamp:
            return isoDate(value)
        case .seconds:
            let days = value / 86_400
            if days >= 2 {
                let whole = Int(days.rounded())
                return language == .french ? "\(whole) jours" : "\(whole) days"
            }
            let hours = value / 3_600
            if hours >= 2 {
                let whole = Int(hours.rounded())
                return language == .french ? "\(whole) heures" : "\(whole) hours"
            }
            let minutes = Int((value / 60).rounded())
            guard minutes > 0 else { return language == .french ? "moins d'une minute" : "under a minute" }
            return "\(minutes) min"
        case .pValue:
            return value < 0.001 ? (language == .french ? "p < 0,001" : "p < 0.001") : "p = " + decimal(value, language, fractionDigits: 3)
        case .count:
            return grouped(Int(value.rounded()), language)
        case .perSecond, .none:
            if value == value.rounded(), abs(value) < 1e15 { return grouped(Int(value), language) }
            return decimal(value, language)
        }
    }

    /// A number with up to `fractionDigits` (default: 3 significant figures) and the language's decimal mark.
    static func decimal(_ value: Double, _ language: Language, fractionDigits: Int? = nil) -> String {
        let digits = fractionDigits ?? (abs(value) >= 100 ? 0 : abs(value) >= 10 ? 1 : 2)
        var text = String(format: "%.\(digits)f", value)
        if digits > 0 {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text == "-0" { text = "0" }
        return language == .french ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// An integer with thousands separators (`12,345`; `12 345` in French).
    static func grouped(_ value: Int, _ language: Language) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += language == .french ? "\u{202F}" : "," }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    static func percentSign(_ language: Language) -> String { language == .french ? "\u{202F}%" : "%" }

    /// `YYYY-MM-DD` in UTC.
    public static func isoDate(_ timestamp: Double) -> String {
        let (year, month, day) = UTCCalendar.civil(days: Int((timestamp / 86_400).rounded(.down)))
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
