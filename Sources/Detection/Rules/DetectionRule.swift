/// One detection rule, like one node_exporter collector: it looks at the evaluation's context
/// and says what it sees. Zombie-IXP rules give a symptom verdict (and, when it is a problem,
/// a finding about the exchange); operational rules give findings about ports, members,
/// probes or MACs. Rules never keep state between evaluations except through the context's
/// `ruleState` (persisted with the findings).
public import IXPCore
public protocol DetectionRule: Sendable {
    /// The rule ids this rule reports under, each with its defaults and thresholds (one for most;
    /// the port-status and audit rules have several). `RuleCatalog` and the configuration read
    /// them from here.
    var definitions: [any RuleDefinitionProtocol] { get }
    /// Evaluates the rule once.
    func evaluate(_ context: DetectionContext) -> RuleOutcome
}

extension DetectionRule {
    /// The rule ids this rule reports under.
    public var ids: [RuleID] { definitions.map(\.id) }
}

/// What one rule said in one evaluation.
public struct RuleOutcome: Sendable {
    /// The symptom verdict, for zombie-IXP rules.
    public var symptom: Symptom?
    /// Conditions that hold now; the tracker turns them into pending, firing and resolved findings.
    public var findings: [FindingCandidate]

    /// An outcome.
    public init(symptom: Symptom? = nil, findings: [FindingCandidate] = []) {
        self.symptom = symptom
        self.findings = findings
    }
}

/// A condition that holds now: a finding before the tracker gives it a state.
public struct FindingCandidate: Sendable, Hashable {
    /// The rule.
    public var rule: RuleID
    /// How urgent.
    public var severity: Severity
    /// About what.
    public var subject: Subject
    /// What to say.
    public var message: LocalizedText
    /// The numbers behind it.
    public var evidence: Evidence
    /// Routing and display labels (`switch`, `interface`, `member_asn`, `member_name`, `mac`).
    public var labels: [String: String]
    /// The id of a finding that explains this one, if the rule knows it (e.g. a member down explains its ports).
    public var explainedBy: String?

    /// A candidate.
    public init(rule: RuleID, severity: Severity, subject: Subject, message: LocalizedText, evidence: Evidence = Evidence(),
                labels: [String: String] = [:], explainedBy: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.subject = subject
        self.message = message
        self.evidence = evidence
        self.labels = labels
        self.explainedBy = explainedBy
    }

    /// The id of the finding it becomes.
    public var id: String { Finding.id(rule: rule, subject: subject) }
}
