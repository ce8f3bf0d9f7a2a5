public import Alerting
public import Detection
public import TimeSeries
import IXPCore
import Presentation

/// Finds, in the store, the series an alert mail draws for a finding: a port's received
/// traffic over the last 24 hours (bits/s) for a finding with a switch and an interface; the
/// exchange's daily traffic peaks over the last year (each member port's daily maximum,
/// summed, bits/s) for `falling_traffic` and `traffic_concentration` about the exchange; the
/// peering-LAN violations per minute of the finding's LAN rules over the last 6 hours for
/// `lan_violation`. Series with nothing known are left out.
public struct AlertChartSource: Sendable {
    /// The agent's history.
    let store: TimeSeriesStore
    /// The language of the chart titles.
    let language: Language
    /// At most this many charts per notification (as the renderer draws).
    public var maximumPerNotification = 3

    /// Charts read from `store`, titled in `language`.
    public init(store: TimeSeriesStore, language: Language) {
        self.store = store
        self.language = language
    }

    /// The charts for the findings of `notifications` at `now`, by finding id: for each
    /// notification, its findings in mail order until `maximumPerNotification` have one.
    public func charts(for notifications: [AlertNotification], now: Double) -> [String: ChartSeries] {
        var charts: [String: ChartSeries] = [:]
        var tried: Set<String> = []
        var context: DetectionContext?
        for notification in notifications {
            var found = 0
            for finding in notification.firing + notification.resolved where found < maximumPerNotification {
                if charts[finding.id] != nil {
                    found += 1
                    continue
                }
                guard tried.insert(finding.id).inserted else { continue }
                if let series = chart(for: finding, now: now, context: &context), series.isDrawable {
                    charts[finding.id] = series
                    found += 1
                }
            }
        }
        return charts
    }

    /// The series for `finding`, nil when it has none or the store knows nothing of it.
    /// `context` is made on first need and shared by the findings of one round.
    public func chart(for finding: Finding, now: Double, context: inout DetectionContext?) -> ChartSeries? {
        let since = finding.firingSince ?? finding.firstSeen
        if finding.subject == .exchange, finding.rule == .fallingTraffic || finding.rule == .trafficConcentration {
            let detection = context ?? DetectionContext(now: now, store: store)
            context = detection
            let peaks = detection.dailyPeaks(days: 365)
            return ChartSeries(title: Phrasebook.render("mail.chart.daily_peaks", in: language), times: peaks.map(\.day),
                               values: peaks.map { $0.peak * 8 }, unit: .bitsPerSecond, highlightFrom: since)
        }
        if finding.rule == .lanViolation {
            let rules = (finding.labels["lan_rule"] ?? "").split(separator: ",").map { String($0) }.filter { !$0.isEmpty }
            guard !rules.isEmpty else { return nil }
            let keys = store.keys(matching: SeriesSelector(name: StoreSeries.lanViolations))
                .filter { key in key[label: "rule"].map(rules.contains) ?? false }
            let from = now - 6 * 3_600
            guard !keys.isEmpty,
                  let range = store.sum(of: keys, tier: store.tier(covering: from), from: from, to: now) else { return nil }
            return ChartSeries(title: Phrasebook.render("mail.chart.lan_violations", ["lan_rule": rules.joined(separator: ", ")], in: language),
                               times: range.timestamps, values: range.values, unit: .count, highlightFrom: since)
        }
        var switchName = finding.labels["switch"]
        var interface = finding.labels["interface"]
        if case .port(let sw, let port) = finding.subject {
            switchName = sw
            interface = port
        }
        if let switchName, let interface {
            guard let key = store.keys(matching: SeriesSelector(name: StoreSeries.receiveBytes,
                                                                 matching: ["switch": switchName, "interface": interface])).first
            else { return nil }
            let from = now - 86_400
            guard let range = store.query(key, from: from, to: now) else { return nil }
            return ChartSeries(title: Phrasebook.render("mail.chart.port_traffic", ["port": "\(switchName) \(interface)"], in: language),
                               times: range.timestamps, values: range.values.map { $0 * 8 }, unit: .bitsPerSecond,
                               highlightFrom: since)
        }
        return nil
    }
}
