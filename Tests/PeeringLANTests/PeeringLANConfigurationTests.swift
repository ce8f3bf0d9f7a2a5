import Foundation
import IXPCore
import PacketCapture
import Testing
@testable import PeeringLAN

@Suite struct PeeringLANConfigurationTests {
    private func decode(_ json: String) throws -> PeeringLANConfiguration {
        try JSONDecoder().decode(PeeringLANConfiguration.self, from: Data(json.utf8))
    }

    @Test func missingKeysTakeTheDefaults() throws {
        let configuration = try decode(#"{"arp": {"storm_per_minute": 100}, "allowed_classes": ["lldp", "lacp"]}"#)
        #expect(configuration.arp.stormPerMinute == 100)
        #expect(configuration.arp.flooderPerSecond == 3)
        #expect(configuration.nd.stormPerMinute == 4_000)
        #expect(configuration.allows(.lldp) && configuration.allows(.lacp) && !configuration.allows(.stp))
        #expect(configuration.severity(of: .stp) == .critical)
        #expect(try decode("{}") == PeeringLANConfiguration())
    }

    @Test func severitiesCanBeOverridden() throws {
        let configuration = try decode(#"{"severities": {"lldp": "info", "arp_storm": "warning"}}"#)
        #expect(configuration.severity(of: .lldp) == .info)
        #expect(configuration.severity(of: .arpStorm) == .warning)
    }

    @Test func typosAreErrors() {
        #expect(throws: DecodingError.self) { try decode(#"{"arp_storm_per_minute": 5}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"arp": {"storm_per_minut": 5}}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"allowed_classes": ["lldpp"]}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"severities": {"stp": "fatal"}}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"lan_broadcast": "not-an-ip"}"#) }
    }

    @Test func rulesHaveStableIdsAndDefaults() {
        #expect(PeeringLANRule.allCases.map(\.id).count == Set(PeeringLANRule.allCases.map(\.id)).count)
        #expect(PeeringLANRule.stp.defaultSeverity == .critical && PeeringLANRule.ipv6RA.defaultSeverity == .critical)
        #expect(PeeringLANRule.dhcp.defaultSeverity == .warning)
        #expect(PeeringLANRule.forbidden(.arpRequest) == nil && PeeringLANRule.forbidden(.ipv4Unicast) == nil)
    }
}
