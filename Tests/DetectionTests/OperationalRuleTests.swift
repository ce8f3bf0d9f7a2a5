import Foundation
import Members
import Testing
import TimeSeries
@testable import Detection
import IXPCore

/// The operational rules on small, hand-made histories: one minute-polled switch, a few ports.
@Suite struct OperationalRuleTests {
    let now = 1_800_000_000.0
    let tenGig = 1.25e9

    /// A store with `ports` (interface → member ASN), each polled every minute for `minutes`,
    /// with `traffic(port, minute)` bytes/s in both directions and up/admin status.
    func store(ports: [String: UInt32?], minutes: Int = 180, speed: Double = 1.25e9,
               traffic: (String, Int) -> Double = { _, _ in 1e8 },
               up: (String) -> Double = { _ in 1 }, admin: (String) -> Double = { _ in 1 },
               errors: (String, Int) -> Double = { _, _ in 0 }) throws -> TimeSeriesStore {
        let now = self.now
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        for minute in 0..<minutes {
            let time = now - Double(minutes - minute) * 60
            var samples: [Sample] = []
            for (interface, asn) in ports {
                let labels = ["switch": "sw1", "interface": interface, "member_asn": asn.map(String.init) ?? ""]
                func add(_ name: String, _ value: Double) { samples.append(Sample(key: SeriesKey(name: name, labels: labels), timestamp: time, value: value)) }
                add(StoreSeries.receiveBytes, traffic(interface, minute))
                add(StoreSeries.transmitBytes, traffic(interface, minute) / 2)
                add(StoreSeries.up, up(interface))
                add(StoreSeries.adminUp, admin(interface))
                add(StoreSeries.speed, speed)
                add("ixp_interface_receive_errors_per_second", errors(interface, minute))
            }
            store.append(samples)
        }
        return store
    }

    func findings(_ rule: any DetectionRule, _ context: DetectionContext) -> [FindingCandidate] {
        rule.evaluate(context).findings
    }

    @Test func aPortDownWhileAdminUpIsAFindingAndAMemberWithEveryPortDownIsOne() throws {
        let store = try store(ports: ["Et1": 64500, "Et2": 64501, "Et3": 64501, "Et4": 64502],
                              up: { $0 == "Et1" || $0 == "Et2" || $0 == "Et3" ? 0 : 1 }, admin: { $0 == "Et1" ? 0 : 1 })
        let found = findings(PortStatusRule(), DetectionContext(now: now, store: store))
        // Et1 is administratively down: not a fault. AS64501 has both ports down: one member finding explaining both.
        #expect(!found.contains { $0.subject == .port(switch: "sw1", interface: "Et1") })
        let member = try #require(found.first { $0.rule == .memberDown })
        #expect(member.subject == .member(asn: 64501))
        let ports = found.filter { $0.rule == .portDown }
        #expect(ports.count == 2)
        #expect(ports.allSatisfy { $0.explainedBy == member.id })
        // AS64500 (its only port admin down) and AS64502 (its port up) are not down.
        #expect(found.filter { $0.rule == .memberDown }.map(\.subject) == [.member(asn: 64501)])
    }

    @Test func aPortAt90PercentForFifteenMinutesIsHighUtilisation() throws {
        let store = try store(ports: ["Et1": 64500, "Et2": 64501], traffic: { port, _ in port == "Et1" ? 0.9 * 1.25e9 : 1e8 })
        let found = findings(HighUtilisationRule(), DetectionContext(now: now, store: store))
        #expect(found.map(\.subject) == [.port(switch: "sw1", interface: "Et1")])
        #expect(found.first?.evidence["utilisation"]?.number.map { abs($0 - 0.9) < 0.01 } == true)
    }

    @Test func errorsRisingOverTheDayBeforeAreAFindingAndASteadyRateIsNot() throws {
        let store = try store(ports: ["Et1": 64500, "Et2": 64501], minutes: 26 * 60, errors: { port, minute in
            switch port {
            case "Et1": minute >= 25 * 60 ? 5 : 0.1  // jumps in the last hour
            default: 5  // always 5/s: a known, steady rate
            }
        })
        let found = findings(PortErrorsRule(), DetectionContext(now: now, store: store))
        #expect(found.map(\.subject) == [.port(switch: "sw1", interface: "Et1")])
    }

    @Test func aFailingProbeAndAStaleOneAreFindingsAndTheFailingSwitchIsTheSubject() throws {
        let store = try store(ports: ["Et1": 64500], minutes: 5)
        let probes = [
            ProbeStatus(identity: ProbeIdentity(kind: "snmp_interfaces", name: "sw1"), interval: 60, device: .wholeSwitch("sw1"),
                        lastSuccess: false, lastSuccessTime: now - 600, lastError: "timeout", failingSince: now - 540, lastRunTime: now - 30),
            ProbeStatus(identity: ProbeIdentity(kind: "snmp_interfaces", name: "sw2"), interval: 60, device: .wholeSwitch("sw2"),
                        lastSuccess: true, lastSuccessTime: now - 400, lastRunTime: now - 400),
            ProbeStatus(identity: ProbeIdentity(kind: "snmp_interfaces", name: "sw3"), interval: 60, device: .wholeSwitch("sw3"),
                        lastSuccess: true, lastSuccessTime: now - 30, lastRunTime: now - 30),
        ]
        let found = findings(ProbeHealthRule(), DetectionContext(now: now, store: store, probes: probes))
        #expect(found.contains { $0.rule == .probeFailing && $0.subject == .switch("sw1") })
        #expect(found.contains { $0.rule == .probeStale && $0.subject == .probe("snmp_interfaces/sw2") })
        #expect(found.count == 2)
    }

    @Test func aLANViolationNamesTheMACAndItsMemberAndCaptureDropsAreAFinding() throws {
        let store = try store(ports: ["Et1": 64500], minutes: 5)
        let lan = LANObservations(interface: "eth1", time: now, receivedFrames: 10_000, droppedFrames: 500, violations: [
            .init(rule: "stp", severity: .critical, mac: "00:11:22:33:44:55", frames: 30, memberASN: 64500, example: "STP BPDU root 8000.…"),
            .init(rule: "ipv6_ra", severity: .warning, mac: "00:11:22:33:44:55", frames: 2, memberASN: 64500, example: nil),
        ])
        let context = DetectionContext(now: now, store: store, lan: lan)
        let violations = findings(LANViolationRule(), context)
        #expect(violations.count == 1)
        let finding = try #require(violations.first)
        #expect(finding.subject == .mac("00:11:22:33:44:55"))
        #expect(finding.severity == .critical)
        #expect(finding.labels["member_asn"] == "64500")
        #expect(finding.evidence["first_frame"] != nil)
        #expect(findings(ProbeHealthRule(), context).contains { $0.rule == .captureDrops })
    }

    @Test func captureDropsFromATenthOfAPercentAreAFindingAndACleanCaptureIsQuiet() throws {
        let store = try store(ports: ["Et1": 64500], minutes: 5)
        func drops(received: Double, dropped: Double) -> [FindingCandidate] {
            let lan = LANObservations(interface: "eth1", time: now, receivedFrames: received, droppedFrames: dropped, violations: [])
            let context = DetectionContext(now: now, store: store, lan: lan)
            #expect(findings(LANViolationRule(), context).isEmpty, "frames without a violation are no lan_violation")
            return findings(ProbeHealthRule(), context).filter { $0.rule == .captureDrops }
        }
        // 110 of 100,000 frames dropped: 0.11 %, over the 0.1 % threshold.
        let found = try #require(drops(received: 99_890, dropped: 110).first)
        #expect(found.subject == .probe("peering_lan/eth1"))
        #expect(found.severity == .warning)
        #expect(found.evidence["dropped_frames"]?.number == 110)
        #expect(found.evidence["drop_fraction"]?.number.map { abs($0 - 0.0011) < 1e-12 } == true)
        // 90 of 100,000: 0.09 %, just under it.
        #expect(drops(received: 99_910, dropped: 90).isEmpty)
    }

    @Test func aMemberListThatCannotBeLoadedIsAFindingUntilItLoadsAgain() throws {
        let store = try store(ports: ["Et1": 64500], minutes: 5)
        let failing = MemberListStatus(source: "https://ixp.example/ixf.json", lastSuccess: now - 7_200, lastError: "HTTP 503",
                                       failingSince: now - 3_600)
        let found = findings(MemberListStatusRule(), DetectionContext(now: now, store: store, memberListStatus: failing))
        let finding = try #require(found.first)
        #expect(found.count == 1)
        #expect(finding.rule == .memberListUnavailable && finding.subject == .exchange && finding.severity == .warning)
        #expect(finding.evidence["error"]?.value == .text("HTTP 503"))
        #expect(finding.evidence["source"]?.value == .text("https://ixp.example/ixf.json"))
        #expect(finding.evidence["failing_since"]?.number == now - 3_600)
        #expect(finding.evidence["last_success"]?.number == now - 7_200)
        // Loaded again: no error, no finding.
        let loaded = MemberListStatus(source: "https://ixp.example/ixf.json", lastSuccess: now - 60, lastError: nil, failingSince: nil)
        #expect(findings(MemberListStatusRule(), DetectionContext(now: now, store: store, memberListStatus: loaded)).isEmpty)
    }

    @Test func theAuditComparesTheMemberListWithTheSwitch() throws {
        let store = try store(ports: ["Et1": 64500, "Et2": 64501, "Et3": 64999], admin: { $0 == "Et2" ? 0 : 1 })
        let list = """
            {"version": "1.0", "timestamp": "2027-01-15T00:00:00Z", "member_list": [
              {"asnum": 64500, "name": "Alpha", "member_type": "peering",
               "connection_list": [{"state": "active", "if_list": [{"switch_id": 1, "if_speed": 1000}]}]},
              {"asnum": 64501, "name": "Beta", "member_type": "peering",
               "connection_list": [{"state": "active", "if_list": [{"switch_id": 1, "if_speed": 10000}]}]}
            ]}
            """
        let registry = try IXFMemberListParser.parse(Data(list.utf8), source: "test")
        let found = findings(PortAuditRule(), DetectionContext(now: now, store: store, members: registry))
        // Alpha is listed at 1G but the switch says 10G; Beta's port is admin down; AS64999 is not a member.
        #expect(found.contains { $0.rule == .portSpeedMismatch && $0.subject == .port(switch: "sw1", interface: "Et1") })
        #expect(found.contains { $0.rule == .connectedPortAdminDown && $0.subject == .port(switch: "sw1", interface: "Et2") })
        #expect(found.contains { $0.rule == .unknownPortASN && $0.subject == .port(switch: "sw1", interface: "Et3") })
        #expect(found.count == 3)
    }

    @Test func trafficLeavingItsDailyPatternIsAnAnomalyAndTheModelLearnsIt() throws {
        // Five days of a smooth daily pattern on 5-minute steps, then traffic triples for the last hour.
        let day = 86_400.0
        let now = self.now
        let store = try TimeSeriesStore(configuration: StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 300)),
                                        directory: nil, clock: { now })
        let labels = ["switch": "sw1", "interface": "Et1", "member_asn": "64500"]
        var time = now - 5 * day
        while time < now {
            let phase = time.truncatingRemainder(dividingBy: day) / day * 2 * Double.pi
            // ±3 % of noise, deterministic.
            let noise = 1 + 0.03 * sin(time * 12.9898).truncatingRemainder(dividingBy: 1)
            var value = (5e8 + 3e8 * sin(phase)) * noise
            if time >= now - 3_600 { value *= 3 }
            store.append([Sample(key: SeriesKey(name: StoreSeries.receiveBytes, labels: labels), timestamp: time, value: value),
                          Sample(key: SeriesKey(name: StoreSeries.speed, labels: labels), timestamp: time, value: tenGig)])
            time += 300
        }
        let state = RuleStateBox()
        let quiet = findings(TrafficAnomalyRule(), DetectionContext(now: now - 2 * 3_600, store: store, ruleState: state))
        #expect(quiet.isEmpty)
        let found = findings(TrafficAnomalyRule(), DetectionContext(now: now, store: store, ruleState: state))
        #expect(found.map(\.subject) == [.port(switch: "sw1", interface: "Et1")])
        #expect(state.snapshot.count == 1)
    }
}
