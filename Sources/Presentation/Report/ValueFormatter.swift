public import Detection
import IXPCore

/// Formats the report's numbers for people, in one language: counts, traffic (kb/s … Tb/s, or
/// kbit/s … Tbit/s in French), percentages, p-values, ISO dates and durations.
///
/// English writes `1,234.5`, `12.5%` and `1.2 Gb/s`; French writes `1 234,5`, `12,5 %` and
/// `1,2 Gbit/s`, with a narrow no-break space (U+202F) as the thousands separator and before
/// `%`. A number and its unit are joined by a no-break space so that they never part at a line
/// end. A value that is not finite is written as an en dash (`–`). Dates are ISO (`2026-11-27`)
/// and in UTC in both languages: unambiguous to every reader.
public struct ValueFormatter: Sendable {
    /// The language of the output.
    public let language: Language

    /// What an unknown value reads as.
    public static let unknown = "–"
    /// Between a number and its unit.
    static let unitSpace = "\u{00A0}"
    /// French thousands separator and space before `%`.
    static let narrowSpace = "\u{202F}"
    /// The minus sign of negative numbers.
    static let minus = "\u{2212}"

    /// A formatter for `language`.
    public init(language: Language) {
        self.language = language
    }

    private var decimalSeparator: String { language == .french ? "," : "." }
    private var groupingSeparator: String { language == .french ? Self.narrowSpace : "," }

    // MARK: Numbers

    /// `value` with `decimals` digits after the separator and the thousands grouped,
    /// e.g. `12,345.7` or `12 345,7`. `signed` writes a `+` before positive values.
    public func number(_ value: Double, decimals: Int = 0, signed: Bool = false) -> String {
        guard value.isFinite else { return Self.unknown }
        let decimals = max(0, min(decimals, 9))
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        // Beyond 2^63 there is nothing sensible to group; write it plainly.
        guard rounded < 9.0e18 else { return (value < 0 ? Self.minus : "") + String(Int64(9.0e18)) }
        let scaled = Int64(rounded)
        let scaleInt = Int64(scale)
        let whole = scaled / scaleInt
        let fraction = scaled % scaleInt
        var text = grouped(whole)
        if decimals > 0 {
            var digits = String(fraction)
            while digits.count < decimals { digits = "0" + digits }
            text += decimalSeparator + digits
        }
        if value < 0 && scaled != 0 {
            text = Self.minus + text
        } else if signed && scaled != 0 {
            text = "+" + text
        }
        return text
    }

    /// A whole count, grouped: `1,234` or `1 234`.
    public func count(_ value: Int) -> String {
        let text = grouped(Int64(value.magnitude))
        return value < 0 ? Self.minus + text : text
    }

    /// A count given as a number (rounded); unknown when not finite.
    public func count(_ value: Double) -> String {
        number(value, decimals: 0)
    }

    /// A plain number with as many decimals as its size calls for (3 significant digits
    /// below 100, none above): `0.0123`, `4.56`, `78.9`, `1,234`.
    public func plain(_ value: Double) -> String {
        guard value.isFinite else { return Self.unknown }
        let magnitude = abs(value)
        if magnitude == 0 || magnitude >= 100 { return number(value, decimals: 0) }
        if magnitude >= 10 { return trimmed(number(value, decimals: 1)) }
        if magnitude >= 1 { return trimmed(number(value, decimals: 2)) }
        var decimals = 3
        var probe = magnitude
        while probe < 0.1 && decimals < 9 {
            probe *= 10
            decimals += 1
        }
        return trimmed(number(value, decimals: decimals))
    }

    private func grouped(_ whole: Int64) -> String {
        let digits = Array(String(whole))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += groupingSeparator }
            out.append(digit)
        }
        return out
    }

    /// Drops trailing zeros after the decimal separator (`1.50` → `1.5`, `2.00` → `2`).
    private func trimmed(_ text: String) -> String {
        guard text.contains(decimalSeparator) else { return text }
        var text = text
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(decimalSeparator) { text.removeLast(decimalSeparator.count) }
        return text
    }

    // MARK: Ratios and p-values

    /// A fraction 0…1 as a percentage: `12.5%` or `12,5 %`. `decimals` nil picks 1 decimal
    /// under 10 % and none above; `signed` writes `+` before increases (for changes).
    public func percent(_ ratio: Double, decimals: Int? = nil, signed: Bool = false) -> String {
        guard ratio.isFinite else { return Self.unknown }
        let value = ratio * 100
        let sign = language == .french ? Self.narrowSpace + "%" : "%"
        // Under a tenth of a percent (but not zero), say so rather than write 0.0%.
        if decimals == nil && value != 0 && abs(value) < 0.05 {
            return (value < 0 ? ">" + Self.unitSpace + Self.minus : "<" + Self.unitSpace) + number(0.1, decimals: 1) + sign
        }
        let places = decimals ?? (abs(value) < 10 && value.rounded() != value ? 1 : 0)
        return number(value, decimals: places, signed: signed) + sign
    }

    /// A p-value: `0.003`, `0.04`, or `< 0.001` for the very small.
    public func pValue(_ value: Double) -> String {
        guard value.isFinite else { return Self.unknown }
        if value < 0.001 { return "<" + Self.unitSpace + number(0.001, decimals: 3) }
        if value < 0.01 { return number(value, decimals: 3) }
        return number(value, decimals: 2)
    }

    /// A p-value as a statement: `p = 0.03`, or `p < 0.001` for the very small (where
    /// `p = {p}` would read `p = < 0.001`).
    public func pStatement(_ value: Double) -> String {
        guard value.isFinite else { return "p = " + Self.unknown }
        if value < 0.001 { return "p" + Self.unitSpace + pValue(value) }
        return "p" + Self.unitSpace + "=" + Self.unitSpace + pValue(value)
    }

    // MARK: Traffic

    /// Bits per second in the largest unit that keeps the number at or above 1:
    /// `950 kb/s`, `1.2 Gb/s` (French `1,2 Gbit/s`). Three significant digits.
    public func bitsPerSecond(_ value: Double) -> String {
        guard value.isFinite else { return Self.unknown }
        let (scaled, unit) = bitsUnit(for: abs(value))
        let number = value / scaled
        return significant(number) + Self.unitSpace + unit
    }

    /// Bits per second in a given unit (for a chart axis whose ticks share one unit), with
    /// `decimals` digits.
    public func bitsPerSecond(_ value: Double, inUnitOf reference: Double, decimals: Int) -> String {
        guard value.isFinite else { return Self.unknown }
        let (scaled, unit) = bitsUnit(for: abs(reference))
        return number(value / scaled, decimals: decimals) + Self.unitSpace + unit
    }

    /// The divisor and unit name for traffic of size `magnitude`.
    func bitsUnit(for magnitude: Double) -> (Double, String) {
        let units: [(Double, String)] = [
            (1e12, "unit.tbps"), (1e9, "unit.gbps"), (1e6, "unit.mbps"), (1e3, "unit.kbps"),
        ]
        for (size, key) in units where magnitude >= size {
            return (size, Phrasebook.render(key, in: language))
        }
        return (1, Phrasebook.render("unit.bps", in: language))
    }

    /// A per-second rate: `12.3/s`.
    public func perSecond(_ value: Double) -> String {
        guard value.isFinite else { return Self.unknown }
        return plain(value) + "/s"
    }

    /// Three significant digits, trailing zeros dropped: `1.25`, `12.5`, `125`.
    private func significant(_ value: Double) -> String {
        let magnitude = abs(value)
        let decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2
        return trimmed(number(value, decimals: decimals))
    }

    // MARK: Time

    /// An ISO date in UTC: `2026-11-27`.
    public func date(_ seconds: Double) -> String {
        guard seconds.isFinite else { return Self.unknown }
        let (year, month, day) = UTCCalendar.civil(days: Int((seconds / 86_400).rounded(.down)))
        return "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
    }

    /// An ISO date and time in UTC: `2026-11-27 06:00 UTC`.
    public func dateTime(_ seconds: Double) -> String {
        guard seconds.isFinite else { return Self.unknown }
        let secondOfDay = Int64(seconds.rounded(.down)) - Int64((seconds / 86_400).rounded(.down)) * 86_400
        let hour = Int(secondOfDay / 3600)
        let minute = Int(secondOfDay % 3600 / 60)
        return date(seconds) + " " + Self.pad(hour, 2) + ":" + Self.pad(minute, 2) + " UTC"
    }

    /// The month `YYYY-MM` of a time.
    public func month(_ seconds: Double) -> String {
        guard seconds.isFinite else { return Self.unknown }
        return String(date(seconds).prefix(7))
    }

    /// A duration in the largest sensible unit: `45 minutes`, `5 hours`, `12 days`
    /// (`12 jours`). Under a minute, seconds.
    public func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return Self.unknown }
        let magnitude = abs(seconds)
        let (amount, unit): (Double, String) =
            if magnitude >= 2 * 86_400 { (seconds / 86_400, "day") }
            else if magnitude >= 2 * 3600 { (seconds / 3600, "hour") }
            else if magnitude >= 120 { (seconds / 60, "minute") }
            else { (seconds, "second") }
        let rounded = amount.rounded()
        let plural = language == .french ? abs(rounded) >= 2 : abs(rounded) != 1
        return Phrasebook.render("duration.\(unit)\(plural ? "s" : "")", ["count": number(rounded)], in: language)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        var text = String(value)
        while text.count < width { text = "0" + text }
        return text
    }

    // MARK: Evidence

    /// An evidence item's value, formatted by its unit; lists are cut after `maxListItems`
    /// with `+N more`.
    public func value(of item: EvidenceItem, maxListItems: Int = 8) -> String {
        switch item.value {
        case .text(let text):
            return text
        case .list(let list):
            guard !list.isEmpty else { return Self.unknown }
            if list.count <= maxListItems { return list.joined(separator: ", ") }
            let more = Phrasebook.render("list.more", ["count": count(list.count - maxListItems)], in: language)
            return list.prefix(maxListItems).joined(separator: ", ") + " " + more
        case .number(let value):
            switch item.unit {
            case .none: return plain(value)
            case .bitsPerSecond: return bitsPerSecond(value)
            case .ratio: return percent(value)
            case .count: return count(value)
            case .timestamp: return date(value)
            case .seconds: return duration(value)
            case .perSecond: return perSecond(value)
            case .pValue: return pValue(value)
            }
        }
    }

    /// The window of an item, `2026-01-01 to 2026-03-31` (`du 2026-01-01 au 2026-03-31`), if it has one.
    public func window(of item: EvidenceItem) -> String? {
        guard let window = item.window, window.from.isFinite, window.to.isFinite else { return nil }
        return Phrasebook.render("window", ["from": date(window.from), "to": date(window.to)], in: language)
    }

    /// An evidence item's label for people: the wording table's `evidence.<name>`, else the
    /// name with underscores as spaces and a capital first letter.
    public func label(of item: EvidenceItem) -> String {
        Self.label(forEvidence: item.name, in: language)
    }

    /// The label of the evidence named `name` in `language`.
    public static func label(forEvidence name: String, in language: Language) -> String {
        let key = "evidence.\(name)"
        if let label = Phrasebook.table(language)[key] ?? Phrasebook.table(.english)[key] { return label }
        let spaced = name.replacingUnderscores()
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }
}

extension String {
    /// The string with `_` as spaces.
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
