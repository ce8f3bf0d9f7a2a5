import IXPCore
import TimeSeries

/// `routes_available`: the routes on offer through the route servers stopped growing. Read
/// from the route-server probe's exchange-wide counts per address family: the prefixes each
/// route server holds (`ixp_route_server_routes`) and the distinct origin ASNs of its best
/// routes (`ixp_route_server_origin_asns`). Each day's value is the daily average, the largest
/// of the route servers' (they normally hold the same routes); each quarter's is the median of
/// its days, so a route server's restart (one day's dip) moves nothing.
///
/// A warning when a measure (IPv4 or IPv6, prefixes or origin ASNs) fell more than
/// `quarter_drop` quarter on quarter and its last `recent_days` are still down as much; or,
/// with more than a year of history, when no measure grew `flat_growth` or more over the year
/// (the last quarter against the same quarter a year before). A measure under `minimum_count`
/// is not judged. Under `minimum_history_days` of history it reads not_enough_data.
public struct RoutesAvailableRule: DetectionRule {
    /// The thresholds of `routes_available` (`detection.rules.routes_available`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// A quarter-on-quarter fall of this fraction (of the quarterly median) is falling.
        public var quarterDrop: Double = 0.10
        /// The recent days whose median must still be down by `quarter_drop` (sustained, not a dip).
        public var recentDays: Double = 28
        /// Year-on-year growth under this fraction, on every measure, is flat.
        public var flatGrowth: Double = 0.05
        /// Less history than this is not enough to judge.
        public var minimumHistoryDays: Double = 180
        /// The fraction of a quarter's days that must be known for its median to count.
        public var minimumKnown: Double = 0.5
        /// A measure under this many (prefixes or origin ASNs) in the quarter compared with is
        /// too small to judge: 3 prefixes becoming 2 is not a trend.
        public var minimumCount: Double = 10

        /// The defaults.
        public init() {}
    }

    /// `routes_available` by default: a warning once it has held for a day.
    public static let definition = RuleDefinition(.routesAvailable, for: 86_400, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    /// One measure's quarterly figures: medians of daily values, most recent first.
    struct Measure {
        /// `ipv4_prefixes`, `ipv6_origin_asns`, …
        var name: String
        /// The medians of quarters 0 (the last 91 days) to 4 (a year before the last); nil when too little is known.
        var quarters: [Double?]
        /// The median of the last `recent_days`.
        var recent: Double?

        /// The smallest level a change is measured from.
        var minimumCount: Double

        func change(_ from: Double?, _ to: Double?) -> Double? {
            guard let from, let to, from > 0, from >= minimumCount else { return nil }
            return to / from - 1
        }
        var quarterOnQuarter: Double? { change(quarters[1], quarters[0]) }
        var yearOnYear: Double? { change(quarters[4], quarters[0]) }
        var recentChange: Double? { change(quarters[1], recent) }
    }

    static let quarterDays = 91

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let now = context.now
        let days = 5 * Self.quarterDays
        let today = (now / 86_400).rounded(.down) * 86_400
        let from = today - Double(days) * 86_400
        var evidence = Evidence()
        var measures: [Measure] = []
        var firstDay: Double?
        for (series, kind) in [(StoreSeries.routeServerRoutes, "prefixes"), (StoreSeries.routeServerOriginASNs, "origin_asns")] {
            for family in ["ipv4", "ipv6"] {
                let daily = Self.dailyMaxima(context, series: series, family: family, from: from, days: days)
                guard let first = daily.firstIndex(where: { !$0.isNaN }) else { continue }
                firstDay = min(firstDay ?? .infinity, from + Double(first) * 86_400)
                let quarters = (0..<5).map { quarter -> Double? in
                    let end = days - quarter * Self.quarterDays
                    return Self.median(daily[(end - Self.quarterDays)..<end], minimumKnown: thresholds.minimumKnown)
                }
                let recentDays = max(1, min(Self.quarterDays, Int(thresholds.recentDays)))
                let recent = Self.median(daily[(days - recentDays)..<days], minimumKnown: thresholds.minimumKnown)
                measures.append(Measure(name: "\(family)_\(kind)", quarters: quarters, recent: recent, minimumCount: thresholds.minimumCount))
            }
        }
        let historyDays = firstDay.map { ((today - $0) / 86_400).rounded(.down) } ?? 0
        evidence.add("history", historyDays * 86_400, unit: .seconds)
        for measure in measures {
            if let value = measure.quarters[0] { evidence.add("\(measure.name)_last_quarter", value, unit: .count) }
            if let value = measure.quarters[1] { evidence.add("\(measure.name)_previous_quarter", value, unit: .count) }
            if let value = measure.quarters[4] { evidence.add("\(measure.name)_year_ago", value, unit: .count) }
            if let value = measure.quarterOnQuarter { evidence.add("\(measure.name)_quarter_on_quarter", value, unit: .ratio) }
            if let value = measure.yearOnYear { evidence.add("\(measure.name)_year_on_year", value, unit: .ratio) }
        }
        func figure(_ name: String) -> NumberArgument {
            NumberArgument(measures.first { $0.name == name }?.quarters[0] ?? .nan, .count)
        }
        let figures = ["ipv4": figure("ipv4_prefixes"), "ipv6": figure("ipv6_prefixes"),
                       "ipv4_origins": figure("ipv4_origin_asns"), "ipv6_origins": figure("ipv6_origin_asns")]
        guard historyDays >= thresholds.minimumHistoryDays, measures.contains(where: { $0.quarters[0] != nil && $0.quarters[1] != nil }) else {
            let text = LocalizedText("routes_available.not_enough_data", numbers: [
                "days": NumberArgument(historyDays, .count), "needed": NumberArgument(thresholds.minimumHistoryDays, .count)])
            return symptom(.routesAvailable, .notEnoughData, text, evidence, context)
        }

        let falling = measures.filter { measure in
            guard let change = measure.quarterOnQuarter, let recent = measure.recentChange else { return false }
            return change <= -thresholds.quarterDrop && recent <= -thresholds.quarterDrop
        }
        if let worst = falling.min(by: { ($0.quarterOnQuarter ?? 0) < ($1.quarterOnQuarter ?? 0) }) {
            evidence.add("decided_by", text: "quarter_on_quarter")
            evidence.add("falling", list: falling.map(\.name))
            let text = LocalizedText("routes_available.falling.\(worst.name)", numbers: ["previous": NumberArgument(worst.quarters[1] ?? .nan, .count),
                                               "current": NumberArgument(worst.quarters[0] ?? .nan, .count),
                                               "qoq": NumberArgument(worst.quarterOnQuarter ?? .nan, .ratio)])
            return symptom(.routesAvailable, .warning, text, evidence, context)
        }
        let yearly = measures.filter { $0.yearOnYear != nil }
        let prefixes = measures.first { $0.name == "ipv4_prefixes" } ?? measures.first { $0.name == "ipv6_prefixes" }
        if !yearly.isEmpty, yearly.allSatisfy({ ($0.yearOnYear ?? 0) < thresholds.flatGrowth }) {
            evidence.add("decided_by", text: "year_on_year")
            let best = yearly.max { ($0.yearOnYear ?? 0) < ($1.yearOnYear ?? 0) }
            let text = LocalizedText("routes_available.flat", numbers: figures.merging([
                "yoy": NumberArgument(best?.yearOnYear ?? .nan, .ratio), "growth": NumberArgument(thresholds.flatGrowth, .ratio)]) { first, _ in first })
            return symptom(.routesAvailable, .warning, text, evidence, context)
        }
        evidence.add("decided_by", text: yearly.isEmpty ? "quarter_on_quarter" : "year_on_year")
        let key = yearly.isEmpty ? "routes_available.ok_young" : "routes_available.ok"
        let change = yearly.isEmpty ? prefixes?.quarterOnQuarter : (prefixes?.yearOnYear ?? yearly.first?.yearOnYear)
        let text = LocalizedText(key, numbers: figures.merging(["change": NumberArgument(change ?? .nan, .ratio)]) { first, _ in first })
        return symptom(.routesAvailable, .ok, text, evidence, context)
    }

    /// Per day from `from` (`days` days, oldest first), the largest daily average over the
    /// route servers of `series` for `family`; NaN for a day no route server covers.
    static func dailyMaxima(_ context: DetectionContext, series: String, family: String, from: Double, days: Int) -> [Double] {
        var daily = [Double](repeating: .nan, count: days)
        let to = from + Double(days) * 86_400 - 1
        let tier = context.tier(from: from, function: .average, minimumStep: 86_400)
        for key in context.store.keys(matching: SeriesSelector(name: series)) where key[label: "family"] == family {
            guard let range = context.store.query(key, tier: tier, from: from, to: to, function: .average) else { continue }
            for (index, value) in range.values.enumerated() where !value.isNaN {
                let day = Int(((range.start + Double(index) * range.step - from) / 86_400).rounded(.down))
                guard day >= 0, day < days else { continue }
                daily[day] = daily[day].isNaN ? value : max(daily[day], value)
            }
        }
        return daily
    }

    /// The median of the known values, nil when fewer than `minimumKnown` of them are known.
    static func median(_ values: ArraySlice<Double>, minimumKnown: Double) -> Double? {
        let known = values.filter { !$0.isNaN }.count
        guard known > 0, Double(known) >= minimumKnown * Double(values.count) else { return nil }
        let median = OrderStatistics.median(ofKnown: values)
        return median.isNaN ? nil : median
    }
}

extension RuleID {
    /// The prefixes and origin ASNs on offer through the route servers are flat for a year or falling.
    public static let routesAvailable: RuleID = "routes_available"
}
