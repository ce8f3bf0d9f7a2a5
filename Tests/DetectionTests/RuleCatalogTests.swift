import IXPCore
import Testing
@testable import Detection

/// The catalog is computed from the rules: each rule id once, with the defaults its rule
/// declares, decoded from and back to `detection.rules.<id>` without loss; a threshold the rule
/// does not declare is a configuration error.
@Suite struct RuleCatalogTests {
    /// The defaults as `RuleCatalog.defaults(for:)` listed them by hand before the rules
    /// declared their own: `for`, severity and thresholds by configuration key.
    static let documented: [String: (forDuration: Double, severity: Severity?, thresholds: [String: Double])] = [
        "below_ixp_floor": (21600, .critical, ["minimum_members": 3, "minimum_bits_per_second": 10_000, "minimum_known": 0.8]),
        "stagnant_membership": (0, .warning, ["no_join_days": 365, "no_growth_days": 182, "mature_minimum_members": 30, "mature_minimum_joins": 3, "mature_traffic_growth": 0]),
        "members_leaving": (0, .warning, ["window_days": 365, "minimum_net_loss_share": 0.05]),
        "falling_traffic": (604800, nil, ["quarter_drop": 0.10, "critical_quarter_drop": 0.25, "year_growth": 0, "p_value": 0.05, "early_quarter_drop": 0.10, "minimum_known": 0.8, "minimum_bits_per_second": 1_000_000, "seasonal_margin": 0.05, "same_weeks_minimum_days": 28, "step_minimum_drop": 0.10, "step_noise_ratio": 4, "step_flank_days": 28, "step_flatness": 0.25, "step_member_share": 0.5]),
        "idle_member_ports": (86400, .warning, ["idle_fraction": 0.01, "warning_share": 0.20, "window_days": 30, "minimum_known": 0.8]),
        "outgrown_ports": (86400, .warning, ["full_fraction": 0.80, "window_days": 7, "minimum_known": 0.8]),
        "no_route_server_session": (3600, .warning, ["share_drop": 0.05]),
        "ghost_members": (86400, .warning, ["window_days": 30, "minimum_bits_per_second": 1_000, "minimum_known": 0.8]),
        "traffic_concentration": (86400, .warning, ["top1_share": 0.50, "top3_share": 0.80, "top_pair_share": 0.50, "window_days": 30]),
        "stale_member_data": (0, .warning, ["maximum_age_days": 7, "peeringdb_difference": 0.20]),
        "port_down": (300, .warning, [:]),
        "member_down": (300, .critical, [:]),
        "port_errors": (900, .warning, ["minimum_per_second": 0.01, "rise_factor": 3]),
        "high_utilisation": (900, .warning, ["utilisation": 0.80, "window_minutes": 15]),
        "traffic_anomaly": (0, .warning, ["alpha": 0.1, "beta": 0.0035, "gamma": 0.1, "band": 2, "window": 9, "violations": 7, "minimum_bits_per_second": 1_000_000]),
        "probe_failing": (180, .critical, [:]),
        "probe_stale": (0, .warning, ["stale_intervals": 3]),
        "capture_drops": (300, .warning, ["drop_fraction": 0.001]),
        "lan_violation": (0, nil, [:]),
        "port_speed_mismatch": (3600, .warning, [:]),
        "connected_port_admin_down": (3600, .warning, [:]),
        "unknown_port_asn": (3600, .warning, [:]),
        "departed_member_port_up": (3600, .warning, [:]),
        "member_list_unavailable": (0, .warning, [:]),
        "clock_behind_store": (0, .warning, [:]),
        "route_server_max_prefix": (0, .warning, ["ratio": 0.8]),
        "member_stopped_announcing": (0, .warning, ["window_minutes": 30, "baseline_days": 7, "minimum_readings": 3, "minimum_prefixes": 1, "exchange_share": 0.5, "exchange_minimum": 3]),
        "member_unreachable": (0, .warning, ["window_minutes": 3, "minimum_readings": 3, "exchange_share": 0.5, "exchange_minimum": 3]),
        "exchange_unreachable": (0, .critical, [:]),
        "member_latency_jump": (900, .warning, ["factor": 3, "minimum_increase_ms": 10, "recent_minutes": 60, "baseline_hours": 24, "minimum_readings": 10, "minimum_known": 0.25]),
        "optics_low_rx": (0, nil, ["default_dbm": -14]),
        "optics_rx_falling": (0, .warning, ["drop_db": 3, "window_days": 7]),
        "lldp_neighbor_changed": (0, .warning, ["hold_hours": 24, "member_ports_only": 1]),
        "switch_hot": (0, .warning, ["default_celsius": 70]),
        "member_no_peering_traffic": (0, .warning, ["window_days": 1, "minimum_known": 0.8]),
        "member_data_mismatch": (14 * 86400, .warning, ["window_days": 30, "minimum_mismatches": 3, "speed_tolerance": 0.01, "minimum_known": 0.8]),
        "remote_growth": (0, .info, ["local_max_ms": 2, "remote_min_ms": 10, "window_days": 30, "growth_days": 365]),
        "routes_available": (86400, .warning, ["quarter_drop": 0.10, "recent_days": 28, "flat_growth": 0.05, "minimum_history_days": 180,
                                               "minimum_known": 0.5, "minimum_count": 10]),
        "peering_density": (86400, .warning, ["window_days": 30, "pair_floor_bits_per_second": 10_000, "density_drop": 0.10, "minimum_peers": 4,
                                              "minimum_peer_share": 0.10, "below_share": 0.25, "minimum_members": 3]),
        "unattended_findings": (0, .warning, ["unattended_days": 21, "probe_failing_days": 3]),
        "capacity_runway": (14 * 86400, nil, ["utilisation_target": 0.8, "warning_days": 180, "critical_days": 60, "trend_days": 90, "level_days": 28, "minimum_growth_per_quarter": 0.05, "p_value": 0.05, "minimum_known": 0.8]),
        "no_investment": (86400, .warning, ["window_days": 730, "uptime_days": 730, "optics_window_days": 180, "optics_drift_db": 1]),
    ]

    @Test func theCatalogListsEveryRuleAndEveryRuleIDOnce() {
        let types = RuleCatalog.all.map { String(describing: type(of: $0)) }
        #expect(types.count == Set(types).count, "a rule listed twice: \(types)")
        let ids = RuleCatalog.all.flatMap(\.ids)
        #expect(ids.count == Set(ids).count, "a rule id declared by two rules")
        #expect(RuleCatalog.ruleIDs == ids)
        #expect(Set(ids.map(\.rawValue)) == Set(Self.documented.keys))
        for id in RuleID.zombieSymptoms { #expect(ids.contains(id), "\(id) has no rule") }
        #expect(RuleCatalog.definition(for: "no_such_rule") == nil)
        #expect(RuleCatalog.defaults(for: "no_such_rule") == RuleSettings())
    }

    @Test func everyRuleKeepsItsDocumentedDefaults() {
        for definition in RuleCatalog.definitions {
            guard let documented = Self.documented[definition.id.rawValue] else {
                Issue.record("\(definition.id) is not documented")
                continue
            }
            #expect(definition.enabled, "\(definition.id)")
            #expect(definition.forDuration == documented.forDuration, "\(definition.id)")
            #expect(definition.severity == documented.severity, "\(definition.id)")
            #expect(definition.defaultThresholdValues == documented.thresholds, "\(definition.id)")
        }
    }

    @Test func everyRulesDefaultsRoundTrip() throws {
        for definition in RuleCatalog.definitions {
            let values = definition.defaultThresholdValues
            let decoded = try definition.thresholds(overriding: values)
            #expect(AnyHashable(decoded) == AnyHashable(definition.defaultThresholds), "\(definition.id)")
            #expect(RuleThresholdsCoding.values(of: decoded) == values, "\(definition.id)")
            for key in values.keys {
                let changed = try definition.thresholds(overriding: [key: 12.5])
                #expect(RuleThresholdsCoding.values(of: changed) == values.merging([key: 12.5]) { $1 }, "\(definition.id).\(key)")
            }
        }
    }

    @Test func aConfiguredThresholdReachesTheRuleTyped() throws {
        let configuration = try Self.load("rules:\n  below_ixp_floor: {minimum_members: 5, for: 1h}\n")
        let thresholds = configuration.thresholds(BelowIXPFloorRule.definition)
        #expect(thresholds.minimumMembers == 5)
        #expect(thresholds.minimumKnown == 0.8, "unset thresholds keep their defaults")
        #expect(configuration.settings(for: .belowIXPFloor).forDuration == 3_600)
        #expect(configuration.settings(for: .belowIXPFloor).severity == .critical)
        #expect(configuration.thresholds(IdleMemberPortsRule.definition) == IdleMemberPortsRule.Thresholds())
    }

    @Test(arguments: [
        ("rules:\n  idle_member_ports: {idle_fractoin: 0.1}\n", "idle_fractoin", "idle_member_ports", "idle_fraction"),
        ("rules:\n  optics_rx_falling: {default_dbm: 3}\n", "default_dbm", "optics_rx_falling", "drop_db"),
        ("rules:\n  port_down: {minimum_known: 0.5}\n", "minimum_known", "port_down", "enabled"),
    ])
    func aMisspeltThresholdIsAConfigurationError(text: String, key: String, rule: String, valid: String) {
        do {
            _ = try Self.load(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains("t.yaml:3"), "\(error.description)")
            #expect(error.description.contains("detection.rules.\(rule)"), "\(error.description)")
            #expect(error.description.contains("unknown key '\(key)'"), "\(error.description)")
            #expect(error.description.contains("known here: ") && error.description.contains(valid),
                    "the valid keys are listed: \(error.description)")
        }
    }

    private static func load(_ text: String) throws(ConfigurationError) -> DetectionConfiguration {
        var configuration = DetectionConfiguration()
        guard let root = try YAMLConfigNode.parse("detection:\n" + text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"),
                                                  file: "t.yaml") else { return configuration }
        let section = try root.mapping(allowed: ["detection"])
        if let node = section["detection"] { try configuration.load(from: node) }
        return configuration
    }
}
