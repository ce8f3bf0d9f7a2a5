import Foundation
import IXPCore

/// Hands out the parts of a named scenario: ASNs, names, addresses, switch ports.
struct ScenarioBuilder {
    var rng: SplitMix64
    let switches: [ExchangeSwitch]
    var nextInterface: [Int]
    var nextSwitch = 0
    var memberCount = 0

    static let day = 86_400.0
    static let tenGig = 1.25e9
    static let oneGig = 1.25e8
    static let hundredGig = 1.25e10

    init(seed: UInt64, switchCount: Int) {
        rng = SplitMix64(seed: seed)
        switches = (1...max(1, switchCount)).map { ExchangeSwitch(id: $0, name: "sw\($0)", colo: "SynDC-\($0)") }
        nextInterface = Array(repeating: 1, count: switches.count)
    }

    var exchange: ExchangeInfo {
        ExchangeInfo(
            shortname: "SYN-IX", name: "Synthetic Internet Exchange", switches: switches,
            routeServers: [
                RouteServer(ipv4: "198.18.0.1", ipv6: "2001:db8:ffff::1", switchName: switches[0].name, mac: "02:53:ff:00:00:01"),
                RouteServer(ipv4: "198.18.0.2", ipv6: "2001:db8:ffff::2", switchName: switches[switches.count > 1 ? 1 : 0].name,
                            mac: "02:53:ff:00:00:02"),
            ])
    }

    /// A port on the next switch (round robin), named `Ethernet<n>`.
    mutating func port(speed: Double, peak: Double, growth: Double, errorRate: Double = 0) -> ScenarioPort {
        let index = nextSwitch
        nextSwitch = (nextSwitch + 1) % switches.count
        return port(onSwitch: index, speed: speed, peak: peak, growth: growth, errorRate: errorRate)
    }

    mutating func port(onSwitch index: Int, speed: Double, peak: Double, growth: Double, errorRate: Double = 0) -> ScenarioPort {
        let number = nextInterface[index]
        nextInterface[index] += 1
        return ScenarioPort(switchName: switches[index].name, interface: "Ethernet\(number)", speed: speed, peak: peak,
                            growthPerYear: growth, transmitRatio: rng.uniform(0.6...1.4), errorRate: errorRate)
    }

    /// A member with the next ASN, name and addresses.
    mutating func member(joined: Double, ports: [ScenarioPort], name: String? = nil) -> ScenarioMember {
        let index = memberCount
        memberCount += 1
        let asn: UInt32 = index < 1_022 ? UInt32(64_512 + index) : UInt32(4_200_000_001 + index)
        let host = 10 + index
        let ipv4 = "198.\(18 + host / 65_536).\((host / 256) % 256).\(host % 256)"
        let ipv6 = "2001:db8:ffff::\(String(host, radix: 16))"
        let macIndex = index + 1
        let mac = String(format: "02:53:00:%02x:%02x:%02x", (macIndex >> 16) & 0xFF, (macIndex >> 8) & 0xFF, macIndex & 0xFF)
        return ScenarioMember(asn: asn, name: name ?? Self.name(index), joined: joined, ports: ports,
                              routeServerPeering: rng.nextUnit() < 0.85, ipv4: ipv4, ipv6: ipv6, mac: mac)
    }

    /// A founding member's join date: between 8 months and 8 years before `start`, at midnight.
    mutating func foundingDate(before start: Double) -> Double {
        start - (rng.uniform(240...2_900)).rounded(.down) * Self.day
    }

    static let firstWords = ["Northwind", "Bluefin", "Kestrel", "Alder", "Granite", "Harbor", "Juniper", "Lumen", "Meridian", "Nimbus",
                             "Orchid", "Pinnacle", "Quarry", "Riverside", "Summit", "Tidewater", "Umber", "Vertex", "Willow", "Zephyr"]
    static let secondWords = ["Telecom", "Networks", "Broadband", "Hosting", "Cloud", "Fiber", "Internet", "Data"]

    static func name(_ index: Int) -> String {
        let base = "\(firstWords[index % firstWords.count]) \(secondWords[(index / firstWords.count) % secondWords.count])"
        let round = index / (firstWords.count * secondWords.count)
        return round == 0 ? base : "\(base) \(round + 1)"
    }
}
