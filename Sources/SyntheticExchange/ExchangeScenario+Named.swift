import IXPCore
public import Foundation

extension ExchangeScenario {
    /// 2026-11-01T00:00:00Z, the default end of the named scenarios.
    public static let referenceEnd = Date(timeIntervalSince1970: 1_793_491_200)

    /// The names `named(_:end:seed:)` knows.
    public static let scenarioNames = ["healthyGrowing", "slowlyDying", "holidayDip", "counterResetAndGap", "tooLittleHistory", "portUpgrade", "scale", "seasonalLow", "mature", "privateInterconnectStep", "stepThenDecline", "remoteOnlyGrowth"]

    /// A named scenario by name (see `scenarioNames`; `scale` has 1,000 members on 2,000 ports),
    /// or nil for an unknown name.
    public static func named(_ name: String, end: Date = referenceEnd, seed: UInt64? = nil) -> ExchangeScenario? {
        switch name {
        case "healthyGrowing": healthyGrowing(end: end, seed: seed ?? 1)
        case "slowlyDying": slowlyDying(end: end, seed: seed ?? 2)
        case "holidayDip": holidayDip(end: end, seed: seed ?? 3)
        case "counterResetAndGap": counterResetAndGap(end: end, seed: seed ?? 4)
        case "tooLittleHistory": tooLittleHistory(end: end, seed: seed ?? 5)
        case "portUpgrade": portUpgrade(end: end, seed: seed ?? 7)
        case "scale": scale(members: 1_000, ports: 2_000, end: end, seed: seed ?? 6)
        case "seasonalLow": seasonalLow(end: end, seed: seed ?? 7)
        case "remoteOnlyGrowth": remoteOnlyGrowth(end: end, seed: seed ?? 8)
        case "mature": mature(end: end, seed: seed ?? 8)
        case "privateInterconnectStep": privateInterconnectStep(end: end, seed: seed ?? 9)
        case "stepThenDecline": stepThenDecline(end: end, seed: seed ?? 10)
        default: nil
        }
    }

    /// `end` rounded down to 00:00 UTC, so that every step dividing a day lines up with it.
    static func midnight(_ end: Date) -> Double {
        (end.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
    }

    /// A healthy, growing exchange over two years: 12 founding members, then 2–3 joins every
    /// quarter (about 31 members at the end; joiners ramp up over 30 days), nobody leaves, no
    /// port idle, the exchange's weekday peak grows about 25 % a year, and no member carries more
    /// than 25 % of the traffic. Two inter-switch trunks (`member_asn` "") carry a third of it
    /// again. One port has a trickle of receive errors (0.01/s).
    ///
    /// A detector must never raise a zombie finding on it, at any point of the history.
    public static func healthyGrowing(end: Date = referenceEnd, seed: UInt64 = 1) -> ExchangeScenario {
        var scenario = healthy(name: "healthyGrowing", end: midnight(end), days: 730, seed: seed)
        scenario.groundTruth.conclusion = "healthy throughout: steady joins, no leaves, no idle port, traffic +25 %/year; never a zombie finding"
        scenario.finishGroundTruth()
        return scenario
    }

    /// A slowly dying exchange over two years, with the date each symptom becomes true:
    /// - traffic: flat, then a gradual decline from `declineStart` (end − 182 days) to
    ///   `declineReached` (end − 91 days), flat after: the last 90 days' mean daily peak is
    ///   0.7 × that of the 90 days ending 6 months before the end (`declineFactor`);
    /// - joins: three in the first year, the last (`lastJoin`) 480 days before the end — none in
    ///   the last 12 months from end − 115 days on;
    /// - leaves: three in the last year (end − 320, − 200 and − 110 days);
    /// - idle: five ports fade over 21 days and are idle (< 0.5 % of speed at every sample, one
    ///   of them also operationally down) from end − 150, − 120, − 95, − 70 and − 50 days, so
    ///   "idle for 45 days" holds for all five from end − 5 days (`idle45Days` per port);
    /// - concentration: one member (two 100G ports) carries over 60 % of the traffic throughout.
    ///
    /// A detector run at `verdictFrom` (end − 5 days, all symptoms true) or later must raise a
    /// zombie finding; run before `declineStart` it must not.
    public static func slowlyDying(end: Date = referenceEnd, seed: UInt64 = 2) -> ExchangeScenario {
        let end = midnight(end)
        let day = ScenarioBuilder.day
        let start = end - 730 * day
        var builder = ScenarioBuilder(seed: seed, switchCount: 2)
        var members: [ScenarioMember] = []
        // 21 founders: the first 8 are small (they leave or go idle), the rest mid-sized.
        for index in 0..<21 {
            let peak = index < 8 ? builder.rng.uniform(3e7...8e7) : builder.rng.uniform(1.5e8...4.5e8)
            let port = builder.port(speed: ScenarioBuilder.tenGig, peak: peak, growth: 0)
            // The last founder joined shortly before the history starts: no stagnation before the
            // scenario's own joins stop.
            let joined = index == 20 ? start - 60 * day : builder.foundingDate(before: start)
            members.append(builder.member(joined: joined, ports: [port]))
        }
        for offset in [60.0, 150, 250] {
            let port = builder.port(speed: ScenarioBuilder.tenGig, peak: builder.rng.uniform(6e7...1.2e8), growth: 0)
            members.append(builder.member(joined: start + offset * day, ports: [port]))
        }
        // The dominant member: two 100G ports carrying 1.75 × everyone else.
        let others = members.reduce(0) { $0 + $1.ports.reduce(0) { $0 + $1.peak } }
        let dominantPorts = (0..<2).map { index in
            builder.port(onSwitch: index % builder.switches.count, speed: ScenarioBuilder.hundredGig, peak: 1.75 * others / 2, growth: 0)
        }
        members.insert(builder.member(joined: builder.foundingDate(before: start), ports: dominantPorts, name: "Hyperscale Content Co"), at: 0)
        // Leaves (members 1–3) and idle ports (members 4–8).
        for (index, daysBefore) in [(1, 320.0), (2, 200), (3, 110)] { members[index].left = end - daysBefore * day }
        for (index, daysBefore) in [(4, 150.0), (5, 120), (6, 95), (7, 70), (8, 50)] {
            members[index].ports[0].idleFrom = end - daysBefore * day
            members[index].ports[0].operDownWhenIdle = index == 6
        }
        let trunkPeak = 0.35 * (others + 1.75 * others)
        let core = (0..<2).map { builder.port(onSwitch: $0 % builder.switches.count, speed: ScenarioBuilder.hundredGig, peak: trunkPeak, growth: 0) }
        var scenario = ExchangeScenario(name: "slowlyDying", seed: seed, start: start, end: end, exchange: builder.exchange, members: members,
                                        corePorts: core)
        // The trend's floor is set so that the exchange's total (idle ports and leavers
        // included) ends at 0.7 × its level before the decline.
        let declineStart = end - 182 * day, declineReached = end - 91 * day
        var floor = 0.7
        for _ in 0..<4 {
            scenario.trend = [TrendPoint(time: declineStart, factor: 1), TrendPoint(time: declineReached, factor: floor)]
            floor *= 0.7 / scenario.expectedDeclineRatio()
        }
        scenario.trend = [TrendPoint(time: declineStart, factor: 1), TrendPoint(time: declineReached, factor: floor)]
        var truth = ScenarioGroundTruth(
            verdict: .zombie, verdictFrom: end - 5 * day,
            conclusion: "zombie: traffic −30 % (decline from end−182 d, reached end−91 d), no join for 12+ months (from end−115 d), "
                + "3 leaves in the last year, 5 ports idle 45+ days (all five from end−5 d), one member > 60 % of traffic; "
                + "a zombie finding is required from end−5 d, none before end−182 d",
            historyStart: start, historyEnd: end)
        truth.declineStart = declineStart
        truth.declineReached = declineReached
        truth.declineFactor = 0.7
        scenario.groundTruth = truth
        scenario.finishGroundTruth()
        return scenario
    }

    /// `healthyGrowing` with a holiday dip: traffic falls by 40 % from 20 December to 8 January
    /// (2-day ramps), the latest such holiday that ends at least 4 weeks before the end, and
    /// fully recovers.
    ///
    /// A detector must not raise a zombie finding: not during the dip once it has a long
    /// enough baseline to see it is short, and in no case after the dip ends (`dips[0].end`).
    public static func holidayDip(end: Date = referenceEnd, seed: UInt64 = 3) -> ExchangeScenario {
        let end = midnight(end)
        var scenario = healthy(name: "holidayDip", end: end, days: 730, seed: seed)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let endYear = calendar.component(.year, from: Date(timeIntervalSince1970: end))
        for year in stride(from: endYear, through: endYear - 3, by: -1) {
            guard let from = calendar.date(from: DateComponents(year: year, month: 12, day: 20)),
                  let to = calendar.date(from: DateComponents(year: year + 1, month: 1, day: 8))
            else { continue }
            let dipStart = from.timeIntervalSince1970, dipEnd = to.timeIntervalSince1970
            if dipEnd + 28 * 86_400 <= end, dipStart >= scenario.start {
                scenario.dips = [TrafficDip(start: dipStart, end: dipEnd, depth: 0.4)]
                break
            }
        }
        scenario.groundTruth.conclusion = "healthy: a −40 % holiday dip (20 Dec – 8 Jan) that fully recovers is not a decline; "
            + "no zombie finding, certainly none after the dip ends"
        scenario.finishGroundTruth()
        return scenario
    }

    /// A healthy, seasonal exchange over two years (a holiday or academic season): every year
    /// its traffic slides down by a third over six weeks, stays there for 80 days, and climbs
    /// back over six weeks (about four months low); its peaks grow 21 % year on year
    /// (`healthyGrowing`'s members and joins, the growth scaled to 21 %). The end is deep in this
    /// year's low: the slide began 102 days before the end, the bottom 60 days before it, and it
    /// lasts 20 days more. The lows repeat every 365.25 days.
    ///
    /// Quarter on quarter the peaks fall about a quarter at the end; year on year they grow
    /// 21 %. A detector with a year of history must not call this low a decline: no
    /// `falling_traffic` from `groundTruth.verdictFrom` (end − 130 days, before this year's
    /// slide into the low) on.
    public static func seasonalLow(end: Date = referenceEnd, seed: UInt64 = 7) -> ExchangeScenario {
        let end = midnight(end)
        let day = ScenarioBuilder.day
        var scenario = healthy(name: "seasonalLow", end: end, days: 730, seed: seed)
        // The growth of the members' traffic without a trend, scaled to 21 % a year.
        scenario.trend = []
        let natural = scenario.expectedTotalPeak(at: end - day) / scenario.expectedTotalPeak(at: end - 365 * day)
        let correction = natural > 0 ? log(1.21 / natural) / (365 * day) : 0
        let year = 365.25 * day, ramp = 42 * day, depth = 1.0 / 3
        let lowStart = end - 60 * day, lowEnd = lowStart + 80 * day
        func season(_ time: Double) -> Double {
            // The position relative to the nearest low (lows repeat every 365.25 days).
            let shift = ((end - time) / year).rounded(.down) * year
            var factor = 1.0
            for offset in [shift, shift + year] {
                let from = lowStart - offset, to = lowEnd - offset
                let into = min(1, max(0, (time - (from - ramp)) / ramp))
                let outOf = min(1, max(0, (time - to) / ramp))
                factor = min(factor, 1 - depth * (into - outOf))
            }
            return factor
        }
        var points: [TrendPoint] = []
        var time = scenario.start
        while time <= end + day {
            points.append(TrendPoint(time: time, factor: season(time) * exp(correction * (time - end))))
            time += day
        }
        scenario.trend = points
        scenario.groundTruth.verdictFrom = end - 130 * day
        scenario.groundTruth.conclusion = "healthy and seasonal: a four-month low of −1/3 every year, +21 % year on year; "
            + "the end is deep in this year's low; no falling_traffic from end−130 d (a year of history) on"
        scenario.finishGroundTruth()
        return scenario
    }

    /// `healthyGrowing` whose ping probe sees where members are: the founders and the members
    /// who joined before the last 12 months are local (round trips of 0.3–1.5 ms), and every
    /// member who joined in the last 12 months is remote (15–60 ms: remote peering through a
    /// reseller). Traffic and membership are healthy; only the growth is weak.
    ///
    /// A detector must raise no zombie finding, and `remote_growth` must say that the year's
    /// joins are all remote (`groundTruth.remoteMembers`), without a warning or a mail.
    public static func remoteOnlyGrowth(end: Date = referenceEnd, seed: UInt64 = 8) -> ExchangeScenario {
        let end = midnight(end)
        var scenario = healthy(name: "remoteOnlyGrowth", end: end, days: 730, seed: seed)
        var rng = SplitMix64(seed: seed ^ 0x5245_4D4F_5445)  // "REMOTE"
        for index in scenario.members.indices {
            let remote = scenario.members[index].joined > end - 365 * ScenarioBuilder.day
            scenario.members[index].pingRoundTrip = remote ? rng.uniform(0.015...0.060) : rng.uniform(0.0003...0.0015)
        }
        scenario.groundTruth.conclusion = "healthy, but every member who joined in the last 12 months is remote (15–60 ms round trip) "
            + "and every earlier one local (under 2 ms): no zombie finding; remote_growth says the year's growth is all remote (weak growth)"
        scenario.finishGroundTruth()
        return scenario
    }

    /// `healthyGrowing` with collection faults: counters reset to 0 on four ports (two member
    /// ports at end − 300 d + 13 h and end − 200 d + 5 h, a trunk at end − 150 d, another member
    /// port at end − 40 d + 9 h), and one week without any sample (end − 100 d to end − 93 d).
    ///
    /// A detector must stay healthy: a reset is one unknown interval (never a spike or a drop
    /// to zero), and the gap is unknown data, not a week of zero traffic.
    public static func counterResetAndGap(end: Date = referenceEnd, seed: UInt64 = 4) -> ExchangeScenario {
        let end = midnight(end)
        let day = ScenarioBuilder.day
        var scenario = healthy(name: "counterResetAndGap", end: end, days: 730, seed: seed)
        let trunk = scenario.corePorts[0]
        let ports = [scenario.members[0].ports[0], scenario.members[2].ports[0], trunk, scenario.members[5].ports[0]]
        let times = [end - 300 * day + 13 * 3_600, end - 200 * day + 5 * 3_600, end - 150 * day, end - 40 * day + 9 * 3_600]
        scenario.counterResets = zip(ports, times).map { CounterReset(switchName: $0.switchName, interface: $0.interface, time: $1) }
        scenario.gaps = [DataGap(start: end - 100 * day, end: end - 93 * day)]
        scenario.groundTruth.conclusion = "healthy: counter resets are unknown intervals and the week without data is unknown, "
            + "not zero traffic; no zombie finding"
        scenario.finishGroundTruth()
        return scenario
    }

    /// The healthy exchange with only 10 days of history.
    ///
    /// A detector must abstain ("not enough history"), neither healthy nor zombie, at the end.
    public static func tooLittleHistory(end: Date = referenceEnd, seed: UInt64 = 5) -> ExchangeScenario {
        var scenario = healthy(name: "tooLittleHistory", end: midnight(end), days: 10, seed: seed)
        scenario.groundTruth.verdict = .insufficientHistory
        scenario.groundTruth.conclusion = "10 days of history: too little to judge a trend; the detector must say so and raise no zombie finding"
        scenario.finishGroundTruth()
        return scenario
    }

    /// A large healthy exchange for benchmarks: `members` members on `ports` member ports
    /// (at least one each; the rest spread over the first members), 48 ports a switch, 85 % of
    /// the members founders and the rest joining evenly over the two years, +25 % a year, no
    /// trunks. Cheap to build; generation cost is linear in ports × steps.
    ///
    /// A detector must not raise a zombie finding.
    public static func scale(members memberCount: Int = 1_000, ports portCount: Int = 2_000, end: Date = referenceEnd, seed: UInt64 = 6) -> ExchangeScenario {
        let end = midnight(end)
        let day = ScenarioBuilder.day
        let start = end - 730 * day
        let memberCount = max(1, memberCount)
        let portCount = max(memberCount, portCount)
        var builder = ScenarioBuilder(seed: seed, switchCount: max(2, (portCount + 47) / 48))
        let founders = Int((Double(memberCount) * 0.85).rounded(.up))
        var members: [ScenarioMember] = []
        members.reserveCapacity(memberCount)
        for index in 0..<memberCount {
            let count = portCount / memberCount + (index < portCount % memberCount ? 1 : 0)
            let ports = (0..<count).map { _ in
                builder.port(speed: ScenarioBuilder.tenGig, peak: builder.rng.uniform(5e7...4e8), growth: 0.25)
            }
            let joined = index < founders
                ? builder.foundingDate(before: start)
                : start + (Double(index - founders + 1) * 720 / Double(max(1, memberCount - founders))).rounded(.down) * day
            members.append(builder.member(joined: joined, ports: ports))
        }
        var scenario = ExchangeScenario(name: "scale", seed: seed, start: start, end: end, exchange: builder.exchange, members: members)
        scenario.groundTruth.conclusion = "healthy (benchmark): no zombie finding"
        scenario.finishGroundTruth()
        return scenario
    }

    /// The healthy exchange of `days` days before `end` (midnight UTC).
    static func healthy(name: String, end: Double, days: Double, seed: UInt64) -> ExchangeScenario {
        let day = ScenarioBuilder.day
        let start = end - days * day
        var builder = ScenarioBuilder(seed: seed, switchCount: 2)
        var members: [ScenarioMember] = []
        for index in 0..<12 {
            let port = builder.port(speed: ScenarioBuilder.tenGig, peak: builder.rng.uniform(2e8...5.5e8), growth: 0.12,
                                    errorRate: index == 3 ? 0.01 : 0)
            // A growing exchange was growing before the history starts too: the last two
            // founders joined in the months before it.
            let joined = index >= 10 ? start - Double(150 - 100 * (index - 10)) * day : builder.foundingDate(before: start)
            members.append(builder.member(joined: joined, ports: [port]))
        }
        let founders = members.reduce(0) { $0 + $1.ports[0].peak }
        let quarter = 730 * day / 8
        var quarterStart = start
        while quarterStart < end {
            let joins = 2 + Int(builder.rng.next() % 2)
            var offsets = (0..<joins).map { _ in builder.rng.uniform(3...88) }
            offsets.sort()
            for offset in offsets {
                let joined = ((quarterStart + offset * day) / day).rounded(.down) * day
                guard joined < end else { continue }
                let fast = builder.rng.nextUnit() < 0.7
                let port = fast
                    ? builder.port(speed: ScenarioBuilder.tenGig, peak: builder.rng.uniform(4e7...1.2e8), growth: 0.12)
                    : builder.port(speed: ScenarioBuilder.oneGig, peak: builder.rng.uniform(1.5e7...4e7), growth: 0.12)
                members.append(builder.member(joined: joined, ports: [port]))
            }
            quarterStart += quarter
        }
        let core = (0..<2).map { builder.port(onSwitch: $0 % builder.switches.count, speed: ScenarioBuilder.hundredGig, peak: 0.35 * founders, growth: 0.25) }
        var scenario = ExchangeScenario(name: name, seed: seed, start: start, end: end, exchange: builder.exchange, members: members,
                                        corePorts: core)
        scenario.groundTruth = ScenarioGroundTruth(verdict: .healthy, verdictFrom: start, conclusion: "", historyStart: start, historyEnd: end)
        return scenario
    }

    /// Mean expected total over the last 90 days over the mean over the 90 days ending 180 days before the end.
    func expectedDeclineRatio() -> Double {
        func mean(_ from: Double, _ to: Double) -> Double {
            var sum = 0.0, count = 0.0
            var time = from + 19 * 3_600
            while time < to {
                sum += expectedTotalPeak(at: time)
                count += 1
                time += 86_400
            }
            return count > 0 ? sum / count : .nan
        }
        let day = 86_400.0
        return mean(end - 90 * day, end) / mean(end - 270 * day, end - 180 * day)
    }
}
