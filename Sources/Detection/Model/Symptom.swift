/// The verdict on one zombie-IXP symptom, with the numbers behind it.
public struct Symptom: Sendable, Hashable, Codable {
    /// The symptom's rule.
    public var rule: RuleID
    /// ok, warning, critical or not_enough_data.
    public var verdict: Verdict
    /// One line in English.
    public var summary: String
    /// The summary as a key and arguments of the wording tables.
    public var message: LocalizedText
    /// The numbers behind the verdict (also when it is ok, and what was missing when there is
    /// not enough data).
    public var evidence: Evidence

    /// A symptom's verdict.
    public init(rule: RuleID, verdict: Verdict, summary: String, message: LocalizedText, evidence: Evidence = Evidence()) {
        self.rule = rule
        self.verdict = verdict
        self.summary = summary
        self.message = message
        self.evidence = evidence
    }
}
