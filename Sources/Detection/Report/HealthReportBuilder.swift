import Members
import TimeSeries

/// Fills a `HealthReport` from one evaluation: the exchange at a glance, the symptoms, the
/// findings, every member with its ports and traffic, and what the charts draw. Reads the same
/// context the rules read, so the numbers agree with the verdicts.
public enum HealthReportBuilder {
    /// The report of `result`, evaluated on `context`, with `findings` (active and recently
    /// resolved). Its changes run from `changesSince` (default: `keep_resolved` before the
    /// report, a week by default, so every finding closed in the period is still at hand);
    /// `findingHistory` false (an offline report's single evaluation) makes the opened and
    /// closed findings unknown rather than "everything opened now".
    public static func build(context: DetectionContext, result: DetectionResult, findings: [Finding],
                             language: Language? = nil, changesSince: Double? = nil,
                             findingHistory: Bool = true) -> HealthReport {
        let language = language ?? context.configuration.language
        let now = context.now
        let peaks = context.dailyPeaks(days: 730)
        let series = DailyPeakSeries(peaks: peaks.map(\.peak))
        let shares = TrafficConcentrationRule.shares(context, days: 30)
        let shareByASN = Dictionary(shares.map { ($0.asn, $0.share) }, uniquingKeysWith: { first, _ in first })
        let monthly = context.memberMeans(seconds: 30 * 86_400)
        let daily = context.memberMeans(seconds: 86_400)
        let portStatistics = context.portPercentiles(95, seconds: 30 * 86_400, function: .maximum, minimumStep: 3_600)
        let sessions = NoRouteServerSessionRule.sessions(context, at: now)

        func overview(_ port: MonitoredPort, _ statistic: WindowStatistic?) -> PortOverview {
            let p95 = (statistic?.value ?? .nan) * 8
            let speed = port.speedBytesPerSecond * 8
            return PortOverview(switchName: port.switchName, interface: port.interface, memberASN: port.memberASN,
                                speedBitsPerSecond: speed, p95BitsPerSecond: p95,
                                utilisation: speed > 0 && p95.isFinite ? p95 / speed : .nan, up: port.up)
        }

        // Members: those in the list, and those only the ports name.
        var asns = Set(context.inventory.portsByMember.keys)
        for member in context.members?.peeringMembers ?? [] { asns.insert(member.asn) }
        let portsByMember = context.inventory.portsByMember
        var members: [MemberOverview] = asns.map { asn in
            let listed = context.members?.member(asn: asn)
            let ports = (portsByMember[asn] ?? []).map { overview($0, portStatistics[$0]) }
            let p95 = ports.map(\.p95BitsPerSecond).filter(\.isFinite)
            return MemberOverview(
                asn: asn, name: listed?.name, memberSince: listed?.memberSince ?? context.membership?.memberSince[asn],
                ports: ports, trafficP95BitsPerSecond: p95.isEmpty ? .nan : p95.reduce(0, +),
                trafficShare: shareByASN[asn] ?? (monthly[asn] == nil ? .nan : 0), routeServerSession: sessions[asn])
        }
        members.sort {
            let left = $0.trafficShare.isNaN ? -1 : $0.trafficShare
            let right = $1.trafficShare.isNaN ? -1 : $1.trafficShare
            return left != right ? left > right : $0.asn < $1.asn
        }

        // Aggregate traffic now and over the last day.
        var current = Double.nan
        for latest in context.store.latest(context.memberReceiveKeys) {
            guard let latest, !latest.value.isNaN, latest.timestamp >= now - 3 * Double(context.store.configuration.tiers[0].step) else { continue }
            current = (current.isNaN ? 0 : current) + latest.value
        }
        let dayTier = context.tier(from: now - 86_400, function: .maximum)
        let lastDay = context.store.sum(of: context.memberReceiveKeys, tier: dayTier, from: now - 86_400, to: now, function: .maximum)
        let peakLastDay = lastDay?.values.filter { !$0.isNaN }.max() ?? .nan
        let traffic = TrafficOverview(
            currentBitsPerSecond: current * 8, peakLastDayBitsPerSecond: peakLastDay * 8,
            p95DailyPeakLastQuarterBitsPerSecond: (series.percentile(95, days: 91) ?? .nan) * 8,
            p95DailyPeakPreviousQuarterBitsPerSecond: (series.percentile(95, days: 91, endingDaysAgo: 91) ?? .nan) * 8,
            p95DailyPeakYearAgoBitsPerSecond: (series.percentile(95, days: 91, endingDaysAgo: 365) ?? .nan) * 8)
        let memberPorts = context.memberPorts
        // Unknown, not 0, when no member port has a known status (none polled, or no status in the history).
        let knownStatus = memberPorts.compactMap(\.up)
        let speeds = memberPorts.map(\.speedBytesPerSecond).filter { $0.isFinite && $0 > 0 }
        let firstDay = peaks.first { !$0.peak.isNaN }?.day
        let exchange = ExchangeOverview(
            name: context.members?.exchangeName ?? context.configuration.exchangeName ?? "Exchange",
            members: context.members?.activeMembers.count ?? (portsByMember.isEmpty ? nil : portsByMember.count),
            activeMembers: daily.values.contains { $0.value.isFinite }
                ? daily.filter { $0.value.value * 8 >= context.thresholds(BelowIXPFloorRule.definition).minimumBitsPerSecond }.count : nil,
            ports: memberPorts.count, portsUp: knownStatus.isEmpty ? nil : knownStatus.filter { $0 }.count,
            capacityBitsPerSecond: speeds.isEmpty ? .nan : speeds.reduce(0, +) * 8,
            traffic: traffic, historyFrom: firstDay, historyTo: firstDay == nil ? nil : now)

        // Charts.
        let points = peaks.map { TimePoint(time: $0.day, value: $0.peak * 8) }
        var trend: TrendLine?
        let trendDays = min(365, peaks.count)
        if trendDays >= 28, let window = series.trend(days: trendDays, minimumKnownFraction: 0.5) {
            let from = peaks[peaks.count - trendDays].day
            let to = peaks[peaks.count - 1].day
            trend = TrendLine(from: from, to: to, startValue: window.line.value(at: 0) * 8,
                              endValue: window.line.value(at: Double(trendDays - 1)) * 8,
                              changePerQuarter: window.changePerQuarter, pValue: window.test.p)
        }
        var membership: [MonthlyMembership] = []
        if let history = context.membership {
            membership = history.monthly(from: now - 730 * 86_400, to: now).map {
                MonthlyMembership(month: $0.label, joins: $0.joins, leaves: $0.leaves, members: $0.memberCount)
            }
        }
        var slices = shares.prefix(8).map { TrafficShare(label: context.memberName($0.asn), asn: $0.asn, share: $0.share) }
        let rest = shares.dropFirst(8).reduce(0) { $0 + $1.share }
        if rest > 0 { slices.append(TrafficShare(label: "others", asn: nil, share: rest)) }
        let idle = IdleMemberPortsRule.idlePorts(context).idle.map { overview($0.port, $0.statistic) }
        let outgrown = OutgrownPortsRule.outgrownPorts(context).full.map { overview($0.port, $0.statistic) }

        // Summaries in the report's language.
        let symptoms = result.symptoms.map { symptom -> Symptom in
            var localized = symptom
            localized.summary = Wording.render(symptom.message, in: language)
            return localized
        }
        let localizedFindings = findings.map { finding -> Finding in
            var localized = finding
            localized.summary = Wording.render(finding.message, in: language)
            return localized
        }
        let since = min(now, changesSince ?? now - context.configuration.keepResolved)
        let changes = ReportChanges(since: since, now: now, findings: findingHistory ? findings : nil,
                                    membership: context.membership)
        return HealthReport(
            generatedAt: now, language: language, exchange: exchange, symptoms: symptoms, changes: changes,
            findings: localizedFindings,
            members: members,
            charts: ReportCharts(dailyPeaks: points, trend: trend, membership: membership, shares: slices,
                                 idlePorts: idle, outgrownPorts: outgrown))
    }
}
