import Probes
import SNMPClient

/// Everything the agent is told by its configuration file, with the defaults an operator gets
/// for what the file leaves out.
public struct AgentConfiguration: Sendable {
    /// Where `/metrics`, `/api/v1` and the dashboard are served.
    public var http = HTTPConfiguration()
    /// Where history is kept across restarts; nil keeps it in memory only.
    public var stateDirectory: String?
    /// How often history is written to disk, in seconds.
    public var checkpointInterval: Double = 60
    /// The most series the store keeps.
    public var maxSeries: Int = 200_000
    /// Threads that poll SNMP agents (each multiplexes many targets).
    public var snmpThreads: Int = 2
    /// The switches to poll.
    public var switches: [SwitchConfiguration] = []
    /// The folder of declarative probe definitions (`Probes/`), when set.
    public var probeDirectory: String?

    /// Creates the default configuration: no switches, HTTP on 127.0.0.1:9470.
    public init() {}
}

/// The HTTP listener.
public struct HTTPConfiguration: Sendable, Hashable {
    /// Address to bind.
    public var host: String = "127.0.0.1"
    /// Port to bind; 9470 by default.
    public var port: Int = 9470

    /// Creates the default listener.
    public init() {}
}

/// One switch to poll over SNMP.
public struct SwitchConfiguration: Sendable, Hashable {
    /// The `switch` label: a short name the NOC knows the switch by.
    public var name: String
    /// How to reach its agent.
    public var target: SNMPTarget
    /// Seconds between polls.
    public var interval: Double
    /// Re-walk ifName/ifAlias/… every this many polls.
    public var labelRefreshPolls: Int
    /// Port → member mapping.
    public var memberMapping: MemberPortMapping

    /// The probe settings for this switch.
    public var probeConfiguration: SNMPInterfaceProbeConfiguration {
        SNMPInterfaceProbeConfiguration(switchName: name, target: target, interval: interval,
                                        labelRefreshPolls: labelRefreshPolls, memberMapping: memberMapping)
    }
}
