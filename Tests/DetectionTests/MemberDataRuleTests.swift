import Foundation
import IXPCore
import Members
import SyntheticExchange
import Testing
import TimeSeries
@testable import Detection

/// `member_data_mismatch` (the member list against PeeringDB, the LAN, the route servers and the
/// ports) and `remote_growth` (the year's joins classed local or remote by their round trip).
@Suite struct MemberDataRuleTests {
    let now = 1_800_000_000.0
    let day = 86_400.0
    let tenGig = 1.25e9

    /// One listed member of the test exchange.
    struct Listed {
        var asn: UInt32
        var ipv4: String
        var ipv6: String? = nil
        var routeServer: Bool = true
        var speedsMbps: [Int] = [10_000]
        var since = "2020-01-01T00:00:00Z"
    }

    /// An IX-F 1.0 export with the peering LAN 192.0.2.0/24 and 2001:db8:100::/64 (unless
    /// `prefixes` is false) and `members`, each with one MAC `02:00:00:00:NN:NN`.
    func memberList(_ members: [Listed], prefixes: Bool = true) throws -> MemberRegistry {
        let entries = members.map { member in
            let ipv6 = member.ipv6.map { ", \"ipv6\": {\"address\": \"\($0)\", \"routeserver\": \(member.routeServer)}" } ?? ""
            let ports = member.speedsMbps.map { "{\"switch_id\": 1, \"if_speed\": \($0)}" }.joined(separator: ", ")
            return """
                {"asnum": \(member.asn), "name": "AS\(member.asn) Net", "member_type": "peering", "member_since": "\(member.since)",
                 "connection_list": [{"state": "active", "if_list": [\(ports)], "vlan_list": [{"vlan_id": 1,
                   "ipv4": {"address": "\(member.ipv4)", "routeserver": \(member.routeServer),
                            "mac_addresses": ["\(mac(member.asn))"]}\(ipv6)}]}]}
                """
        }
        let vlan = prefixes
            ? #", "vlan": [{"id": 1, "ipv4": {"prefix": "192.0.2.0", "mask_length": 24}, "ipv6": {"prefix": "2001:db8:100::", "mask_length": 64}}]"#
            : ""
        let list = """
            {"version": "1.0", "timestamp": "2027-01-15T00:00:00Z",
             "ixp_list": [{"ixp_id": 1, "shortname": "TIX"\(vlan)}],
             "member_list": [\(entries.joined(separator: ",\n"))]}
            """
        return try IXFMemberListParser.parse(Data(list.utf8), source: "test")
    }

    func mac(_ asn: UInt32) -> String {
        String(format: "02:00:00:00:%02x:%02x", (asn >> 8) & 0xFF, asn & 0xFF)
    }

    /// What the probes saw over the last 31 days, hourly.
    struct Seen {
        /// Ports: interface → (member ASN, bytes/s received, speed bytes/s).
        var ports: [String: (asn: UInt32, traffic: Double, speed: Double)] = [:]
        /// Frames per minute from each member's MACs (the capture).
        var frames: [UInt32: Double]? = nil
        /// Established sessions per member at the route server (the BIRD probe).
        var sessions: [UInt32: Double]? = nil
        /// Smallest median round trip per member, seconds (the ping probe).
        var roundTrips: [UInt32: Double] = [:]
    }

    func store(_ seen: Seen, days: Double = 31) throws -> TimeSeriesStore {
        let now = self.now
        var configuration = StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 3_600))
        configuration.staleAfter = 3 * 3_600
        let store = try TimeSeriesStore(configuration: configuration, directory: nil, clock: { now })
        var time = now - days * day
        var hour = 0
        while time <= now - 3_600 {
            var samples: [Sample] = []
            func add(_ name: String, _ labels: [String: String], _ value: Double) {
                samples.append(Sample(key: SeriesKey(name: name, labels: labels), timestamp: time, value: value))
            }
            for (interface, port) in seen.ports {
                let labels = ["switch": "sw1", "interface": interface, "member_asn": String(port.asn)]
                add(StoreSeries.receiveBytes, labels, port.traffic)
                add(StoreSeries.transmitBytes, labels, port.traffic / 2)
                add(StoreSeries.up, labels, 1)
                add(StoreSeries.adminUp, labels, 1)
                add(StoreSeries.speed, labels, port.speed)
            }
            for (asn, frames) in seen.frames ?? [:] {
                add(StoreSeries.memberFrames, ["interface": "lan0", "member_asn": String(asn)], frames)
            }
            for (asn, sessions) in seen.sessions ?? [:] {
                add(StoreSeries.routeServerBIRDSessions, ["route_server": "rs1", "member_asn": String(asn)], sessions)
            }
            for (asn, roundTrip) in seen.roundTrips {
                // The floor at night, up to twice it at the busy hours.
                add(StoreSeries.pingMedian, ["member_asn": String(asn), "address": "192.0.2.\(asn % 256)", "family": "ipv4"],
                    roundTrip * (1 + Double(hour % 24) / 24))
            }
            store.append(samples)
            time += 3_600
            hour += 1
        }
        return store
    }

    // MARK: - member_data_mismatch

    /// Four members; the LAN, the route server, the ports and PeeringDB agree with the list.
    var cleanMembers: [Listed] {
        [Listed(asn: 64500, ipv4: "192.0.2.10", ipv6: "2001:db8:100::a"), Listed(asn: 64501, ipv4: "192.0.2.11"),
         Listed(asn: 64502, ipv4: "192.0.2.12", ipv6: "2001:db8:100::c"), Listed(asn: 64503, ipv4: "192.0.2.13", routeServer: false)]
    }

    var cleanSeen: Seen {
        var seen = Seen()
        for (index, asn) in [UInt32(64500), 64501, 64502, 64503].enumerated() {
            seen.ports["Et\(index + 1)"] = (asn, 2e7, tenGig)
        }
        seen.frames = [64500: 40, 64501: 12, 64502: 30, 64503: 8]
        seen.sessions = [64500: 1, 64501: 1, 64502: 1]
        return seen
    }

    func peeringDB(_ members: [Listed]) -> PeeringDBExchange {
        PeeringDBExchange(ixID: 1, name: "TIX", networks: members.map {
            PeeringDBNetwork(asn: $0.asn, ipaddr4: $0.ipv4, ipaddr6: $0.ipv6, speed: $0.speedsMbps.reduce(0, +), isRSPeer: $0.routeServer)
        })
    }

    func mismatchOutcome(_ members: [Listed], _ seen: Seen, peeringDB: PeeringDBExchange?, prefixes: Bool = true) throws -> RuleOutcome {
        MemberDataMismatchRule().evaluate(DetectionContext(
            now: now, store: try store(seen), members: try memberList(members, prefixes: prefixes), peeringDB: peeringDB))
    }

    @Test func aMemberListThatMatchesTheLANTheRouteServersAndPeeringDBIsQuiet() throws {
        let outcome = try mismatchOutcome(cleanMembers, cleanSeen, peeringDB: peeringDB(cleanMembers))
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(symptom.message.key == "member_data_mismatch.ok")
        #expect(symptom.evidence["mismatches"]?.number == 0)
        #expect(symptom.evidence["checks_run"]?.value
                == .list(["listed_not_seen", "seen_not_listed", "addresses", "rs_peer", "port_speed", "peeringdb"]))
        #expect(symptom.evidence["checks_not_enough_data"] == nil)
        #expect(outcome.findings.isEmpty)
    }

    @Test func everyKindOfMismatchIsListedMemberByMember() throws {
        var members = cleanMembers
        members[0].speedsMbps = [10_000, 10_000]          // 64500: two 10G listed, one 10G port
        members[1].ipv4 = "192.0.3.11"                    // 64501: a typo outside 192.0.2.0/24
        var seen = cleanSeen
        seen.sessions = [64500: 1, 64501: 1, 64999: 1]    // 64502 listed as RS peer, no session; 64999 not listed
        seen.ports["Et4"] = (64503, 0, tenGig)            // 64503: nothing on its port,
        seen.frames?[64503] = 0                           // no frame on the LAN, no session
        var pdb = peeringDB(cleanMembers)
        pdb.networks.removeAll { $0.asn == 64502 }        // in the list, not in PeeringDB
        pdb.networks.append(PeeringDBNetwork(asn: 64510, ipaddr4: "192.0.2.30"))  // in PeeringDB, not in the list
        let outcome = try mismatchOutcome(members, seen, peeringDB: pdb)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning, "\(symptom.summary)")
        #expect(symptom.message.key == "member_data_mismatch.warning")
        for kind in ["listed_not_seen", "seen_not_listed", "address_outside_lan", "rs_peer_without_session", "port_speed",
                     "peeringdb_only", "ixf_only"] {
            #expect(symptom.evidence[kind]?.number == 1, "\(kind): \(symptom.evidence.items.map(\.name))")
        }
        #expect(symptom.evidence["mismatches"]?.number == 7)
        let list = try #require(symptom.evidence["mismatch_list"]?.value)
        #expect(list == .list([
            "AS64500 Net (AS64500): port_speed (20 Gbit/s listed, 10 Gbit/s on 1 port(s))",
            "AS64501 Net (AS64501): address_outside_lan (192.0.3.11)",
            "AS64502 Net (AS64502): rs_peer_without_session, ixf_only",
            "AS64503 Net (AS64503): listed_not_seen",
            "AS64510: peeringdb_only",
            "AS64999: seen_not_listed (route_server)",
        ]), "\(list)")
        #expect(outcome.findings.map(\.rule) == [.memberDataMismatch])
        #expect(outcome.findings.first?.severity == .warning)
        print("member_data_mismatch: \(symptom.summary)")
    }

    @Test func aSessionWithAMemberNotListedAsRouteServerPeerIsAMismatch() throws {
        var seen = cleanSeen
        seen.sessions?[64503] = 1
        let symptom = try #require(try mismatchOutcome(cleanMembers, seen, peeringDB: nil).symptom)
        #expect(symptom.evidence["rs_session_not_rs_peer"]?.number == 1)
        #expect(symptom.evidence["checks_not_enough_data"]?.value == .list(["peeringdb"]))
    }

    @Test func twoMismatchesAreListedButDoNotWarn() throws {
        // Just under the default minimum of three: one typo (and its consequence) is no alarm.
        var members = cleanMembers
        members[1].ipv4 = "192.0.3.11"
        members[2].ipv6 = "2001:db8:101::c"
        let outcome = try mismatchOutcome(members, cleanSeen, peeringDB: nil)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(symptom.message.key == "member_data_mismatch.few")
        #expect(symptom.evidence["address_outside_lan"]?.number == 2)
        #expect(outcome.findings.isEmpty)
    }

    @Test func withoutSourcesEachCheckSaysNotEnoughData() throws {
        // The list alone, without prefixes: nothing to compare it with.
        let bare = try mismatchOutcome(cleanMembers, Seen(), peeringDB: nil, prefixes: false)
        #expect(bare.symptom?.verdict == .notEnoughData)
        #expect(bare.symptom?.evidence["checks_not_enough_data"]?.value
                == .list(["listed_not_seen", "seen_not_listed", "addresses", "rs_peer", "port_speed", "peeringdb"]))
        #expect(bare.findings.isEmpty)
        // With the export's prefixes only the address check runs, and the evidence says so.
        let addresses = try mismatchOutcome(cleanMembers, Seen(), peeringDB: nil)
        #expect(addresses.symptom?.verdict == .ok)
        #expect(addresses.symptom?.evidence["checks_run"]?.value == .list(["addresses"]))
        // No member list at all.
        let none = MemberDataMismatchRule().evaluate(DetectionContext(now: now, store: try store(cleanSeen)))
        #expect(none.symptom?.verdict == .notEnoughData)
    }

    @Test func theExampleExchangesExportAgainstItsPeeringDBRecords() throws {
        // This project's own fixtures: an IXP-Manager-style export and PeeringDB's netixlan of the same exchange.
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ixf")
        let members = try IXFMemberListParser.parse(contentsOf: directory.appendingPathComponent("exix.ixpmanager.1.0.json").path)
        let pdb = try PeeringDBParser.parse(contentsOf: directory.appendingPathComponent("exix.peeringdb.json").path)
        #expect(members.peeringLANPrefixes.map(\.description) == ["192.0.2.0/24", "2001:db8:100::/64"])
        // The stored last good list keeps them.
        let stored = try JSONDecoder().decode(MemberRegistry.self, from: JSONEncoder().encode(members))
        #expect(stored.peeringLANPrefixes == members.peeringLANPrefixes)
        let outcome = MemberDataMismatchRule().evaluate(DetectionContext(
            now: now, store: try store(Seen()), members: members, peeringDB: pdb))
        let symptom = try #require(outcome.symptom)
        print("exix: \(symptom.summary)\n\(String(describing: symptom.evidence["mismatch_list"]?.value))")
        #expect(symptom.evidence["checks_run"]?.value == .list(["addresses", "peeringdb"]))
        // PeeringDB still lists AS64502, whose only connection the export marks inactive, and
        // AS64505, which the export does not name; AS64503 and AS64504 are missing from
        // PeeringDB. AS64511's record is on another exchange's LAN (ixlan 7777) and AS64510's is
        // deleted: neither is this exchange's.
        #expect(symptom.evidence["mismatch_list"]?.value == .list([
            "Gamma Telecom (AS64502): peeringdb_only", "Delta Cloud (AS64503): ixf_only",
            "Epsilon ISP (AS64504): ixf_only", "AS64505: peeringdb_only",
        ]))
        #expect(symptom.verdict == .warning)
    }

    @Test func portUpgradesAreNoMemberDataMismatch() throws {
        // Eight members moved to new 100G ports; their old 10G ports are shut (admin down, or
        // left admin up but down) and keep their alias: the list (100G) matches the ports in use.
        for adminDown in [true, false] {
            let scenario = ExchangeScenario.portUpgrade(oldPortsAdminDown: adminDown)
            let backtest = try Backtest(scenario)
            backtest.advance(to: scenario.end)
            let symptom = try #require(MemberDataMismatchRule().evaluate(backtest.context(at: scenario.end)).symptom)
            #expect(symptom.evidence["port_speed"] == nil, "\(symptom.summary)")
            #expect(symptom.verdict == .ok, "\(symptom.summary)")
            #expect(symptom.evidence["checks_run"]?.value == .list(["addresses", "port_speed"]))
        }
    }

    @Test func thePeeringLANPrefixesTellAddressesInsideFromOutside() throws {
        let v4 = try #require(PeeringLANPrefix(address: "192.0.2.0", length: 24))
        #expect(v4.contains("192.0.2.255") && !v4.contains("192.0.3.0") && !v4.contains("2001:db8::1"))
        let v6 = try #require(PeeringLANPrefix(address: "2001:db8:100::", length: 64))
        #expect(v6.contains("2001:db8:100::ffff") && !v6.contains("2001:db8:100:1::1") && !v6.contains("192.0.2.1"))
        let odd = try #require(PeeringLANPrefix(address: "198.18.0.0", length: 15))
        #expect(odd.contains("198.19.255.1") && !odd.contains("198.20.0.1"))
        #expect(PeeringLANPrefix(address: "192.0.2.0", length: 33) == nil)
        #expect(PeeringLANPrefix(address: "not an address", length: 24) == nil)
    }

    // MARK: - remote_growth

    /// Three local founders and three members who joined 100 days ago, with these round trips (ms).
    func growthOutcome(joiners: [Double]) throws -> RuleOutcome {
        var members = [Listed(asn: 64500, ipv4: "192.0.2.10"), Listed(asn: 64501, ipv4: "192.0.2.11"), Listed(asn: 64502, ipv4: "192.0.2.12")]
        var seen = Seen()
        for asn in [UInt32(64500), 64501, 64502] { seen.roundTrips[asn] = 0.0006 }
        let joined = NumberWording.isoDate(now - 100 * day) + "T00:00:00Z"
        for (index, roundTrip) in joiners.enumerated() {
            let asn = UInt32(64510 + index)
            members.append(Listed(asn: asn, ipv4: "192.0.2.\(20 + index)", since: joined))
            seen.roundTrips[asn] = roundTrip / 1_000
        }
        return RemoteGrowthRule().evaluate(DetectionContext(now: now, store: try store(seen), members: try memberList(members)))
    }

    @Test func aYearOfRemoteJoinsIsWeakGrowthInTheReportOnly() throws {
        let outcome = try growthOutcome(joiners: [25, 40, 12])
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok)  // report only: never a problem
        #expect(symptom.message.key == "remote_growth.weak")
        #expect(symptom.summary.hasPrefix("Of the 3 members who joined this year, 3 are remote (over 10 ms)"), "\(symptom.summary)")
        #expect(symptom.summary.contains("weak growth"))
        #expect(symptom.evidence["remote_joins"]?.number == 3)
        #expect(symptom.evidence["local_joins"]?.number == 0)
        #expect(symptom.evidence["local_members"]?.number == 3)
        #expect(outcome.findings.isEmpty)  // no finding: no mail
        let french = Wording.render(symptom.message, in: .french)
        #expect(french.contains("croissance fragile"), "\(french)")
        print("remote_growth: \(symptom.summary)\n  fr: \(french)")
    }

    @Test func aLocalJoinAmongRemoteOnesIsNotWeakGrowth() throws {
        // 1.9 ms is just under the 2 ms that makes a member local; 10 ms is not over 10 ms.
        let outcome = try growthOutcome(joiners: [25, 1.9, 10])
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok)
        #expect(symptom.message.key == "remote_growth.ok")
        #expect(symptom.evidence["remote_joins"]?.number == 1)
        #expect(symptom.evidence["local_joins"]?.number == 1)
        #expect(symptom.evidence["unclassed_joins"]?.number == 1)
        #expect(outcome.findings.isEmpty)
    }

    @Test func withoutPingsRemoteGrowthIsNotEnoughData() throws {
        let members = try memberList(cleanMembers)
        let outcome = RemoteGrowthRule().evaluate(DetectionContext(now: now, store: try store(cleanSeen), members: members))
        #expect(outcome.symptom?.verdict == .notEnoughData)
        #expect(outcome.symptom?.message.key == "remote_growth.not_enough_data")
        #expect(outcome.findings.isEmpty)
    }

    @Test func aConfiguredSeverityDoesNotMakeRemoteGrowthAlert() throws {
        var configuration = DetectionConfiguration()
        configuration.rules[.remoteGrowth] = RuleSettings(severity: .critical)
        var members = cleanMembers
        members.append(Listed(asn: 64510, ipv4: "192.0.2.30", since: NumberWording.isoDate(now - 10 * day) + "T00:00:00Z"))
        var seen = Seen()
        seen.roundTrips = [64500: 0.0005, 64510: 0.030]
        let outcome = RemoteGrowthRule().evaluate(DetectionContext(
            now: now, store: try store(seen), configuration: configuration, members: try memberList(members)))
        #expect(outcome.symptom?.verdict == .ok)
        #expect(outcome.symptom?.message.key == "remote_growth.weak")
        #expect(outcome.findings.isEmpty)
    }
}
