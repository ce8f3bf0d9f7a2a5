import Logging
import ProbeKit
import SNMPClient

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

    public var intervals: [Double] { switches.map(\.interval) }

    /// One `SNMPInterfaceProbe` per switch, all polling through one `SNMPPollEngine`, which runs
    /// as a service (and is shut down with it). No switches: no engine.
    public func makeProbes() throws -> ProbeSet {
        guard !switches.isEmpty else { return ProbeSet() }
        SNMPLibrary.initialize(logger: Logger(label: "ixp-health.net-snmp"))
        let engine = SNMPPollEngine(threads: threads, logger: Logger(label: "ixp-health.snmp"))
        let probes = switches.map { SNMPInterfaceProbe(configuration: $0.probeConfiguration, engine: engine) }
        return ProbeSet(probes: probes, services: [SNMPPollEngineService(engine: engine)])
    }
}
