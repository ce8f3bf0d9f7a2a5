/// How bad a peering-LAN violation is.
public enum PeeringLANSeverity: String, Sendable, Codable, CaseIterable, Comparable {
    /// Worth knowing.
    case info
    /// Hurts or may hurt other members; fix soon.
    case warning
    /// Hurts every member now (spanning tree, rogue router advertisements, ARP storms).
    case critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    /// Orders info < warning < critical.
    public static func < (lhs: PeeringLANSeverity, rhs: PeeringLANSeverity) -> Bool { lhs.rank < rhs.rank }
}
