import IXPCore
public import Foundation

extension ExchangeScenario {
    /// A large, mature exchange over two years: 80 to 83 members, because a member joins about
    /// every two months and another leaves a few weeks later (twelve such pairs in the two
    /// years), plus a join without a leave about every ten months (end − 630, − 330, − 30 days,
    /// so no 12-month window has more leaves than joins);
    /// the members' peak traffic grows about 5 % a year (joiners and leavers are small, under 1 %
    /// of the traffic each, so neither is a step). Two inter-switch trunks.
    ///
    /// A flat count with churn and slowly growing traffic is maturity, not stagnation: no
    /// `stagnant_membership` (nor any other zombie) warning at any point, and with a year of
    /// member lists `stagnant_membership` says the exchange is mature.
    public static func mature(end: Date = referenceEnd, seed: UInt64 = 8) -> ExchangeScenario {
        let end = midnight(end)
        let day = ScenarioBuilder.day
        let start = end - 730 * day
        var builder = ScenarioBuilder(seed: seed, switchCount: 4)
        var members: [ScenarioMember] = []
        for _ in 0..<80 {
            let port = builder.port(speed: ScenarioBuilder.tenGig, peak: builder.rng.uniform(1e8...4e8), growth: 0.07)
            members.append(builder.member(joined: builder.foundingDate(before: start), ports: [port]))
        }
        // Leavers: small founders; joiners: small networks, each followed by a leave 20–40 days on.
        var leaver = 0
        for round in 0..<12 {
            let joined = (start + (Double(round) * 60 + builder.rng.uniform(5...25)).rounded(.down) * day)
            let port = builder.port(speed: ScenarioBuilder.tenGig, peak: builder.rng.uniform(4e7...9e7), growth: 0.07)
            members.append(builder.member(joined: joined, ports: [port]))
            while leaver < 79, members[leaver].ports[0].peak > 1.6e8 { leaver += 1 }
            members[leaver].left = joined + builder.rng.uniform(20...40).rounded(.down) * day
            leaver += 1
        }
        // Three joins without a leave (end − 630, − 330 and − 30 days), less than a year apart: a
        // leave falls a few weeks after its join, so a 12-month window can hold one leave more
        // than its joins; one of these keeps joins at or above leaves in every such window.
        for offset in [100.0, 400, 700] {
            let port = builder.port(speed: ScenarioBuilder.tenGig, peak: builder.rng.uniform(4e7...9e7), growth: 0.07)
            members.append(builder.member(joined: start + offset * day, ports: [port]))
        }
        let founders = members.prefix(80).reduce(0) { $0 + $1.ports[0].peak }
        let core = (0..<2).map {
            builder.port(onSwitch: $0 % builder.switches.count, speed: ScenarioBuilder.hundredGig, peak: 0.3 * founders / 2, growth: 0.05)
        }
        var scenario = ExchangeScenario(name: "mature", seed: seed, start: start, end: end, exchange: builder.exchange, members: members,
                                        corePorts: core)
        scenario.groundTruth.conclusion = "healthy and mature: about 80 members throughout, a join about every two months and a leave "
            + "a few weeks after each, traffic +5 %/year; no stagnant_membership (nor any zombie) warning, and mature once a year of "
            + "member lists shows the churn"
        scenario.finishGroundTruth()
        return scenario
    }
}
