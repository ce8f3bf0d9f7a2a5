import IXPCore
public import Foundation

extension ExchangeScenario {
    /// A healthy exchange where eight members upgraded: 24 members on one 10G port each over a
    /// year; members 0–7 (the busiest, 60–90 % of their 10G port at peak) each got a new 100G
    /// port, connected 21 days before their upgrade date (end − 150, − 140, … − 80 days), and
    /// moved their traffic onto it over those 21 days. From the upgrade date on, each old port
    /// is shut: admin down (when `oldPortsAdminDown`, else left admin up), operationally down,
    /// silent, and still labelled with its member (its alias kept). 32 member ports at the end.
    ///
    /// Nothing is idle: a decommissioned port is not a member failing to use its port, and a
    /// member whose traffic moved to its new port still uses the exchange. `idle_member_ports`
    /// must not warn; its ground truth lists no idle port.
    public static func portUpgrade(end: Date = referenceEnd, seed: UInt64 = 7, oldPortsAdminDown: Bool = true) -> ExchangeScenario {
        let end = midnight(end)
        let day = ScenarioBuilder.day
        let start = end - 365 * day
        var builder = ScenarioBuilder(seed: seed, switchCount: 2)
        var members: [ScenarioMember] = []
        for index in 0..<24 {
            let peak = index < 8 ? builder.rng.uniform(7.5e8...1.1e9) : builder.rng.uniform(2e8...5.5e8)
            let port = builder.port(speed: ScenarioBuilder.tenGig, peak: peak, growth: 0.12)
            members.append(builder.member(joined: builder.foundingDate(before: start), ports: [port]))
        }
        for index in 0..<8 {
            let upgrade = end - Double(150 - 10 * index) * day
            var old = members[index].ports[0]
            old.idleFrom = upgrade
            old.operDownWhenIdle = true
            old.adminDownWhenIdle = oldPortsAdminDown
            var new = builder.port(onSwitch: (index + 1) % builder.switches.count, speed: ScenarioBuilder.hundredGig, peak: old.peak,
                                   growth: old.growthPerYear)
            new.connectedFrom = upgrade - ScenarioPort.idleRampDays * day
            members[index].ports = [old, new]
        }
        let founders = members.reduce(0) { $0 + $1.ports[0].peak }
        let core = (0..<2).map {
            builder.port(onSwitch: $0 % builder.switches.count, speed: ScenarioBuilder.hundredGig, peak: 0.35 * founders, growth: 0.12)
        }
        var scenario = ExchangeScenario(name: "portUpgrade", seed: seed, start: start, end: end, exchange: builder.exchange,
                                        members: members, corePorts: core)
        scenario.groundTruth = ScenarioGroundTruth(
            verdict: .healthy, verdictFrom: start,
            conclusion: "healthy: eight members moved from 10G to new 100G ports (end−150 to end−80 d), their old ports shut "
                + (oldPortsAdminDown ? "(admin down)" : "(left admin up)") + " with their alias kept; no port is idle",
            historyStart: start, historyEnd: end)
        if !oldPortsAdminDown {
            // Old ports left admin up are silent, yet not idle: their members' traffic is on the new port.
            scenario.groundTruth.conclusion += "; the member's total is what counts"
        }
        scenario.finishGroundTruth()
        return scenario
    }
}
