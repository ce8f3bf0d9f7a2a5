import IXPCore

/// `member_list_unavailable`: the member list could not be loaded; the last good list stays
/// in use (the registry is never emptied by a bad download).
public struct MemberListStatusRule: DetectionRule {
    /// `member_list_unavailable` by default.
    public static let definition = RuleDefinition(.memberListUnavailable, severity: .warning)

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        guard let status = context.memberListStatus, let error = status.lastError else { return RuleOutcome() }
        var evidence = Evidence()
        evidence.add("source", text: status.source)
        evidence.add("error", text: error)
        if let since = status.failingSince { evidence.add("failing_since", since, unit: .timestamp) }
        if let last = status.lastSuccess { evidence.add("last_success", last, unit: .timestamp) }
        return RuleOutcome(findings: [FindingCandidate(
            rule: .memberListUnavailable, severity: context.settings(.memberListUnavailable).severity ?? .warning,
            subject: .exchange, message: LocalizedText("member_list_unavailable.summary", ["error": error]),
            evidence: evidence)])
    }
}

extension RuleID {
    /// The member list could not be loaded; the last good one is in use.
    public static let memberListUnavailable: RuleID = "member_list_unavailable"
}
