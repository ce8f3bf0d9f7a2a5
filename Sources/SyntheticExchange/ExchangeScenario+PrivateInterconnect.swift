import IXPCore
public import Foundation

extension ExchangeScenario {
    /// `healthyGrowing` with one big content member (two 100G ports, about 40 % of the members'
    /// traffic) that moves three quarters of its traffic to a private interconnect 150 days
    /// before the end, at once and for good: the exchange's traffic steps down about 30 % and
    /// keeps growing from its new level.
    ///
    /// A step is not a trend: no `falling_traffic` warning (nor any zombie finding) at any
    /// point; from a week after the step, `falling_traffic` names the step, its date and member.
    public static func privateInterconnectStep(end: Date = referenceEnd, seed: UInt64 = 9) -> ExchangeScenario {
        var scenario = withPrivateInterconnectStep(name: "privateInterconnectStep", end: midnight(end), daysBeforeEnd: 150, seed: seed)
        scenario.groundTruth.conclusion = "healthy: one member moves 3/4 of its traffic to a private interconnect at end−150 d, the "
            + "exchange steps down about 30 % and keeps growing; a step, not a falling trend: no falling_traffic (nor any zombie) warning"
        scenario.finishGroundTruth()
        return scenario
    }

    /// `privateInterconnectStep` with the step 300 days before the end, and a real decline after
    /// it: the exchange-wide trend falls to 0.7 from end − 182 days to end − 91 days and stays
    /// there (as in `slowlyDying`).
    ///
    /// The step must not hide the decline: no `falling_traffic` warning between the step and the
    /// decline, and one within the decline's first quarter (from `groundTruth.declineStart`).
    public static func stepThenDecline(end: Date = referenceEnd, seed: UInt64 = 10) -> ExchangeScenario {
        let end = midnight(end)
        let day = ScenarioBuilder.day
        var scenario = withPrivateInterconnectStep(name: "stepThenDecline", end: end, daysBeforeEnd: 300, seed: seed)
        let declineStart = end - 182 * day, declineReached = end - 91 * day
        scenario.trend = [TrendPoint(time: declineStart, factor: 1), TrendPoint(time: declineReached, factor: 0.7)]
        var truth = scenario.groundTruth
        truth.verdict = .zombie
        truth.verdictFrom = declineStart + 91 * day
        truth.declineStart = declineStart
        truth.declineReached = declineReached
        truth.declineFactor = 0.7
        truth.conclusion = "a step of about −30 % at end−300 d (a member to a private interconnect), then a real decline: traffic ×0.7 "
            + "from end−182 d to end−91 d; no falling_traffic warning between the step and the decline, one within the decline's "
            + "first quarter"
        scenario.groundTruth = truth
        scenario.finishGroundTruth()
        return scenario
    }

    /// The healthy exchange with a big member that moves 3/4 of its traffic away `daysBeforeEnd`
    /// days before `end`; the step's ground truth filled in.
    static func withPrivateInterconnectStep(name: String, end: Double, daysBeforeEnd: Double, seed: UInt64) -> ExchangeScenario {
        let day = ScenarioBuilder.day
        var scenario = healthy(name: name, end: end, days: 730, seed: seed)
        let stepTime = end - daysBeforeEnd * day
        // Two 100G ports on the first two switches, named after the next free interfaces there.
        var used: [String: Int] = [:]
        for port in scenario.members.flatMap(\.ports) + scenario.corePorts {
            let number = Int(port.interface.dropFirst("Ethernet".count)) ?? 0
            used[port.switchName] = max(used[port.switchName] ?? 0, number)
        }
        let switches = scenario.exchange.switches.prefix(2)
        var ports = switches.map { item in
            ScenarioPort(switchName: item.name, interface: "Ethernet\((used[item.name] ?? 0) + 1)", speed: ScenarioBuilder.hundredGig,
                         peak: 1, growthPerYear: 0.12, transmitRatio: 1.6)
        }
        let probe = ScenarioMember(asn: 64_999, name: "Bigstream Video", joined: scenario.start - 900 * day, ports: ports,
                                   ipv4: "198.18.250.1", ipv6: "2001:db8:ffff::fa01", mac: "02:53:00:fa:00:01")
        // 40 % of the members' traffic just before the step.
        let others = scenario.expectedTotalPeak(at: stepTime - day)
        let unit = scenario.expectedPeak(of: probe, at: stepTime - day)
        let peak = unit > 0 ? 0.4 / 0.6 * others / unit : 1
        for index in ports.indices {
            ports[index].peak = peak
            ports[index].levelShiftFrom = stepTime
            ports[index].levelShiftFactor = 0.25
        }
        var big = probe
        big.ports = ports
        scenario.members.insert(big, at: 0)
        let before = scenario.expectedTotalPeak(at: stepTime - 3_600), after = scenario.expectedTotalPeak(at: stepTime + 3_600)
        scenario.groundTruth.stepTime = stepTime
        scenario.groundTruth.stepMember = big.asn
        scenario.groundTruth.stepFactor = before > 0 ? after / before : nil
        return scenario
    }
}
