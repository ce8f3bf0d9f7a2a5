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
/// A step is not a trend: when the daily peaks dropped once, within a day, and stayed at their new
/// level (`LevelShift`: a big member moving its traffic to a private interconnect), the step is
/// removed (the days after it scaled back to the level before) and every test above judges what
/// is left, so a step alone does not warn and a decline with a step in it still does. The
/// verdict says when, how much, and which member's ports lost about that much (`step_*`).
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
        /// A step: the daily peaks dropped at least this fraction of their level, within a day.
        public var stepMinimumDrop: Double = 0.10
        /// A step: the drop is at least this many times the day-to-day noise either side.
        public var stepNoiseRatio: Double = 4
        /// A step: the days compared either side of it (each side flat, its line moving at most
        /// `stepFlatness` of the drop across them).
        public var stepFlankDays: Double = 28
        /// A step: how flat each side must be, as a fraction of the drop.
        public var stepFlatness: Double = 0.25
        /// A step is named after a member when that member's ports lost at least this share of
        /// the exchange's drop at their daily peaks.
        public var stepMemberShare: Double = 0.5

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
        let traffic = Self.judgedSeries(context)
        let raw = traffic.raw, series = traffic.judged
        var evidence = Evidence()
        let days = Double(peaks.count)
        let dayStart = peaks.first?.day ?? context.now
        func window(_ fromDaysAgo: Double, _ toDaysAgo: Double) -> EvidenceWindow {
            EvidenceWindow(from: dayStart + (days - fromDaysAgo) * 86_400, to: dayStart + (days - toDaysAgo) * 86_400)
        }
        // The levels as measured; the comparisons below judge the series without its step.
        let recent = raw.percentile(95, days: 91, minimumKnownFraction: minimumKnown)
        let previous = raw.percentile(95, days: 91, endingDaysAgo: 91, minimumKnownFraction: minimumKnown)
        let yearAgo = raw.percentile(95, days: 91, endingDaysAgo: 365, minimumKnownFraction: minimumKnown)
        if let recent { evidence.add("p95_daily_peak_last_quarter", recent * 8, unit: .bitsPerSecond, window: window(91, 0)) }
        if let previous { evidence.add("p95_daily_peak_previous_quarter", previous * 8, unit: .bitsPerSecond, window: window(182, 91)) }
        if let yearAgo { evidence.add("p95_daily_peak_year_ago", yearAgo * 8, unit: .bitsPerSecond, window: window(456, 365)) }
        let spanDays = (context.trafficHistorySpan / 86_400).rounded(.down)
        let knownDays = Double(peaks.suffix(Int(max(1, spanDays))).filter { !$0.peak.isNaN }.count)
        evidence.add("history", spanDays * 86_400, unit: .seconds)

        guard let level = recent ?? raw.percentile(95, days: 90, minimumKnownFraction: minimumKnown),
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
        let member = traffic.step.flatMap { step in
            addStep(step, peaks: peaks, share: thresholds.stepMemberShare, flankDays: Int(thresholds.stepFlankDays), context, &evidence)
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
        if let step = traffic.step, quarterly || yearly || early.isFalling {
            // A decline with a step in it: the step is left out of the words' trend.
            let trend = quarterly || yearly ? twoQuarters : early.trend
            let critical = quarterly && (quarterChange ?? 0) <= -thresholds.criticalQuarterDrop
            let text = LocalizedText("falling_traffic.step_decline", numbers: [
                "change": NumberArgument(-step.change, .ratio), "date": NumberArgument(peaks[step.index].day, .timestamp),
                "slope": NumberArgument(trend?.changePerQuarter ?? .nan, .ratio), "p": NumberArgument(trend?.test.p ?? .nan, .pValue)])
            return symptom(.fallingTraffic, critical ? .critical : .warning, text, evidence, context)
        }
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
        var numbers = ["qoq": NumberArgument(quarterChange ?? .nan, .ratio), "yoy": NumberArgument(yearGrowth ?? .nan, .ratio)]
        if let step = traffic.step {
            numbers["change"] = NumberArgument(-step.change, .ratio)
            numbers["date"] = NumberArgument(peaks[step.index].day, .timestamp)
            if let member {
                numbers["member_change"] = NumberArgument(member.drop * 8, .bitsPerSecond)
                return symptom(.fallingTraffic, .ok, LocalizedText("falling_traffic.step", ["member": member.name], numbers: numbers),
                               evidence, context)
            }
            return symptom(.fallingTraffic, .ok, LocalizedText("falling_traffic.step_unattributed", numbers: numbers), evidence, context)
        }
        return symptom(.fallingTraffic, .ok, LocalizedText("falling_traffic.ok", numbers: numbers), evidence, context)
    }

    /// The exchange's daily peaks over two years (`raw`), the step found in them (if any), and
    /// the series the trend is judged on (`judged`: without the step). `stagnant_membership`
    /// judges traffic growth on the same series.
    static func judgedSeries(_ context: DetectionContext) -> (raw: DailyPeakSeries, step: LevelShift?, judged: DailyPeakSeries) {
        let thresholds = context.thresholds(definition)
        let raw = DailyPeakSeries(peaks: context.dailyPeaks(days: 730).map(\.peak))
        let criteria = LevelShiftCriteria(
            flankDays: max(7, Int(thresholds.stepFlankDays)), minimumAfterDays: 7, searchDays: 456,
            minimumDrop: thresholds.stepMinimumDrop, noiseRatio: thresholds.stepNoiseRatio, flatness: thresholds.stepFlatness,
            minimumKnownFraction: thresholds.minimumKnown)
        let step = LevelShift.find(in: raw, criteria: criteria)
        return (raw, step, step?.removed(from: raw) ?? raw)
    }

    /// Adds the step's evidence, and names the member whose ports lost most of it (at least
    /// `share` of the exchange's drop at their daily peaks), if one did.
    private func addStep(_ step: LevelShift, peaks: [DailyPeak], share: Double, flankDays: Int, _ context: DetectionContext,
                         _ evidence: inout Evidence) -> (name: String, drop: Double)? {
        let at = peaks[step.index].day
        evidence.add("step_at", at, unit: .timestamp)
        evidence.add("step_change", step.change, unit: .ratio,
                     window: EvidenceWindow(from: at - Double(flankDays) * 86_400, to: at + Double(step.afterDays) * 86_400))
        evidence.add("step_level_before", step.levelBefore * 8, unit: .bitsPerSecond)
        evidence.add("step_level_after", step.levelAfter * 8, unit: .bitsPerSecond)
        evidence.add("step_noise_ratio", step.noiseRatio)
        let changes = context.memberLevelChanges(at: at, beforeDays: flankDays, afterDays: step.afterDays)
        let exchangeDrop = changes.reduce(0) { $0 + $1.drop }
        guard exchangeDrop > 0, let top = changes.max(by: { $0.drop < $1.drop }), top.drop >= share * exchangeDrop else {
            evidence.add("step_member", text: "none")
            return nil
        }
        let name = context.memberName(top.asn)
        evidence.add("step_member", text: name)
        evidence.add("step_member_asn", Double(top.asn))
        evidence.add("step_member_change", -top.drop * 8, unit: .bitsPerSecond)
        evidence.add("step_member_share", top.drop / exchangeDrop, unit: .ratio)
        evidence.add("step_member_ports", list: top.ports.map { "\($0.switchName) \($0.interface)" })
        return (name, top.drop)
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
