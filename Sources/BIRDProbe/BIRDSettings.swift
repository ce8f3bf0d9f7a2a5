import Members
public import ProbeKit
public import IXPCore

/// The parsed `route_servers:` section: kind `bird`, BIRD 2 route servers listed by their
/// control socket. One `BIRDProbe` per route server.
///
/// ```yaml
/// route_servers:
///   - {name: rs1, control_socket: /run/bird/rs1.ctl}
/// ```
public struct BIRDSettings: SingleSectionProbeSettings {
    /// One route server.
    public struct RouteServer: Sendable, Hashable {
        /// Its name: the `route_server` label and the probe's name.
        public var name: String
        /// The path of its BIRD control socket.
        public var controlSocket: String
        /// Seconds between readings.
        public var interval: Double = 60
        /// Seconds a reading may take.
        public var timeout: Double = 10
        /// The largest reply read.
        public var maxBytes: Int = 32 << 20
        /// Seconds between the passes over the best routes (`show route primary`) that count the
        /// distinct origin ASNs; 0 turns them off. One line per prefix: on a full table a pass is
        /// tens of megabytes, so it runs far less often than the cheap `show route count`.
        public var originInterval: Double = 3_600
        /// The table whose networks are the IPv4 routes on offer.
        public var ipv4Table = "master4"
        /// The table whose networks are the IPv6 routes on offer.
        public var ipv6Table = "master6"

        /// The address family of table `name` (`ipv4`, `ipv6`), nil for another table.
        public func family(ofTable name: String) -> String? {
            name == ipv4Table ? "ipv4" : name == ipv6Table ? "ipv6" : nil
        }

        /// A route server with the default interval (60 s), timeout (10 s) and limit (32 MiB).
        public init(name: String, controlSocket: String) {
            self.name = name
            self.controlSocket = controlSocket
        }
    }

    /// The route servers, in the order of the file.
    public var routeServers: [RouteServer]
    /// The agent's member list file (`members.source` when it is a file), read for member
    /// names and IX-F `max_prefix`.
    public var memberListFile: String?

    /// `bird`.
    public static let kindName = "bird"

    /// `route_servers`.
    public static let sectionKey = "route_servers"

    public var intervals: [Double] { routeServers.map(\.interval) }

    public func makeProbes() throws -> ProbeSet {
        let members = memberListFile.map { MemberListFile(path: $0) }
        return ProbeSet(probes: routeServers.map { BIRDProbe(routeServer: $0, members: members) })
    }

    /// Parses the `route_servers:` list.
    public static func parse(_ node: YAMLConfigNode, context: ProbeConfigurationContext) throws(ConfigurationError) -> BIRDSettings {
        var servers: [RouteServer] = []
        var names = Set<String>()
        for item in try node.sequence() {
            let keys = try item.mapping(allowed: ["name", "control_socket", "interval", "timeout", "max_bytes", "origin_interval",
                                                  "ipv4_table", "ipv6_table"])
            guard let nameNode = keys["name"] else { throw item.error("each route server needs a 'name'") }
            let name = try nameNode.string()
            guard !name.isEmpty else { throw nameNode.error("the name must not be empty") }
            guard names.insert(name).inserted else { throw nameNode.error("another route server is already named '\(name)'") }
            guard let socketNode = keys["control_socket"] else {
                throw item.error("route server '\(name)' needs its 'control_socket', e.g. /run/bird/bird.ctl")
            }
            let socket = try socketNode.string()
            guard socket.hasPrefix("/") else { throw socketNode.error("the control socket must be an absolute path, got '\(socket)'") }
            guard socket.utf8.count < 108 else { throw socketNode.error("a unix socket path must be shorter than 108 bytes") }
            var server = RouteServer(name: name, controlSocket: socket)
            if let interval = keys["interval"] { server.interval = try interval.duration(atLeast: 1) }
            server.timeout = min(server.timeout, server.interval)
            if let timeout = keys["timeout"] {
                server.timeout = try timeout.duration(atLeast: 0.01)
                guard server.timeout <= server.interval else {
                    throw timeout.error("the timeout must not be longer than the interval (\(server.interval) s)")
                }
            }
            if let maxBytes = keys["max_bytes"] { server.maxBytes = try maxBytes.integer(in: 4096...(1 << 30)) }
            if let origin = keys["origin_interval"] {
                server.originInterval = try origin.duration(atLeast: 0)
                guard server.originInterval == 0 || server.originInterval >= server.interval else {
                    throw origin.error("the origin_interval must be 0 (off) or at least the interval (\(server.interval) s)")
                }
            }
            if let table = keys["ipv4_table"] { server.ipv4Table = try table.string() }
            if let table = keys["ipv6_table"] { server.ipv6Table = try table.string() }
            servers.append(server)
        }
        return BIRDSettings(routeServers: servers, memberListFile: context.memberListFile)
    }
}
