import TimeSeries

/// `falling_traffic`: the exchange's peak traffic is falling. Two tests on the daily peaks of
/// aggregate traffic (the weekly pattern removed before any trend is judged):
/// - quarterly: the 95th percentile of daily peaks fell ≥ 10 % quarter on quarter, or grew
///   ≤ 0 year on year, with a significant downward trend over the two quarters (Theil–Sen
///   slope, Mann–Kendall with the Hamed–Rao correction for autocorrelation);
/// - early warning: the last 90 days fall significantly at ≥ 10 % a quarter and are still
///   falling in the latest two weeks — so a decline is flagged within its first quarter,
///   before the quarterly figures move.
/// With more than a year of history (364 days plus `sameWeeksMinimumDays`), the same weeks a
/// year earlier gate both tests: a fall is seasonal, not a decline, when the peaks still grew
/// year on year over the same weeks (more than `yearGrowth`) and this year's trend over them
/// falls less than `seasonalMargin` a quarter more steeply than the same weeks' trend a year
/// earlier (the year-on-year, deseasonalised, trend). The evidence says which comparison decided
/// (`decided_by`).
/// A dip that recovers is not "still falling"; unknown days are never zeros; a window with
/// less than 80 % known, or too little traffic to judge, reads not_enough_data.
public struct FallingTrafficRule: DetectionRule {
    /// The thresholds of `falling_traffic` (`detection.rules.falling_traffic`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// A quarter-on-quarter drop of this fraction is a warning.
        public var quarterDrop: Double = 0.10
        /// A quarter-on-quarter drop of this fraction is critical.
        public var criticalQuarterDrop: Double = 0.25
        /// Year-on-year growth at or under this fraction is a warning.
        public var yearGrowth: Double = 0
        /// The significance the downward trend must reach.
        public var pValue: Double = 0.05
        /// The early warning: the last 90 days fall at this fraction a quarter.
        public var earlyQuarterDrop: Double = 0.10
        /// The fraction of each window that must be known to judge.
        public var minimumKnown: Double = 0.8
        /// Below this peak level (bit/s) the exchange is too small to judge.
        public var minimumBitsPerSecond: Double = 1_000_000
        /// The seasonal gate: a fall whose trend is at most this much a quarter steeper than the
        /// same weeks' a year earlier matches the season (when the peaks grew year on year).
        public var seasonalMargin: Double = 0.05
        /// The seasonal gate compares the last 91 days with the same weeks a year (364 days)
        /// earlier, or fewer days with less history; under this many it does not judge.
        public var sameWeeksMinimumDays: Double = 28

        /// The defaults.
        public init() {}
    }

    /// `falling_traffic` by default.
    public static let definition = RuleDefinition(.fallingTraffic, for: 7 * 86_400, severity: nil, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let minimumKnown = thresholds.minimumKnown
        let significance = thresholds.pValue
        let peaks = context.dailyPeaks(days: 730)
        let series = DailyPeakSeries(peaks: peaks.map(\.peak))
        var evidence = Evidence()
        let days = Double(peaks.count)
        let dayStart = peaks.first?.day ?? context.now
        func window(_ fromDaysAgo: Double, _ toDaysAgo: Double) -> EvidenceWindow {
            EvidenceWindow(from: dayStart + (days - fromDaysAgo) * 86_400, to: dayStart + (days - toDaysAgo) * 86_400)
        }
        let recent = series.percentile(95, days: 91, minimumKnownFraction: minimumKnown)
        let previous = series.percentile(95, days: 91, endingDaysAgo: 91, minimumKnownFraction: minimumKnown)
        let yearAgo = series.percentile(95, days: 91, endingDaysAgo: 365, minimumKnownFraction: minimumKnown)
        if let recent { evidence.add("p95_daily_peak_last_quarter", recent * 8, unit: .bitsPerSecond, window: window(91, 0)) }
        if let previous { evidence.add("p95_daily_peak_previous_quarter", previous * 8, unit: .bitsPerSecond, window: window(182, 91)) }
        if let yearAgo { evidence.add("p95_daily_peak_year_ago", yearAgo * 8, unit: .bitsPerSecond, window: window(456, 365)) }
        let spanDays = (context.trafficHistorySpan / 86_400).rounded(.down)
        let knownDays = Double(peaks.suffix(Int(max(1, spanDays))).filter { !$0.peak.isNaN }.count)
        evidence.add("history", spanDays * 86_400, unit: .seconds)

        guard let level = recent ?? series.percentile(95, days: 90, minimumKnownFraction: minimumKnown),
              level * 8 >= thresholds.minimumBitsPerSecond else {
            return notEnough(context, evidence, spanDays: spanDays, knownDays: knownDays)
        }
        let quarterChange = series.quarterOnQuarterChange(percentile: 95, quarterDays: 91, minimumKnownFraction: minimumKnown)
        let yearGrowth = series.yearOnYearGrowth(percentile: 95, windowDays: 91, yearDays: 365, minimumKnownFraction: minimumKnown)
        let twoQuarters = series.trend(days: 182, minimumKnownFraction: minimumKnown)
        let early = TrendVerdict.earlyWarning(series, criteria: FallingTrendCriteria(
            windowDays: 90, recentDays: 14, minimumDeclinePerQuarter: thresholds.earlyQuarterDrop,
            minimumKnownFraction: minimumKnown, significance: significance))
        if let quarterChange { evidence.add("quarter_on_quarter", quarterChange, unit: .ratio) }
        if let yearGrowth { evidence.add("year_on_year", yearGrowth, unit: .ratio) }
        if let trend = twoQuarters {
            evidence.add("trend_per_quarter", trend.changePerQuarter, unit: .ratio, window: window(182, 0))
            evidence.add("trend_p_value", trend.test.p, unit: .pValue)
        }
        if let trend = early.trend {
            evidence.add("trend_90_days_per_quarter", trend.changePerQuarter, unit: .ratio, window: window(90, 0))
            evidence.add("trend_90_days_p_value", trend.test.p, unit: .pValue)
        }
        evidence.add("early_warning", text: early.outcome.rawValue)
        let season = SeasonalComparison(series, historyDays: Int(spanDays), minimumDays: Int(thresholds.sameWeeksMinimumDays),
                                        minimumKnownFraction: minimumKnown)
        if let season {
            let span = window(Double(season.days), 0)
            evidence.add("year_on_year_change", season.change, unit: .ratio, window: span)
            evidence.add("same_weeks_trend_per_quarter", season.trend, unit: .ratio, window: span)
            evidence.add("same_weeks_year_ago_trend_per_quarter", season.yearAgoTrend, unit: .ratio,
                         window: window(Double(season.days + SeasonalComparison.yearDays), Double(SeasonalComparison.yearDays)))
        }
        let seasonal = season?.isSeasonal(yearGrowth: thresholds.yearGrowth, margin: thresholds.seasonalMargin) ?? false

        let falling = twoQuarters?.isSignificantlyFalling(at: significance) ?? false
        let quarterly = quarterChange.map { $0 <= -thresholds.quarterDrop && falling } ?? false
        let yearly = yearGrowth.map { $0 <= thresholds.yearGrowth && falling } ?? false
        if seasonal, let season, quarterly || yearly || early.isFalling {
            evidence.add("decided_by", text: "same_weeks_last_year")
            let text = LocalizedText("falling_traffic.seasonal", numbers: [
                "qoq": NumberArgument(quarterChange ?? .nan, .ratio), "yoy": NumberArgument(season.change, .ratio),
                "beyond": NumberArgument(season.trend - season.yearAgoTrend, .ratio), "days": NumberArgument(Double(season.days), .count)])
            return symptom(.fallingTraffic, .ok, text, evidence, context)
        }
        evidence.add("decided_by", text: quarterly ? "quarter_on_quarter" : yearly ? "year_on_year" : early.isFalling ? "early_warning" : "none")
        let slope = NumberArgument(twoQuarters?.changePerQuarter ?? .nan, .ratio)
        let p = NumberArgument(twoQuarters?.test.p ?? .nan, .pValue)
        if let quarterChange, quarterly {
            let critical = quarterChange <= -thresholds.criticalQuarterDrop
            let text = LocalizedText("falling_traffic.warning", numbers: [
                "previous": NumberArgument((previous ?? .nan) * 8, .bitsPerSecond), "current": NumberArgument(level * 8, .bitsPerSecond),
                "qoq": NumberArgument(quarterChange, .ratio), "slope": slope, "p": p])
            return symptom(.fallingTraffic, critical ? .critical : .warning, text, evidence, context)
        }
        if let yearGrowth, yearly {
            let text = LocalizedText("falling_traffic.yoy", numbers: ["yoy": NumberArgument(yearGrowth, .ratio), "slope": slope, "p": p])
            return symptom(.fallingTraffic, .warning, text, evidence, context)
        }
        if early.isFalling, let trend = early.trend {
            let text = LocalizedText("falling_traffic.early", numbers: [
                "slope": NumberArgument(trend.changePerQuarter, .ratio), "p": NumberArgument(trend.test.p, .pValue)])
            return symptom(.fallingTraffic, .warning, text, evidence, context)
        }
        guard quarterChange != nil || yearGrowth != nil else {
            return notEnough(context, evidence, spanDays: spanDays, knownDays: knownDays)
        }
        let text = LocalizedText("falling_traffic.ok", numbers: [
            "qoq": NumberArgument(quarterChange ?? .nan, .ratio), "yoy": NumberArgument(yearGrowth ?? .nan, .ratio)])
        return symptom(.fallingTraffic, .ok, text, evidence, context)
    }

    private func notEnough(_ context: DetectionContext, _ evidence: Evidence, spanDays: Double, knownDays: Double) -> RuleOutcome {
        let text = LocalizedText("falling_traffic.not_enough_data", numbers: [
            "days": NumberArgument(spanDays, .count), "known": NumberArgument(spanDays > 0 ? min(1, knownDays / spanDays) : 0, .ratio),
            "needed": NumberArgument(182, .count)])
        return symptom(.fallingTraffic, .notEnoughData, text, evidence, context)
    }
}

extension RuleID {
    /// Peak traffic falling quarter on quarter or year on year, with a significant trend.
    public static let fallingTraffic: RuleID = "falling_traffic"
}
