import Foundation
import IXPCore
import InterfaceProbe
import ProbeKit
import SNMPClient
import SNMPClientTesting
import Testing
import TimeSeries

/// The switch's software, model and uptime as the IF-MIB probe writes them
/// (`ixp_switch_info`, `ixp_switch_uptime_seconds`): from the snmpsim recordings of real
/// Arista, Cisco and Huawei switches (`Tests/Fixtures/snmp`, BSD licence) served by an agent in
/// memory, and from a fake agent without ENTITY-MIB.
@Suite struct SwitchIdentityTests {
    static let target = SNMPTarget(host: "192.0.2.1", credentials: .v2c(community: "public"))

    /// The values of an snmpsim recording (`OID|type|value`; the types the recordings use).
    static func recording(_ name: String) throws -> [OID: SNMPValue] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/snmp/\(name).snmprec")
        var values: [OID: SNMPValue] = [:]
        func hex(_ text: Substring) -> [UInt8] {
            var bytes: [UInt8] = []
            var index = text.startIndex
            while index < text.endIndex, let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex) {
                if let byte = UInt8(text[index..<next], radix: 16) { bytes.append(byte) }
                index = next
            }
            return bytes
        }
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let oid = OID(String(parts[0])) else { continue }
            let text = parts[2]
            switch parts[1] {
            case "2": values[oid] = Int64(text).map { .integer($0) }
            case "4": values[oid] = .octets(Array(text.utf8))
            case "4x": values[oid] = .octets(hex(text))
            case "65": values[oid] = UInt32(text).map { .counter32($0) }
            case "66": values[oid] = UInt32(text).map { .gauge32($0) }
            case "67": values[oid] = UInt32(text).map { .timeticks($0) }
            case "70": values[oid] = UInt64(text).map { .counter64($0) }
            default: continue
            }
        }
        return values
    }

    /// One poll of `agent` as switch `sw1`.
    static func poll(_ agent: FakeSNMPAgent) async throws -> ProbeOutput {
        let probe = SNMPInterfaceProbe(configuration: SNMPInterfaceProbeConfiguration(switchName: "sw1", target: target), engine: agent)
        return try await probe.collect(at: 1_000)
    }

    static func info(_ output: ProbeOutput) -> (software: String?, model: String?)? {
        guard let key = output.samples.first(where: { $0.key.name == StoreSeries.switchInfo })?.key else { return nil }
        return (key[label: "software"], key[label: "model"])
    }

    static func uptime(_ output: ProbeOutput) -> Double? {
        output.samples.first { $0.key.name == StoreSeries.switchUptime && $0.key[label: "switch"] == "sw1" }?.value
    }

    /// The uptime is the larger of sysUpTime and snmpEngineTime: each recording's engine time
    /// (Arista 16,921,834 s, Cisco 38,969,873 s, Huawei 17,471,443 s) is a little ahead of its
    /// sysUpTime (16,921,773.7 s, 38,969,789.21 s, 17,470,829.7 s).
    @Test(arguments: [
        ("arista-dcs-7150s-52-cl", "4.20.5F", "DCS-7150S-52-CL", 16_921_834.0),
        ("cisco-c3750", "12.2(50)SE5", "WS-C3750G-12S-S", 38_969_873.0),
        // The Huawei's chassis gives its software but no model name.
        ("huawei-s5720", "Version 5.160 V200R007C00SPC500", "", 17_471_443.0),
    ])
    func theRecordedSwitchesSoftwareModelAndUptime(recording: String, software: String, model: String, seconds: Double) async throws {
        let output = try await Self.poll(FakeSNMPAgent(try Self.recording(recording)))
        let info = try #require(Self.info(output))
        #expect(info.software == software)
        #expect(info.model == model)
        #expect(output.samples.first { $0.key.name == StoreSeries.switchInfo }?.value == 1)
        #expect(Self.uptime(output) == seconds)
        let family = try #require(output.metrics.first { $0.name == StoreSeries.switchInfo })
        #expect(family.samples.first?.labels.contains { $0.name == "software" && $0.value == software } == true)
        #expect(output.metrics.contains { $0.name == StoreSeries.switchUptime })
    }

    @Test func withoutEntityMIBTheSoftwareIsSysDescrsFirstLine() async throws {
        let agent = FakeSNMPAgent([
            IFMIB.sysUpTime: .timeticks(100_000),
            IFMIB.sysDescr: .octets(Array("  Linux sw9 6.1.0 #1 SMP\r\nDebian 12\u{0}".utf8)),
            IFMIB.ifName.appending([7]): .octets(Array("Ethernet7".utf8)),
            IFMIB.ifOperStatus.appending([7]): .integer(1),
            IFMIB.ifHCInOctets.appending([7]): .counter64(1),
        ])
        let output = try await Self.poll(agent)
        let info = try #require(Self.info(output))
        #expect(info.software == "Linux sw9 6.1.0 #1 SMP")
        #expect(info.model == "")
        #expect(Self.uptime(output) == 1_000)
    }

    @Test func aSwitchThatSaysNothingOfItselfHasNoInfoAndThePollStillWorks() async throws {
        let agent = FakeSNMPAgent([
            IFMIB.ifName.appending([7]): .octets(Array("Ethernet7".utf8)),
            IFMIB.ifOperStatus.appending([7]): .integer(1),
            IFMIB.ifHCInOctets.appending([7]): .counter64(1),
        ])
        let output = try await Self.poll(agent)
        #expect(Self.info(output) == nil)
        #expect(Self.uptime(output) == nil)
        #expect(output.samples.contains { $0.key.name == StoreSeries.up })
    }

    @Test func anEngineTimePastSysUpTimesWrapIsTheUptime() async throws {
        // sysUpTime wraps after 497 days; snmpEngineTime says 800 days.
        let agent = FakeSNMPAgent([
            IFMIB.sysUpTime: .timeticks(100_000),
            IFMIB.snmpEngineTime: .integer(800 * 86_400),
            IFMIB.sysDescr: .octets(Array("Switch OS 1.0".utf8)),
            IFMIB.ifName.appending([7]): .octets(Array("Ethernet7".utf8)),
            IFMIB.ifOperStatus.appending([7]): .integer(1),
            IFMIB.ifHCInOctets.appending([7]): .counter64(1),
        ])
        #expect(Self.uptime(try await Self.poll(agent)) == 800 * 86_400)
    }
}
