/// The agent's own findings as the detector holds them, for rules that judge how findings are
/// looked after (`unattended_findings`): since when the agent keeps findings, and the active
/// ones with their acknowledgement and silence. The agent builds it before each evaluation;
/// silences are Alerting's, so they arrive here as a plain `silenced` flag.
public struct FindingHistory: Sendable, Hashable {
    /// Since when the agent has kept findings (its first evaluation with this state database).
    public var since: Double
    /// The active findings (pending and firing) before this evaluation.
    public var open: [OpenFinding]

    /// A history.
    public init(since: Double, open: [OpenFinding]) {
        self.since = since
        self.open = open
    }

    /// The history of `findings` (the active ones are kept), with the acknowledgements in force
    /// by finding id and whether a silence covers each.
    public static func make(since: Double, findings: [Finding], acknowledged: Set<String>,
                            silenced: (Finding) -> Bool) -> FindingHistory {
        FindingHistory(since: since, open: findings.filter { $0.state != .resolved }.map {
            OpenFinding($0, acknowledged: acknowledged.contains($0.id), silenced: silenced($0))
        })
    }
}
