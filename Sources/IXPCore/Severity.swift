/// How urgent a finding is.
public enum Severity: String, Codable, Sendable, Hashable, CaseIterable, Comparable {
    /// Worth knowing; nobody needs to act now.
    case info
    /// Something is wrong and should be looked at this week.
    case warning
    /// Act now.
    case critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    /// Info < warning < critical.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
