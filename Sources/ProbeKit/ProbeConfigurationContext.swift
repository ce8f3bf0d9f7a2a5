/// What a probe kind may use while it parses its configuration.
public struct ProbeConfigurationContext: Sendable {
    /// The configuration file, as the operator named it (for errors).
    public var file: String
    /// The process environment, for secrets named by `*_env` keys.
    public var environment: [String: String]
    /// The agent's member list (`members.source`) when it is a local file, so that a kind that
    /// maps MACs or addresses to members reads the same list rather than one of its own.
    public var memberListFile: String?
    /// Route-server ASNs the configuration names (`members.route_server_asns`).
    public var routeServerASNs: [UInt32] = []
    /// The share of the switches this agent polls (`shard: i/N`); nil: all of them. A kind that
    /// polls devices keeps only those of this shard, after validating every entry.
    public var shard: ShardSelection?

    /// Creates a context.
    public init(file: String, environment: [String: String] = [:]) {
        self.file = file
        self.environment = environment
    }
}
