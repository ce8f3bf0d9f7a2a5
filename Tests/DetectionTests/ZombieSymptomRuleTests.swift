import Foundation
import IXPCore
import Members
import SyntheticExchange
import Testing
import TimeSeries
@testable import Detection

/// The zombie symptoms no backtest raises (`below_ixp_floor`, `outgrown_ports`,
/// `ghost_members`, `stale_member_data`) and `departed_member_port_up`, each on a small history
/// where it fires and on a near miss, just inside its threshold, where it stays quiet.
@Suite struct ZombieSymptomRuleTests {
    let now = 1_800_000_000.0
    let day = 86_400.0
    let tenGig = 1.25e9

    /// A store with `ports` (interface → member ASN) sampled every `step` seconds over the last
    /// `days`, each receiving `traffic(interface)` bytes/s (half that transmitted), on 10G ports.
    func store(ports: [String: UInt32], days: Double, step: Int = 3_600,
               traffic: (String) -> Double, up: (String) -> Double = { _ in 1 }) throws -> TimeSeriesStore {
        let now = self.now
        var configuration = StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: step))
        configuration.staleAfter = 3 * Double(step)
        let store = try TimeSeriesStore(configuration: configuration, directory: nil, clock: { now })
        var time = now - days * day
        while time <= now - Double(step) {
            var samples: [Sample] = []
            for (interface, asn) in ports {
                let labels = ["switch": "sw1", "interface": interface, "member_asn": String(asn)]
                func add(_ name: String, _ value: Double) { samples.append(Sample(key: SeriesKey(name: name, labels: labels), timestamp: time, value: value)) }
                add(StoreSeries.receiveBytes, traffic(interface))
                add(StoreSeries.transmitBytes, traffic(interface) / 2)
                add(StoreSeries.up, up(interface))
                add(StoreSeries.adminUp, 1)
                add(StoreSeries.speed, tenGig)
            }
            store.append(samples)
            time += Double(step)
        }
        return store
    }

    /// An IX-F member list of `members` (ASN → name), each a peering member since 2020 with one active 10G connection.
    func memberList(_ members: [(UInt32, String)], timestamp: String = "2027-01-15T00:00:00Z") throws -> MemberRegistry {
        let entries = members.map { asn, name in
            """
            {"asnum": \(asn), "name": "\(name)", "member_type": "peering", "member_since": "2020-01-01T00:00:00Z",
             "connection_list": [{"state": "active", "if_list": [{"switch_id": 1, "if_speed": 10000}]}]}
            """
        }
        let list = """
            {"version": "1.0", "timestamp": "\(timestamp)", "member_list": [\(entries.joined(separator: ",\n"))]}
            """
        return try IXFMemberListParser.parse(Data(list.utf8), source: "test")
    }

    // MARK: - below_ixp_floor

    /// Two members at 40 kbit/s and a third at `third` bit/s, received, over the last day.
    func floorOutcome(third bitsPerSecond: Double) throws -> RuleOutcome {
        let store = try store(ports: ["Et1": 64500, "Et2": 64501, "Et3": 64502], days: 2) { interface in
            interface == "Et3" ? bitsPerSecond / 8 : 5_000
        }
        return BelowIXPFloorRule().evaluate(DetectionContext(now: now, store: store))
    }

    @Test func twoActiveMembersAreBelowTheFloorAndCritical() throws {
        // The third member sends 9.6 kbit/s: under the 10 kbit/s that makes a member active.
        let outcome = try floorOutcome(third: 9_600)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .critical)
        #expect(symptom.evidence["active_members"]?.number == 2)
        #expect(symptom.evidence["floor"]?.number == 3)
        #expect(symptom.evidence["minimum_traffic"]?.number == 10_000)
        #expect(symptom.evidence["known_fraction"]?.number.map { $0 >= 0.8 } == true)
        #expect(symptom.evidence["active_asns"]?.value == .list(["AS64500", "AS64501"]))
        #expect(outcome.findings.map(\.rule) == [.belowIXPFloor])
        #expect(outcome.findings.first?.severity == .critical)
    }

    @Test func threeActiveMembersJustOverTheMinimumAreNotBelowTheFloor() throws {
        let outcome = try floorOutcome(third: 10_400)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok)
        #expect(symptom.evidence["active_members"]?.number == 3)
        #expect(outcome.findings.isEmpty)
    }

    // MARK: - outgrown_ports

    /// Two member ports over eight days of 5-minute samples: Et1 at `fraction` of its 10G, Et2 at 10 %.
    func outgrownOutcome(fraction: Double) throws -> RuleOutcome {
        let store = try store(ports: ["Et1": 64500, "Et2": 64501], days: 8, step: 300) { interface in
            interface == "Et1" ? fraction * tenGig : 0.1 * tenGig
        }
        return OutgrownPortsRule().evaluate(DetectionContext(now: now, store: store))
    }

    @Test func aPortWhose95thPercentileIsOver80PercentHasOutgrownIt() throws {
        let outcome = try outgrownOutcome(fraction: 0.81)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning)
        #expect(symptom.evidence["outgrown_ports"]?.number == 1)
        #expect(symptom.evidence["member_ports"]?.number == 2)
        #expect(symptom.evidence["threshold"]?.number == 0.8)
        #expect(symptom.evidence["ports"]?.value == .list(["sw1 Et1"]))
        #expect(symptom.summary.contains("81"), "\(symptom.summary)")
        #expect(outcome.findings.map(\.rule) == [.outgrownPorts])
    }

    @Test func aPortJustUnder80PercentHasNotOutgrownIt() throws {
        let outcome = try outgrownOutcome(fraction: 0.79)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok)
        #expect(symptom.evidence["outgrown_ports"]?.number == 0)
        #expect(symptom.evidence["member_ports"]?.number == 2)
        #expect(outcome.findings.isEmpty)
    }

    // MARK: - ghost_members

    /// Alpha carries 100 Mbit/s; Beta's port carries `beta` bit/s for 31 days; with `betaFrames`,
    /// a capture saw that many frames from Beta's MACs (and plenty from Alpha's) over the last day.
    func ghostOutcome(beta bitsPerSecond: Double, betaFrames: Double? = nil) throws -> RuleOutcome {
        let store = try store(ports: ["Et1": 64500, "Et2": 64501], days: 31) { interface in
            interface == "Et2" ? bitsPerSecond / 8 : 1.25e7
        }
        if let betaFrames {
            for hour in 0..<24 {
                let time = now - Double(24 - hour) * 3_600
                store.append([(UInt32(64500), 1_000.0), (64501, hour == 12 ? betaFrames : 0)].map { asn, frames in
                    Sample(key: SeriesKey(name: StoreSeries.memberFrames, labels: ["member_asn": String(asn)]), timestamp: time, value: frames)
                })
            }
        }
        let members = try memberList([(64500, "Alpha"), (64501, "Beta")])
        return GhostMembersRule().evaluate(DetectionContext(now: now, store: store, members: members))
    }

    @Test func aListedMemberWhosePortCarriedNothingFor30DaysIsAGhost() throws {
        let outcome = try ghostOutcome(beta: 800)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning)
        #expect(symptom.evidence["ghosts"]?.number == 1)
        #expect(symptom.evidence["members_judged"]?.number == 2)
        #expect(symptom.evidence["capture"]?.value == .text("none"))
        #expect(symptom.evidence["members"]?.value == .list(["Beta (AS64501)"]))
        // One exchange finding, and one about the member so mail can reach its contact.
        #expect(outcome.findings.map(\.subject) == [.exchange, .member(asn: 64501)])
        #expect(outcome.findings.allSatisfy { $0.rule == .ghostMembers && $0.severity == .warning })
    }

    @Test func aMemberJustOverTheMinimumTrafficIsNotAGhost() throws {
        let outcome = try ghostOutcome(beta: 1_040)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok)
        #expect(symptom.evidence["ghosts"]?.number == 0)
        #expect(symptom.evidence["members_judged"]?.number == 2)
        #expect(outcome.findings.isEmpty)
    }

    @Test func aSilentPortWhoseMemberTheCaptureNeverSawIsAGhostAndOneItSawIsNot() throws {
        let ghost = try ghostOutcome(beta: 0, betaFrames: 0)
        #expect(ghost.symptom?.verdict == .warning)
        #expect(ghost.symptom?.evidence["capture"]?.value == .text("yes"))
        #expect(ghost.symptom?.evidence["members"]?.value == .list(["Beta (AS64501)"]))
        // The same silent port, but five frames from Beta's MAC on the LAN: alive, not a ghost.
        let seen = try ghostOutcome(beta: 0, betaFrames: 5)
        #expect(seen.symptom?.verdict == .ok)
        #expect(seen.symptom?.evidence["ghosts"]?.number == 0)
        #expect(seen.findings.isEmpty)
    }

    // MARK: - stale_member_data

    /// The stale-data verdict of a synthetic exchange's backtest, `offset` seconds after its
    /// last monthly IX-F export, with the export's own timestamp kept.
    func staleOutcome(after offset: Double) throws -> (outcome: RuleOutcome, exported: Double) {
        let scenario = ExchangeScenario.tooLittleHistory()
        let backtest = try Backtest(scenario)
        backtest.keepsExportTimestamp = true
        let exported = try #require(IXFExportWriter().exportTimes(for: scenario).last)
        let time = exported + offset
        backtest.advance(to: time)
        return (StaleMemberDataRule().evaluate(backtest.context(at: time)), exported)
    }

    @Test func anExportOlderThanSevenDaysIsStale() throws {
        let (outcome, exported) = try staleOutcome(after: 7 * day + 3_600)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning)
        #expect(symptom.evidence["exported"]?.number == exported)
        #expect(symptom.evidence["age"]?.number == 7 * day + 3_600)
        #expect(symptom.evidence["listed_members"]?.number.map { $0 > 0 } == true)
        #expect(outcome.findings.map(\.rule) == [.staleMemberData])
    }

    @Test func anExportJustUnderSevenDaysOldIsNotStale() throws {
        let (outcome, _) = try staleOutcome(after: 7 * day - 3_600)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok)
        #expect(symptom.evidence["age"]?.number == 7 * day - 3_600)
        #expect(outcome.findings.isEmpty)
    }

    @Test func theBacktestStampsTheListAsFetchedUnlessAsked() throws {
        let scenario = ExchangeScenario.tooLittleHistory()
        let backtest = try Backtest(scenario)
        let time = try #require(IXFExportWriter().exportTimes(for: scenario).last) + 8 * day
        let outcome = StaleMemberDataRule().evaluate(backtest.context(at: time))
        #expect(outcome.symptom?.verdict == .ok)
        #expect(outcome.symptom?.evidence["age"]?.number == 0)
    }

    /// A fresh IX-F list of 50 active members against PeeringDB listing `networks` networks at the exchange.
    func peeringDBOutcome(networks: Int) throws -> RuleOutcome {
        let members = try memberList((0..<50).map { (UInt32(64500 + $0), "Member \($0)") }, timestamp: IXFExportWriter.isoDate(now - 3_600))
        let records = (0..<networks).map { #"{"asn": \#(65000 + $0), "ix_id": 1, "ixlan_id": 1, "status": "ok"}"# }
        let peeringDB = try PeeringDBParser.parse(Data(#"{"data": [\#(records.joined(separator: ","))]}"#.utf8))
        let store = try store(ports: [:], days: 0) { _ in 0 }
        return StaleMemberDataRule().evaluate(DetectionContext(now: now, store: store, members: members, peeringDB: peeringDB))
    }

    @Test func peeringDBListingAFifthMoreNetworksThanTheExchangeIsStale() throws {
        let outcome = try peeringDBOutcome(networks: 61)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning)
        #expect(symptom.message.key == "stale_member_data.peeringdb")
        #expect(symptom.evidence["listed_members"]?.number == 50)
        #expect(symptom.evidence["peeringdb_networks"]?.number == 61)
        #expect(symptom.evidence["difference"]?.number.map { abs($0 - 0.22) < 1e-12 } == true)
        #expect(symptom.evidence["age"]?.number == 3_600)
    }

    @Test func peeringDBJustUnderAFifthApartIsNotStale() throws {
        let outcome = try peeringDBOutcome(networks: 59)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok)
        #expect(symptom.evidence["difference"]?.number.map { abs($0 - 0.18) < 1e-12 } == true)
        #expect(outcome.findings.isEmpty)
    }

    // MARK: - departed_member_port_up

    @Test func aDepartedMembersPortStillUpIsAFindingAndOneThatIsDownIsNot() throws {
        // Alpha, Beta and Gamma were listed a month ago; today only Alpha is. Beta's port is
        // still up; Gamma's is down (the near miss: departed, but its port is not up).
        let store = try store(ports: ["Et1": 64500, "Et2": 64501, "Et3": 64502], days: 1, traffic: { _ in 1e6 },
                              up: { $0 == "Et3" ? 0 : 1 })
        let before = try memberList([(64500, "Alpha"), (64501, "Beta"), (64502, "Gamma")], timestamp: "2026-12-15T00:00:00Z")
        let after = try memberList([(64500, "Alpha")])
        let history = MembershipHistory.build(from: [(at: now - 31 * day, registry: before), (at: now - day, registry: after)])
        let found = PortAuditRule().evaluate(DetectionContext(now: now, store: store, members: after, membership: history)).findings
        let departed = found.filter { $0.rule == .departedMemberPortUp }
        #expect(departed.map(\.subject) == [.port(switch: "sw1", interface: "Et2")])
        #expect(departed.first?.severity == .warning)
        #expect(departed.first?.evidence["asn"]?.value == .text("AS64501"))
        #expect(departed.first?.evidence["oper_status"]?.value == .text("up"))
        // A departed member is not an unknown ASN, whatever its port's state.
        #expect(!found.contains { $0.rule == .unknownPortASN })
        #expect(found.count == 1)
    }
}
