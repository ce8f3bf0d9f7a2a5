/// Every rule the detector knows: the one list of rules. Everything else about a rule — its
/// ids, default `enabled`, `for` and severity, its thresholds and their defaults — comes from
/// the rule's own `definitions`, so adding a rule is its file, one line here, and its wording.
public enum RuleCatalog {
    /// The rules, zombie symptoms first.
    public static let all: [any DetectionRule] = [
        BelowIXPFloorRule(), StagnantMembershipRule(), MembersLeavingRule(), FallingTrafficRule(),
        IdleMemberPortsRule(), OutgrownPortsRule(), NoRouteServerSessionRule(), GhostMembersRule(),
        TrafficConcentrationRule(), StaleMemberDataRule(),
        PortStatusRule(), PortErrorsRule(), HighUtilisationRule(), TrafficAnomalyRule(), ProbeHealthRule(),
        LANViolationRule(), PortAuditRule(), MemberListStatusRule(), ClockBehindStoreRule(), RouteServerMaxPrefixRule(),
        MemberStoppedAnnouncingRule(), MemberUnreachableRule(), MemberLatencyJumpRule(),
        OpticsRule(), LLDPNeighborChangedRule(), SwitchHotRule(),
        MemberNoPeeringTrafficRule(),
        MemberDataMismatchRule(), RemoteGrowthRule(),
        RoutesAvailableRule(), PeeringDensityRule(),
        UnattendedFindingsRule(),
        CapacityRunwayRule(), NoInvestmentRule(),
    ]

    /// Every rule id's definition, in the order of `all` (an id declared twice: the first).
    public static let definitions: [any RuleDefinitionProtocol] = {
        var seen = Set<RuleID>()
        return all.flatMap(\.definitions).filter { seen.insert($0.id).inserted }
    }()

    private static let definitionsByID: [RuleID: any RuleDefinitionProtocol] =
        Dictionary(definitions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

    /// The definition of `rule`, if a rule of the catalog declares it.
    public static func definition(for rule: RuleID) -> (any RuleDefinitionProtocol)? { definitionsByID[rule] }

    /// The default settings of `rule` (a rule id not listed: enabled, no thresholds).
    public static func defaults(for rule: RuleID) -> RuleSettings {
        definition(for: rule)?.defaultSettings ?? RuleSettings()
    }

    /// Every rule id with settings: the zombie symptoms and the operational rules.
    public static var ruleIDs: [RuleID] { definitions.map(\.id) }
}
