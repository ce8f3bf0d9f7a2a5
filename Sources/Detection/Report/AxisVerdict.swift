/// The verdict on one `ReportAxis`: the worst verdict of the symptoms that answer it, and
/// which of them decided it. An axis none of whose symptoms could be judged reads
/// `not_enough_data`, never ok.
public struct AxisVerdict: Sendable, Hashable, Codable {
    /// The axis.
    public var axis: ReportAxis
    /// The worst verdict among its symptoms: critical, then warning, then ok; not_enough_data
    /// only when none of them could be judged (or the report carries none of them).
    public var verdict: Verdict
    /// The symptoms the report carries for this axis, in the axis's order.
    public var rules: [RuleID]
    /// The symptoms whose verdict is the axis's verdict, in the axis's order.
    public var decidedBy: [RuleID]

    /// A verdict.
    public init(axis: ReportAxis, verdict: Verdict, rules: [RuleID], decidedBy: [RuleID]) {
        self.axis = axis
        self.verdict = verdict
        self.rules = rules
        self.decidedBy = decidedBy
    }

    /// The verdict of `axis` from `symptoms`.
    public init(axis: ReportAxis, symptoms: [Symptom]) {
        let byRule = Dictionary(symptoms.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
        let present = axis.rules.compactMap { byRule[$0] }
        let verdict: Verdict
        if present.contains(where: { $0.verdict == .critical }) {
            verdict = .critical
        } else if present.contains(where: { $0.verdict == .warning }) {
            verdict = .warning
        } else if present.contains(where: { $0.verdict == .ok }) {
            verdict = .ok
        } else {
            verdict = .notEnoughData
        }
        self.init(axis: axis, verdict: verdict, rules: present.map(\.rule),
                  decidedBy: present.filter { $0.verdict == verdict }.map(\.rule))
    }

    /// One verdict per axis, in `ReportAxis.allCases` order.
    public static func all(from symptoms: [Symptom]) -> [AxisVerdict] {
        ReportAxis.allCases.map { AxisVerdict(axis: $0, symptoms: symptoms) }
    }

    enum CodingKeys: String, CodingKey {
        case axis, verdict, rules
        case decidedBy = "decided_by"
    }
}
