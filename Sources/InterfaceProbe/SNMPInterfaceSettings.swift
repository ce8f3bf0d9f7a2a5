import Logging
public import ProbeKit
import SNMPClient
import SNMPTableProbe

/// The `snmp:` and `switches:` sections: the switches whose IF-MIB the agent polls, and the
/// threads of the poll engine they share.
public struct SNMPInterfaceSettings: ProbeSettings, Hashable {
    /// Threads that poll SNMP agents (each multiplexes many targets).
    public var threads: Int = 2
    /// The switches to poll.
    public var switches: [SwitchConfiguration] = []

    /// No switches, two threads.
    public init() {}

    public var kind: String { SNMPInterfaceProbeKind.kindName }

    public var intervals: [Double] {
        switches.flatMap { entry in Array(repeating: entry.interval, count: (entry.pollsInterfaces ? 1 : 0) + entry.tableDefinitions.count) }
    }

    /// Per switch, an `SNMPInterfaceProbe` when it lists `if-mib`, and an `SNMPTableProbe` per
    /// declarative probe it lists, all polling through one `SNMPPollEngine`, which runs as a
    /// service (and is shut down with it). No switches: no engine. A table probe that joins rows
    /// to interfaces reads the switch's interface labels through the IF-MIB probe (its cache,
    /// or a label walk of its own when the IF-MIB probe is not scheduled).
    public func makeProbes() throws -> ProbeSet {
        guard !switches.isEmpty else { return ProbeSet() }
        SNMPLibrary.initialize(logger: Logger(label: "ixp-health.net-snmp"))
        let engine = SNMPPollEngine(threads: threads, logger: Logger(label: "ixp-health.snmp"))
        var probes: [any Probe] = []
        for entry in switches {
            let interfaceProbe = SNMPInterfaceProbe(configuration: entry.probeConfiguration, engine: engine)
            if entry.pollsInterfaces { probes.append(interfaceProbe) }
            for definition in entry.tableDefinitions {
                let configuration = SNMPTableProbeConfiguration(switchName: entry.name, target: entry.target,
                                                                interval: entry.interval, definition: definition)
                probes.append(SNMPTableProbe(configuration: configuration, engine: engine,
                                             interfaces: { try await interfaceProbe.tableInterfaces() }))
            }
        }
        return ProbeSet(probes: probes, services: [SNMPPollEngineService(engine: engine)])
    }
}
