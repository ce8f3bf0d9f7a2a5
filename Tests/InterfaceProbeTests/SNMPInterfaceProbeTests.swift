import IXPCore
import InterfaceProbe
import ProbeKit
import SNMPClient
import SNMPClientTesting
import Testing
import TimeSeries

/// The IF-MIB probe polled through an SNMP agent in memory: what its counters become in the
/// store and in `/metrics`, the 32-bit fallback, a Counter32 wrap and a counter that cannot have
/// wrapped. (The integration tests poll real snmpd and snmpsim agents.)
@Suite("IF-MIB probe on a fake agent")
struct SNMPInterfaceProbeTests {
    static let target = SNMPTarget(host: "192.0.2.1", credentials: .v2c(community: "public"))

    /// An agent with one 10 Gb/s port, ifIndex 7, `Ethernet7` described `AS65001 Example`, up;
    /// with the 64-bit octet counters unless `highCapacity` is false.
    static func agent(highCapacity: Bool = true, inOctets: UInt64 = 1_000, outOctets: UInt64 = 2_000) -> FakeSNMPAgent {
        var values: [OID: SNMPValue] = [
            IFMIB.sysUpTime: .timeticks(100_000),
            IFMIB.ifName.appending([7]): .octets(Array("Ethernet7".utf8)),
            IFMIB.ifAlias.appending([7]): .octets(Array("AS65001 Example".utf8)),
            IFMIB.ifHighSpeed.appending([7]): .gauge32(10_000),
            IFMIB.ifAdminStatus.appending([7]): .integer(1),
            IFMIB.ifOperStatus.appending([7]): .integer(1),
            IFMIB.ifInOctets.appending([7]): .counter32(UInt32(truncatingIfNeeded: inOctets)),
            IFMIB.ifOutOctets.appending([7]): .counter32(UInt32(truncatingIfNeeded: outOctets)),
            IFMIB.ifInErrors.appending([7]): .counter32(0),
        ]
        if highCapacity {
            values[IFMIB.ifHCInOctets.appending([7])] = .counter64(inOctets)
            values[IFMIB.ifHCOutOctets.appending([7])] = .counter64(outOctets)
        }
        return FakeSNMPAgent(values)
    }

    static func probe(_ agent: FakeSNMPAgent) -> SNMPInterfaceProbe {
        SNMPInterfaceProbe(
            configuration: SNMPInterfaceProbeConfiguration(switchName: "sw1", target: target, interval: 60),
            engine: agent)
    }

    /// The value of the store sample `name` of port `Ethernet7`.
    static func sample(_ output: ProbeOutput, _ name: String) -> Double? {
        output.samples.first { $0.key.name == name && $0.key[label: "interface"] == "Ethernet7" }?.value
    }

    /// Moves the agent 60 s on and sets its counters (and sysUpTime by as much).
    static func nextPoll(_ agent: FakeSNMPAgent, _ values: [OID: SNMPValue]) {
        agent.advance(seconds: 60)
        agent.update { current in
            for (oid, value) in values { current[oid] = value }
            if case .timeticks(let ticks)? = current[IFMIB.sysUpTime] {
                current[IFMIB.sysUpTime] = .timeticks(ticks + 6_000)
            }
        }
    }

    @Test func countersBecomeTheStoreRateSeriesOfTheirPort() async throws {
        let agent = Self.agent()
        let probe = Self.probe(agent)
        let first = try await probe.collect(at: 1_000)
        #expect(Self.sample(first, StoreSeries.receiveBytes)?.isNaN == true)  // no interval yet
        #expect(Self.sample(first, StoreSeries.up) == 1)
        #expect(Self.sample(first, StoreSeries.adminUp) == 1)
        #expect(Self.sample(first, StoreSeries.speed) == 1_250_000_000.0)  // 10 Gb/s in bytes per second

        Self.nextPoll(
            agent,
            [
                IFMIB.ifHCInOctets.appending([7]): .counter64(7_000),
                IFMIB.ifHCOutOctets.appending([7]): .counter64(14_000),
            ])
        let second = try await probe.collect(at: 1_060)
        #expect(Self.sample(second, StoreSeries.receiveBytes) == 100)  // 6,000 bytes in 60 s
        #expect(Self.sample(second, StoreSeries.transmitBytes) == 200)
        #expect(Self.sample(second, StoreSeries.receiveErrors) == 0)
        let sample = try #require(second.samples.first { $0.key.name == StoreSeries.receiveBytes })
        #expect(sample.key[label: "switch"] == "sw1" && sample.key[label: "member_asn"] == "65001")
        #expect(sample.timestamp == 1_060)
        let received = second.metrics.first { $0.name == "ixp_interface_receive_bytes_total" }?.samples.first?.value
        #expect(received == 7_000)
        #expect(second.metrics.first { $0.name == "ixp_snmp_interfaces" }?.samples.first?.value == 1)
        #expect(agent.requests.contains(.get([IFMIB.sysUpTime])))
        #expect(agent.requests.contains(.walk(IFMIB.counterColumns)))
    }

    @Test func withoutThe64BitColumnsThe32BitOnesAreRead() async throws {
        let agent = Self.agent(highCapacity: false)
        let probe = Self.probe(agent)
        _ = try await probe.collect(at: 0)
        Self.nextPoll(agent, [IFMIB.ifInOctets.appending([7]): .counter32(1_600)])
        let output = try await probe.collect(at: 60)
        #expect(Self.sample(output, StoreSeries.receiveBytes) == 10)
        #expect(Self.sample(output, StoreSeries.transmitBytes) == 0)
    }

    @Test func aCounter32ThatWrapsWithinThePortSpeedGivesTheWrappedGrowth() async throws {
        let agent = Self.agent(highCapacity: false, inOctets: UInt64(UInt32.max) - 999)
        let probe = Self.probe(agent)
        _ = try await probe.collect(at: 0)
        Self.nextPoll(agent, [IFMIB.ifInOctets.appending([7]): .counter32(5_000)])
        let output = try await probe.collect(at: 60)
        // 2^32 − (2^32 − 1 − 999) + 5,000 = 6,000 bytes in 60 s.
        #expect(Self.sample(output, StoreSeries.receiveBytes) == 100)
        #expect(output.warnings.isEmpty)
    }

    @Test func aCounter64ThatGoesDownLeavesTheIntervalUnknown() async throws {
        let agent = Self.agent(inOctets: 1_000_000)
        let probe = Self.probe(agent)
        _ = try await probe.collect(at: 0)
        Self.nextPoll(agent, [IFMIB.ifHCInOctets.appending([7]): .counter64(10)])
        let output = try await probe.collect(at: 60)
        #expect(Self.sample(output, StoreSeries.receiveBytes)?.isNaN == true)
        #expect(output.warnings.contains { $0.contains("Ethernet7") && $0.contains("plausible wrap") })
        let discontinuities = output.metrics.first { $0.name == "ixp_snmp_counter_discontinuities_total" }
        #expect(discontinuities?.samples.contains { $0.labels.contains { $0.value == "implausible_decrease" } } == true)
    }

    @Test func anAgentWithNoInterfaceCountersFailsThePoll() async throws {
        let agent = FakeSNMPAgent([IFMIB.sysUpTime: .timeticks(1)])
        await #expect(throws: SNMPError.self) { _ = try await Self.probe(agent).collect(at: 0) }
    }

    @Test func anAgentThatDoesNotAnswerFailsThePollWithItsError() async throws {
        let agent = Self.agent()
        agent.failure = SNMPError(.timeout, target: Self.target.displayName, "no answer")
        do {
            _ = try await Self.probe(agent).collect(at: 0)
            Issue.record("must fail")
        } catch let error as SNMPError {
            #expect(error.kind == .timeout)
        }
    }
}
