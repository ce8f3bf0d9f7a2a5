import Foundation
public import Members

extension ExchangeScenario {
    /// Fills the ground truth's derived fields from the scenario — joins, leaves, idle ports,
    /// shares, growth, dips, resets, gaps — and the event list. Named scenarios call it; call it
    /// again after changing a scenario by hand.
    public mutating func finishGroundTruth() {
        var truth = groundTruth
        truth.historyStart = start
        truth.historyEnd = end
        truth.joins = members.filter { $0.joined > start && $0.joined < end }
            .map { MembershipChange(asn: $0.asn, name: $0.name, time: $0.joined) }.sorted { $0.time < $1.time }
        truth.leaves = members.compactMap { member in
            member.left.flatMap { $0 > start && $0 <= end ? MembershipChange(asn: member.asn, name: member.name, time: $0) : nil }
        }.sorted { $0.time < $1.time }
        truth.idlePorts = members.flatMap { member in
            // A port shut or left quiet after its member moved to another is replaced, not idle.
            member.ports.filter { !member.isReplaced($0) }.compactMap { port in
                port.idleFrom.map {
                    IdlePort(switchName: port.switchName, interface: port.interface, asn: member.asn,
                             fadeStart: $0 - ScenarioPort.idleRampDays * 86_400, idleSince: $0, operDown: port.operDownWhenIdle)
                }
            }
        }.sorted { $0.idleSince < $1.idleSince }
        truth.remoteMembers = members.filter { ($0.pingRoundTrip ?? 0) > 0.010 }.map(\.asn).sorted()
        truth.localMembers = members.filter { ($0.pingRoundTrip ?? .infinity) < 0.002 }.map(\.asn).sorted()
        truth.dips = dips
        truth.counterResets = counterResets.sorted { $0.time < $1.time }
        truth.gaps = gaps.sorted { $0.start < $1.start }

        // Shares and growth from the noise-free weekday peaks, at monthly points (19:00 UTC).
        var maximumShare = 0.0
        var time = start + 19 * 3_600
        while time < end {
            let peaks = members.map { expectedPeak(of: $0, at: time) }
            let total = peaks.reduce(0, +)
            if total > 0 { maximumShare = max(maximumShare, (peaks.max() ?? 0) / total) }
            time += 30 * 86_400
        }
        let last = end - 86_400 + 19 * 3_600
        let peaks = members.map { expectedPeak(of: $0, at: last) }
        let total = peaks.reduce(0, +)
        if total > 0, let top = peaks.indices.max(by: { peaks[$0] < peaks[$1] }) {
            truth.dominantMember = members[top].asn
            truth.dominantShare = peaks[top] / total
            maximumShare = max(maximumShare, peaks[top] / total)
        }
        truth.maximumMemberShare = maximumShare
        let first = expectedTotalPeak(at: start + 19 * 3_600)
        let years = (last - start - 19 * 3_600) / Self.secondsPerYear
        truth.trafficGrowthPerYear = first > 0 && years > 0 ? pow(total / first, 1 / years) - 1 : 0

        var events: [GroundTruthEvent] = []
        func add(_ time: Double?, _ tag: String, _ detail: String) {
            if let time { events.append(GroundTruthEvent(time: time, tag: tag, detail: detail)) }
        }
        add(truth.declineStart, "decline_start", "exchange traffic starts to decline")
        if let factor = truth.declineFactor {
            add(truth.declineReached, "decline_reached", "traffic down to \(Int((factor * 100).rounded())) % of its earlier level, and stays there")
        }
        if let stepTime = truth.stepTime {
            let factor = truth.stepFactor.map { " by \(Int(((1 - $0) * 100).rounded())) %" } ?? ""
            let member = truth.stepMember.map { ": AS\($0) moves traffic to a private interconnect" } ?? ""
            add(stepTime, "step", "exchange traffic steps down\(factor) and stays there\(member)")
        }
        for join in truth.joins { add(join.time, "join", "AS\(join.asn) \(join.name) joins") }
        if let lastJoin = truth.lastJoin {
            add(lastJoin, "last_join", "last join of the history")
            if lastJoin + 365 * 86_400 < end { add(lastJoin + 365 * 86_400, "no_join_12_months", "no join for 12 months from here on") }
        } else {
            add(start, "last_join", "nobody joins during the history")
        }
        for leave in truth.leaves { add(leave.time, "leave", "AS\(leave.asn) \(leave.name) leaves (its ports stop reporting)") }
        for port in truth.idlePorts {
            let name = "\(port.switchName) \(port.interface) (AS\(port.asn))"
            add(port.fadeStart, "idle_fade_start", "\(name) starts to fade")
            add(port.idleSince, "idle_since", "\(name) idle (< 0.5 % of speed)\(port.operDown ? ", operationally down" : "")")
            if port.idle45Days < end { add(port.idle45Days, "idle_45_days", "\(name) idle for 45 days") }
        }
        for dip in dips {
            add(dip.start, "dip_start", "traffic dips by \(Int((dip.depth * 100).rounded())) %")
            add(dip.end, "dip_end", "traffic fully recovered from the dip")
        }
        for reset in truth.counterResets { add(reset.time, "counter_reset", "\(reset.switchName) \(reset.interface) counters drop to 0") }
        for gap in truth.gaps {
            add(gap.start, "gap_start", "no samples at all from here")
            add(gap.end, "gap_end", "samples again")
        }
        add(truth.verdictFrom, "verdict", "from here a detector must conclude: \(truth.verdict.rawValue)")
        truth.events = events.sorted { $0.time != $1.time ? $0.time < $1.time : $0.tag < $1.tag }
        groundTruth = truth
    }

    /// The member registry at `time`, as the IX-F export of that moment gives it (the route
    /// servers included as the exchange's own `ixp` entry, marked as route servers).
    public func memberRegistry(at time: Double) -> MemberRegistry {
        var list: [Member] = [Member(
            asn: exchange.routeServerASN, name: "\(exchange.shortname) Route Servers", memberType: "ixp",
            macAddresses: exchange.routeServers.compactMap { MemberAddressText.mac($0.mac) },
            ipv4Addresses: exchange.routeServers.compactMap { MemberAddressText.ip($0.ipv4) },
            ipv6Addresses: exchange.routeServers.compactMap { MemberAddressText.ip($0.ipv6) },
            isRouteServer: true, peersWithRouteServer: false)]
        for member in members where member.isPresent(at: time) {
            list.append(Member(
                asn: member.asn, name: member.name, memberType: "peering", macAddresses: MemberAddressText.mac(member.mac).map { [$0] } ?? [],
                ipv4Addresses: MemberAddressText.ip(member.ipv4).map { [$0] } ?? [],
                ipv6Addresses: MemberAddressText.ip(member.ipv6).map { [$0] } ?? [],
                peersWithRouteServer: member.routeServerPeering))
        }
        return MemberRegistry(members: list, timestamp: IXFExportWriter.isoDate(time), version: "1.0")
    }
}
