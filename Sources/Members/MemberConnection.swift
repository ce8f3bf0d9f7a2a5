/// One connection of a member to the exchange, from IX-F `connection_list`.
public struct MemberConnection: Sendable, Equatable, Codable {
    /// The IX-F `ixp_id` the connection belongs to, when given.
    public var ixpID: Int?
    /// The connection state as the list gives it (`active`, `inactive`, `connected`, …), lower case.
    public var state: String?
    /// When the connection was activated (`connected_since`), in epoch seconds.
    public var connectedSince: Double?
    /// The interfaces (or LAGs) that make up the connection.
    public var ports: [MemberPort]

    /// A connection.
    public init(ixpID: Int? = nil, state: String? = nil, connectedSince: Double? = nil, ports: [MemberPort] = []) {
        self.ixpID = ixpID
        self.state = state
        self.connectedSince = connectedSince
        self.ports = ports
    }

    /// True when the state says the connection carries traffic: `active` or `connected`, or no
    /// state at all (older exports list only live connections and omit it).
    public var isActive: Bool {
        guard let state else { return true }
        return state == "active" || state == "connected"
    }

    /// The sum of the ports' speeds in Mbit/s (0 when none is given).
    public var speedMbps: Int { ports.reduce(0) { $0 + ($1.speedMbps ?? 0) } }
}
