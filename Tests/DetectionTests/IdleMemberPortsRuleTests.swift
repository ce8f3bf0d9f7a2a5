import Foundation
import SyntheticExchange
import Testing
import TimeSeries
@testable import Detection
import IXPCore

/// `idle_member_ports` judged per member connection: admin-down ports are not counted, and a
/// member is idle only when its total is.
@Suite struct IdleMemberPortsRuleTests {
    let now = 1_800_000_000.0
    let tenGig = 1.25e9

    /// One port of the hand-made history: its member, speed, traffic (bytes/s) and admin status.
    struct Port {
        var interface: String
        var asn: UInt32
        var speed = 1.25e9
        var traffic: Double
        var adminUp = true
    }

    /// An hourly store with 31 days of `ports`, constant traffic in both directions.
    func context(_ ports: [Port]) throws -> DetectionContext {
        let now = self.now
        var configuration = StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 3_600))
        configuration.staleAfter = 3 * 3_600
        let store = try TimeSeriesStore(configuration: configuration, directory: nil, clock: { now })
        for hour in 0..<(31 * 24) {
            let time = now - Double(31 * 24 - hour) * 3_600
            var samples: [Sample] = []
            for port in ports {
                let labels = ["switch": "sw1", "interface": port.interface, "member_asn": String(port.asn)]
                func add(_ name: String, _ value: Double) { samples.append(Sample(key: SeriesKey(name: name, labels: labels), timestamp: time, value: value)) }
                add(StoreSeries.receiveBytes, port.traffic)
                add(StoreSeries.transmitBytes, port.traffic / 2)
                add(StoreSeries.up, port.adminUp ? 1 : 0)
                add(StoreSeries.adminUp, port.adminUp ? 1 : 0)
                add(StoreSeries.speed, port.speed)
            }
            store.append(samples)
        }
        return DetectionContext(now: now, store: store)
    }

    func symptom(_ ports: [Port]) throws -> Symptom {
        try #require(IdleMemberPortsRule().evaluate(try context(ports)).symptom)
    }

    func number(_ symptom: Symptom, _ name: String) -> Double? {
        symptom.evidence.items.first { $0.name == name }?.number
    }

    @Test func aMemberThatStoppedUsingItsOnlyPortIsIdle() throws {
        let symptom = try symptom([Port(interface: "Et1", asn: 64500, traffic: 1e8), Port(interface: "Et2", asn: 64501, traffic: 1e8),
                                   Port(interface: "Et3", asn: 64502, traffic: 1e5)])
        #expect(symptom.verdict == .warning, "\(symptom.summary)")
        #expect(number(symptom, "idle_ports") == 1)
        #expect(number(symptom, "member_ports") == 3)
        #expect(symptom.evidence.items.first { $0.name == "ports" }?.value == .list(["sw1 Et3"]))
    }

    @Test func aLAGMemberWithOneQuietLinkAndOneBusyLinkIsNotIdle() throws {
        let symptom = try symptom([Port(interface: "Et1", asn: 64500, traffic: 3e8), Port(interface: "Et2", asn: 64500, traffic: 1e4),
                                   Port(interface: "Et3", asn: 64501, traffic: 1e8)])
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(number(symptom, "idle_ports") == 0)
        #expect(number(symptom, "member_ports") == 3)
        #expect(number(symptom, "quiet_ports_of_active_members") == 1)
    }

    @Test func aMemberWhoseTrafficMovedToItsNewPortIsNotIdle() throws {
        // The old 10G port left admin up but quiet; the new 100G port carries the member's traffic.
        let symptom = try symptom([Port(interface: "Et1", asn: 64500, traffic: 0),
                                   Port(interface: "Et9", asn: 64500, speed: 1.25e10, traffic: 8e8),
                                   Port(interface: "Et2", asn: 64501, traffic: 1e8)])
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(number(symptom, "idle_ports") == 0)
    }

    @Test func aMemberWhoseEveryPortIsQuietIsIdleOnEachPort() throws {
        let symptom = try symptom([Port(interface: "Et1", asn: 64500, traffic: 1e4), Port(interface: "Et2", asn: 64500, traffic: 1e4),
                                   Port(interface: "Et3", asn: 64501, traffic: 1e8)])
        #expect(symptom.verdict == .warning, "\(symptom.summary)")
        #expect(number(symptom, "idle_ports") == 2)
    }

    @Test func anAdminDownPortIsNotCountedAndTheEvidenceSaysSo() throws {
        let symptom = try symptom([Port(interface: "Et1", asn: 64500, traffic: 1e8), Port(interface: "Et2", asn: 64501, traffic: 1e8),
                                   Port(interface: "Et3", asn: 64502, traffic: 0, adminUp: false)])
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(number(symptom, "idle_ports") == 0)
        #expect(number(symptom, "member_ports") == 2)
        #expect(number(symptom, "admin_down_ports") == 1)
        #expect(symptom.message.key == "idle_member_ports.ok.admin_down")
    }

    @Test func aPortUpgradeIsNotIdleness() throws {
        for adminDown in [true, false] {
            let scenario = ExchangeScenario.portUpgrade(oldPortsAdminDown: adminDown)
            let backtest = try Backtest(scenario)
            let step = backtest.evaluate(at: scenario.end)
            let context = backtest.context(at: scenario.end)
            let symptom = try #require(IdleMemberPortsRule().evaluate(context).symptom)
            print("portUpgrade (old ports admin \(adminDown ? "down" : "up")): \(symptom.verdict): \(symptom.summary)")
            #expect(step.symptoms[.idleMemberPorts] == .ok, "\(symptom.summary)")
            #expect(number(symptom, "idle_ports") == 0)
            if adminDown {
                #expect(number(symptom, "admin_down_ports") == 8)
                #expect(number(symptom, "member_ports") == 24)
            } else {
                #expect(number(symptom, "member_ports") == 32)
                #expect(number(symptom, "quiet_ports_of_active_members") == 8)
            }
        }
    }
}
