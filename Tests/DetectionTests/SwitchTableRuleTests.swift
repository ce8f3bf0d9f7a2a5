import Foundation
import Testing
import TimeSeries
@testable import Detection
import IXPCore

/// The rules over what the declarative SNMP probes write: `optics_low_rx`,
/// `optics_rx_falling`, `lldp_neighbor_changed` and `switch_hot`. Each fires, stays quiet,
/// and resolves (through the finding tracker) when its condition clears.
@Suite struct SwitchTableRuleTests {
    let now = 1_800_000_000.0

    /// A store holding each of `samples` every minute for the `minutes` before `end`.
    func store(_ samples: [(String, [String: String], Double)], minutes: Int = 30, end: Double? = nil,
                into existing: TimeSeriesStore? = nil) throws -> TimeSeriesStore {
        let now = self.now
        let store = try existing ?? TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        let end = end ?? now
        for minute in 0..<minutes {
            let time = end - Double(minutes - minute) * 60
            store.append(samples.map { Sample(key: SeriesKey(name: $0.0, labels: $0.1), timestamp: time, value: $0.2) })
        }
        return store
    }

    func findings(_ rule: any DetectionRule, _ store: TimeSeriesStore, at time: Double? = nil) -> [FindingCandidate] {
        rule.evaluate(DetectionContext(now: time ?? now, store: store)).findings
    }

    /// Runs `candidates` through a tracker at `now` and then with none at `now + 60`: the
    /// finding must resolve.
    func resolves(_ candidates: [FindingCandidate], _ cleared: [FindingCandidate]) -> Bool {
        var tracker = FindingTracker()
        let configuration = DetectionConfiguration()
        tracker.update(candidates: candidates, now: now, configuration: configuration)
        guard !tracker.active.isEmpty else { return false }
        tracker.update(candidates: cleared, now: now + 60, configuration: configuration)
        return tracker.active.isEmpty && tracker.all.allSatisfy { $0.state == .resolved }
    }

    static let port = ["switch": "mx1", "interface": "xe-1/2/0", "member_asn": "64500", "sensor": "611"]
    static let otherPort = ["switch": "mx1", "interface": "xe-0/2/0", "member_asn": "64501", "sensor": "585"]

    @Test func lowReceivePowerBelowTheModulesAlarmIsCritical() throws {
        let store = try store([
            (StoreSeries.opticsRxPower, Self.port, -21.3),
            (StoreSeries.opticsRxLowAlarm, Self.port, -20.0),
            (StoreSeries.opticsRxLowWarning, Self.port, -18.0),
            (StoreSeries.opticsRxPower, Self.otherPort, -19.0),       // below its warning only
            (StoreSeries.opticsRxLowAlarm, Self.otherPort, -20.0),
            (StoreSeries.opticsRxLowWarning, Self.otherPort, -18.0),
        ])
        let found = findings(OpticsRule(), store)
        let low = found.filter { $0.rule == .opticsLowRx }
        #expect(low.count == 2)
        #expect(low.first { $0.subject == .port(switch: "mx1", interface: "xe-1/2/0") }?.severity == .critical)
        #expect(low.first { $0.subject == .port(switch: "mx1", interface: "xe-0/2/0") }?.severity == .warning)
        #expect(low.first?.labels["member_asn"] != nil)
        #expect(Wording.render(low[0].message, in: .english).contains("dBm"))
        #expect(Wording.render(low[0].message, in: .french).contains("reçoit"))
    }

    @Test func withoutThresholdsTheDefaultFloorApplies() throws {
        let arista = ["switch": "sw1", "interface": "Ethernet50", "member_asn": "", "sensor": "100350213"]
        let healthy = ["switch": "sw1", "interface": "Ethernet5", "member_asn": "", "sensor": "100305213"]
        let store = try store([(StoreSeries.opticsRxPower, arista, -33.98), (StoreSeries.opticsRxPower, healthy, -3.95)])
        let found = findings(OpticsRule(), store).filter { $0.rule == .opticsLowRx }
        #expect(found.map(\.subject) == [.port(switch: "sw1", interface: "Ethernet50")])
        #expect(found.first?.evidence.items.contains { $0.name == "threshold_source" } == true)
    }

    @Test func healthyLightIsQuietAndALowReadingResolvesWhenTheLightComesBack() throws {
        let low = try store([(StoreSeries.opticsRxPower, Self.port, -16)])
        let fired = findings(OpticsRule(), low).filter { $0.rule == .opticsLowRx }
        #expect(fired.count == 1)
        let fixed = try store([(StoreSeries.opticsRxPower, Self.port, -5)])
        let quiet = findings(OpticsRule(), fixed)
        #expect(quiet.isEmpty)
        #expect(resolves(fired, quiet))
    }

    @Test func receivePowerFallingMoreThanThreeDecibelsInAWeek() throws {
        let weekAgo = now - 7 * 86_400
        // A day at −4 dBm a week ago, then the last hour at −7.5 dBm.
        let store = try store([(StoreSeries.opticsRxPower, Self.port, -4)], minutes: 24 * 60, end: weekAgo + 86_400)
        _ = try self.store([(StoreSeries.opticsRxPower, Self.port, -7.5)], minutes: 60, into: store)
        let found = findings(OpticsRule(), store).filter { $0.rule == .opticsRxFalling }
        #expect(found.count == 1)
        #expect(found.first?.evidence.items.contains { $0.name == "rx_drop_db" } == true)
        #expect(findings(OpticsRule(), store).filter { $0.rule == .opticsLowRx }.isEmpty)

        // Only 2 dB lower: no finding; the earlier one resolves.
        let steady = try self.store([(StoreSeries.opticsRxPower, Self.port, -4)], minutes: 24 * 60, end: weekAgo + 86_400)
        _ = try self.store([(StoreSeries.opticsRxPower, Self.port, -6)], minutes: 60, into: steady)
        let quiet = findings(OpticsRule(), steady)
        #expect(quiet.isEmpty)
        #expect(resolves(found, quiet))
    }

    static let change = ["switch": "mx1", "interface": "xe-1/2/0", "member_asn": "64500",
                         "previous": "a8:d0:e5:f5:af:c0 xe-0/1/0 core-1", "current": "00:23:89:3c:2d:27 xe-0/1/0 core-2"]

    @Test func anLLDPNeighbourChangeOnAMemberPortIsAFindingForADay() throws {
        let store = try store([(StoreSeries.lldpNeighborChange, Self.change, now - 3_600)])
        let found = findings(LLDPNeighborChangedRule(), store)
        #expect(found.count == 1)
        #expect(found.first?.subject == .port(switch: "mx1", interface: "xe-1/2/0"))
        #expect(found.first?.evidence.items.contains { $0.name == "previous_neighbor" } == true)
        #expect(Wording.render(found[0].message, in: .english).contains("core-2"))
        #expect(Wording.render(found[0].message, in: .french).contains("voisin LLDP"))

        // A port without a member (a core link) is left out by default.
        var core = Self.change
        core["member_asn"] = ""
        #expect(findings(LLDPNeighborChangedRule(), try self.store([(StoreSeries.lldpNeighborChange, core, now - 3_600)])).isEmpty)

        // 25 hours after the change, it resolves.
        let old = try self.store([(StoreSeries.lldpNeighborChange, Self.change, now - 25 * 3_600)])
        let quiet = findings(LLDPNeighborChangedRule(), old)
        #expect(quiet.isEmpty)
        #expect(resolves(found, quiet))
    }

    static let board = ["switch": "sw1", "sensor": "100006001", "description": "Cpu temp sensor"]

    @Test func aHotSwitchSensorAboveItsOwnThresholdOrTheDefault() throws {
        let huawei = ["switch": "s5720", "sensor": "67108873", "description": "MPU Board 0"]
        let store = try store([
            (StoreSeries.switchTemperature, Self.board, 72),                // over the 70 °C default
            (StoreSeries.switchTemperature, huawei, 58),                    // over its own 56 °C
            (StoreSeries.switchTemperatureThreshold, huawei, 56),
        ])
        let found = findings(SwitchHotRule(), store)
        #expect(Set(found.map(\.subject)) == [.switch("sw1"), .switch("s5720")])
        #expect(found.first { $0.subject == .switch("s5720") }?.evidence.items.contains { $0.name == "threshold_source" } == true)
        #expect(Wording.render(found[0].message, in: .french).contains("chauffe"))
    }

    @Test func aCoolSwitchIsQuietAndAHotOneResolvesWhenItCools() throws {
        let hot = findings(SwitchHotRule(), try store([(StoreSeries.switchTemperature, Self.board, 75)]))
        #expect(hot.count == 1)
        let cool = findings(SwitchHotRule(), try store([(StoreSeries.switchTemperature, Self.board, 28.2)]))
        #expect(cool.isEmpty)
        #expect(resolves(hot, cool))
    }
}
