/// The verdict of one zombie-IXP symptom.
public import IXPCore
public enum Verdict: String, Codable, Sendable, Hashable, CaseIterable {
    /// The symptom is absent.
    case ok
    /// The symptom is present.
    case warning
    /// The symptom is present and serious.
    case critical
    /// The history is too short, too gappy, or too small to judge: never a guess.
    case notEnoughData = "not_enough_data"

    /// The value of `ixp_zombie_symptom`: 0 ok, 1 warning, 2 critical, -1 not enough data.
    public var metricValue: Double {
        switch self {
        case .ok: 0
        case .warning: 1
        case .critical: 2
        case .notEnoughData: -1
        }
    }

    /// The verdict a finding of `severity` stands for.
    public init(severity: Severity) {
        self = severity == .critical ? .critical : .warning
    }

    /// Whether the verdict calls for attention (warning or critical).
    public var isProblem: Bool { self == .warning || self == .critical }
}
