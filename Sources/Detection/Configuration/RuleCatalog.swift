import IXPCore

/// Every rule the detector knows, with its default settings: the one place that lists them.
/// The thresholds here are the documented defaults; `detection.rules.<id>` overrides them.
public enum RuleCatalog {
    /// The rules, zombie symptoms first.
    public static let all: [any DetectionRule] = [
        BelowIXPFloorRule(), StagnantMembershipRule(), MembersLeavingRule(), FallingTrafficRule(),
        IdleMemberPortsRule(), OutgrownPortsRule(), NoRouteServerSessionRule(), GhostMembersRule(),
        TrafficConcentrationRule(), StaleMemberDataRule(),
        PortStatusRule(), PortErrorsRule(), HighUtilisationRule(), TrafficAnomalyRule(), ProbeHealthRule(),
        PeeringLANRule(), PortAuditRule(), MemberListStatusRule(), ClockBehindStoreRule(), RouteServerMaxPrefixRule(), MemberStoppedAnnouncingRule(),
        MemberUnreachableRule(), MemberLatencyJumpRule(),
        OpticsRule(), LLDPNeighborChangedRule(), SwitchHotRule(),
        MemberNoPeeringTrafficRule(),
    ]

    private static let hour = 3_600.0
    private static let day = 86_400.0

    /// The default settings of `rule` (a rule id not listed: enabled, no thresholds).
    public static func defaults(for rule: RuleID) -> RuleSettings {
        switch rule {
        case .belowIXPFloor:
            RuleSettings(forDuration: 6 * hour, severity: .critical,
                         thresholds: ["minimum_members": 3, "minimum_bits_per_second": 10_000, "minimum_known": 0.8])
        case .stagnantMembership:
            RuleSettings(forDuration: 0, severity: .warning,
                         thresholds: ["no_join_days": 365, "no_growth_days": 182])
        case .membersLeaving:
            RuleSettings(forDuration: 0, severity: .warning, thresholds: ["window_days": 365])
        case .fallingTraffic:
            RuleSettings(forDuration: 7 * day, severity: nil,
                         thresholds: ["quarter_drop": 0.10, "critical_quarter_drop": 0.25, "year_growth": 0,
                                      "p_value": 0.05, "early_quarter_drop": 0.10, "minimum_known": 0.8,
                                      "minimum_bits_per_second": 1_000_000])
        case .idleMemberPorts:
            RuleSettings(forDuration: day, severity: .warning,
                         thresholds: ["idle_fraction": 0.01, "warning_share": 0.20, "window_days": 30, "minimum_known": 0.8])
        case .outgrownPorts:
            RuleSettings(forDuration: day, severity: .warning,
                         thresholds: ["full_fraction": 0.80, "window_days": 7, "minimum_known": 0.8])
        case .noRouteServerSession:
            RuleSettings(forDuration: hour, severity: .warning, thresholds: ["share_drop": 0.05])
        case .ghostMembers:
            RuleSettings(forDuration: day, severity: .warning,
                         thresholds: ["window_days": 30, "minimum_bits_per_second": 1_000, "minimum_known": 0.8])
        case .trafficConcentration:
            RuleSettings(forDuration: day, severity: .warning,
                         thresholds: ["top1_share": 0.50, "top3_share": 0.80, "top_pair_share": 0.50, "window_days": 30])
        case .staleMemberData:
            RuleSettings(forDuration: 0, severity: .warning, thresholds: ["maximum_age_days": 7, "peeringdb_difference": 0.20])
        case .portDown:
            RuleSettings(forDuration: 5 * 60, severity: .warning)
        case .memberDown:
            RuleSettings(forDuration: 5 * 60, severity: .critical)
        case .portErrors:
            RuleSettings(forDuration: 15 * 60, severity: .warning,
                         thresholds: ["minimum_per_second": 0.01, "rise_factor": 3])
        case .highUtilisation:
            RuleSettings(forDuration: 15 * 60, severity: .warning, thresholds: ["utilisation": 0.80, "window_minutes": 15])
        case .trafficAnomaly:
            RuleSettings(forDuration: 0, severity: .warning,
                         thresholds: ["alpha": 0.1, "beta": 0.0035, "gamma": 0.1, "band": 2, "window": 9, "violations": 7,
                                      "minimum_bits_per_second": 1_000_000])
        case .probeFailing:
            RuleSettings(forDuration: 3 * 60, severity: .critical)
        case .probeStale:
            RuleSettings(forDuration: 0, severity: .warning, thresholds: ["stale_intervals": 3])
        case .captureDrops:
            RuleSettings(forDuration: 5 * 60, severity: .warning, thresholds: ["drop_fraction": 0.001])
        case .lanViolation:
            RuleSettings(forDuration: 0, severity: nil)
        case .portSpeedMismatch, .connectedPortAdminDown, .unknownPortASN, .departedMemberPortUp:
            RuleSettings(forDuration: hour, severity: .warning)
        case .memberListUnavailable, .clockBehindStore:
            RuleSettings(forDuration: 0, severity: .warning)
        case .routeServerMaxPrefix:
            RuleSettings(forDuration: 0, severity: .warning, thresholds: ["ratio": 0.8])
        case .memberStoppedAnnouncing:
            RuleSettings(forDuration: 0, severity: .warning,
                         thresholds: ["window_minutes": 30, "baseline_days": 7, "minimum_readings": 3, "minimum_prefixes": 1,
                                      "exchange_share": 0.5, "exchange_minimum": 3])
        case .memberUnreachable:
            RuleSettings(forDuration: 0, severity: .warning,
                         thresholds: ["window_minutes": 3, "minimum_readings": 3, "exchange_share": 0.5, "exchange_minimum": 3])
        case .exchangeUnreachable:
            RuleSettings(forDuration: 0, severity: .critical)
        case .memberLatencyJump:
            RuleSettings(forDuration: 15 * 60, severity: .warning,
                         thresholds: ["factor": 3, "minimum_increase_ms": 10, "recent_minutes": 60, "baseline_hours": 24,
                                      "minimum_readings": 10, "minimum_known": 0.25])
        case .opticsLowRx:
            RuleSettings(forDuration: 0, severity: nil, thresholds: ["default_dbm": -14])
        case .opticsRxFalling:
            RuleSettings(forDuration: 0, severity: .warning, thresholds: ["drop_db": 3, "window_days": 7])
        case .lldpNeighborChanged:
            RuleSettings(forDuration: 0, severity: .warning, thresholds: ["hold_hours": 24, "member_ports_only": 1])
        case .switchHot:
            RuleSettings(forDuration: 0, severity: .warning, thresholds: ["default_celsius": 70])
        case .memberNoPeeringTraffic:
            RuleSettings(forDuration: 0, severity: .warning, thresholds: ["window_days": 1, "minimum_known": 0.8])
        default:
            RuleSettings()
        }
    }

    /// Every rule id with settings: the zombie symptoms and the operational rules.
    public static var ruleIDs: [RuleID] {
        var ids: [RuleID] = []
        for rule in all { for id in rule.ids where !ids.contains(id) { ids.append(id) } }
        return ids
    }
}
