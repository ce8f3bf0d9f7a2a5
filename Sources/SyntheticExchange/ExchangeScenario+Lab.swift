import Foundation
import IXPCore

/// What a member of the network-namespace lab (`Lab/lab.sh`) does wrong, if anything.
public enum LabRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Peers normally.
    case normal
    /// Leaks spanning-tree BPDUs onto the peering LAN.
    case stpLeak = "stp_leak"
    /// Sends IPv6 router advertisements.
    case routerAdvertisement = "router_advertisement"
    /// ARPs for the address of a member that left.
    case deadARP = "dead_arp"
    /// Never sets up a session with the route servers.
    case noRouteServer = "no_route_server"
    /// Its port went idle weeks ago and carries (almost) nothing.
    case idle
    /// Its port goes down and up.
    case flap
    /// Fills its (small) port.
    case fill
    /// Stops answering pings while its BGP sessions stay up.
    case noPing = "no_ping"

    /// The misbehaving roles, in the order the lab hands them out.
    public static let misbehaving: [LabRole] = [.stpLeak, .routerAdvertisement, .deadARP, .noRouteServer, .idle, .flap, .fill, .noPing]
}

extension ExchangeScenario {
    /// The lab's route-server ASN.
    public static let labRouteServerASN: UInt32 = 64_999
    /// The lab's member port speed: 100 Mb/s (bytes per second), as the lab's snmpd reports it.
    public static let labPortSpeed = 1.25e7
    /// The speed of the port the `fill` member fills: 10 Mb/s (bytes per second).
    public static let labSmallPortSpeed = 1.25e6
    /// Two members that left: their ports stay in the lab, unused; the `dead_arp` member asks
    /// for the address of the one that left last.
    public static let labLeavers = 2

    /// The roles of a lab with `members` members (1-based member number → role): the eight
    /// misbehaviours go to members 3, 5, … 17 when there are at least 18 members, to members
    /// 2 … 9 when there are 10 to 17, and to nobody with fewer.
    public static func labRoles(members: Int) -> [Int: LabRole] {
        var roles: [Int: LabRole] = [:]
        let numbers: [Int]
        if members >= 18 {
            numbers = (0..<8).map { 3 + 2 * $0 }
        } else if members >= 10 {
            numbers = Array(2...9)
        } else {
            numbers = []
        }
        for (number, role) in zip(numbers, LabRole.misbehaving) { roles[number] = role }
        return roles
    }

    /// The lab exchange's two-year history, ending at `end` (rounded down to the hour): one
    /// switch `ixlab` whose ports `p1` … `pN` are members AS65001 … AS650NN (100.64.0.N,
    /// fd00:6978::N in hex, MAC 02:69:78:00:00:NN), 100 Mb/s each, and two more ports for the
    /// members that left (200 and 45 days before the end). Founders are members 1 … ⌈0.7 N⌉;
    /// the rest joined during the two years. The `idle` member's port went idle 60 days before
    /// the end, the `fill` member has a 10 Mb/s port. Route servers at 100.64.0.253/.254 (AS64999).
    ///
    /// The lab (`Lab/lab.sh`) builds the same exchange live and its traffic generator follows
    /// this history's daily shape, so the live numbers continue the imported ones.
    public static func lab(members count: Int, end: Double, seed: UInt64 = 7) -> ExchangeScenario {
        let hour = 3_600.0
        let day = ScenarioBuilder.day
        let end = (end / hour).rounded(.down) * hour
        let start = end - 730 * day
        var rng = SplitMix64(seed: seed)
        let roles = labRoles(members: count)
        let founders = max(1, Int((Double(count) * 0.7).rounded(.up)))
        let joiners = count - founders
        let total = count + labLeavers
        var members: [ScenarioMember] = []
        for number in 1...max(1, total) {
            let role = roles[number] ?? .normal
            let speed = role == .fill ? labSmallPortSpeed : labPortSpeed
            let peak = role == .fill ? 0.25 * labSmallPortSpeed : rng.uniform(1.5e5...6e5)
            var port = ScenarioPort(switchName: "ixlab", interface: "p\(number)", speed: speed, peak: peak, growthPerYear: rng.uniform(0.05...0.25),
                                    transmitRatio: rng.uniform(0.7...1.3))
            if role == .idle { port.idleFrom = end - 60 * day }
            let joined: Double
            if number <= founders || number > count {
                joined = start - rng.uniform(200...2_000).rounded(.down) * day
            } else {
                // Joiners spread over the two years, the last about 40 days before the end.
                let rank = Double(number - founders)
                joined = start + (rank / Double(max(1, joiners))) * 690 * day
            }
            var member = ScenarioMember(
                asn: UInt32(65_000 + number), name: ScenarioBuilder.name(number - 1), joined: joined, ports: [port],
                routeServerPeering: true, ipv4: "100.64.0.\(number)", ipv6: "fd00:6978::\(String(number, radix: 16))",
                mac: String(format: "02:69:78:00:00:%02x", number))
            if number > count { member.left = end - (number == count + 1 ? 200 : 45) * day }
            members.append(member)
        }
        let exchange = ExchangeInfo(
            shortname: "LAB-IX", name: "ixp-health Lab Exchange", country: "DE",
            switches: [ExchangeSwitch(id: 1, name: "ixlab", colo: "Lab")], vlanID: 100,
            ipv4Prefix: "100.64.0.0", ipv4Length: 24, ipv6Prefix: "fd00:6978::", ipv6Length: 64,
            routeServerASN: labRouteServerASN,
            routeServers: [
                RouteServer(ipv4: "100.64.0.253", ipv6: "fd00:6978::fd", switchName: "ixlab", daemonVersion: "2.0.12", mac: "02:69:78:00:00:fd"),
                RouteServer(ipv4: "100.64.0.254", ipv6: "fd00:6978::fe", switchName: "ixlab", daemonVersion: "2.0.12", mac: "02:69:78:00:00:fe"),
            ])
        var scenario = ExchangeScenario(name: "lab", seed: seed, start: start, end: end, exchange: exchange, members: members)
        scenario.groundTruth = ScenarioGroundTruth(
            verdict: .healthy, verdictFrom: start,
            conclusion: "the lab exchange: \(count) members, \(joiners) joined in the two years, \(labLeavers) left, one port idle for 60 days",
            historyStart: start, historyEnd: end)
        scenario.finishGroundTruth()
        return scenario
    }

    /// The lab's member table, one tab-separated line per member port (a header first):
    /// `number asn name ipv4 ipv6 mac speed_bytes peak_bytes transmit_ratio role present`, where
    /// `peak_bytes` is the port's weekday 20:00 level at the end of the history and `present`
    /// is 0 for the members that left. `Lab/lab.sh` builds the lab from it.
    public func labMemberTable(roles: [Int: LabRole]) -> String {
        var lines = ["number\tasn\tname\tipv4\tipv6\tmac\tspeed_bytes\tpeak_bytes\ttransmit_ratio\trole\tpresent"]
        for (index, member) in members.enumerated() {
            guard let port = member.ports.first else { continue }
            let number = index + 1
            let years = (end - max(start, member.joined)) / (365.25 * 86_400)
            let peak = port.peak * exp(log1p(port.growthPerYear) * years)
            let present = member.isPresent(at: end - 1) ? 1 : 0
            lines.append([String(number), String(member.asn), member.name, member.ipv4, member.ipv6, member.mac,
                          String(format: "%.0f", port.speed), String(format: "%.0f", peak), String(format: "%.3f", port.transmitRatio),
                          (roles[number] ?? .normal).rawValue, String(present)].joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
