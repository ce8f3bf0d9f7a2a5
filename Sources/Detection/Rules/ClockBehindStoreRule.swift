import IXPCore
import TimeSeries

/// `clock_behind_store`: polls are refused as out of order because the store's newest sample
/// lies ahead of the wall clock — the clock ran ahead and was set back (an NTP step, a bad
/// hardware clock at boot). Each series takes samples again once the clock passes its newest
/// one; until then the history has a gap. The finding resolves when samples are taken again.
public struct ClockBehindStoreRule: DetectionRule {
    /// `clock_behind_store` by default.
    public static let definition = RuleDefinition(.clockBehindStore, severity: .warning)

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let ahead = context.store.newestSampleAhead
        guard ahead > 0 else { return RuleOutcome() }
        var evidence = Evidence()
        evidence.add("ahead", ahead, unit: .seconds)
        evidence.add("samples_again_at", context.now + ahead, unit: .timestamp)
        return RuleOutcome(findings: [FindingCandidate(
            rule: .clockBehindStore, severity: context.settings(.clockBehindStore).severity ?? .warning,
            subject: .exchange,
            message: LocalizedText("clock_behind_store.summary", numbers: ["ahead": NumberArgument(ahead, .seconds)]),
            evidence: evidence)])
    }
}

extension RuleID {
    /// Polls are refused because the store's newest sample is ahead of the wall clock (the
    /// clock was set back after running ahead).
    public static let clockBehindStore: RuleID = "clock_behind_store"
}
