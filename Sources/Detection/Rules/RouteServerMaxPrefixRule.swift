import Members
import TimeSeries
import IXPCore

/// `route_server_max_prefix`: a member announces a route server at least 80 % (by default)
/// of the `max_prefix` its IX-F entry declares for the address family, as the route-server
/// probe reads it from BIRD (`ixp_route_server_max_prefix_ratio`). One warning per member,
/// family and route server: near the limit, a few more prefixes and the session drops.
public struct RouteServerMaxPrefixRule: DetectionRule {
    /// The thresholds of `route_server_max_prefix` (`detection.rules.route_server_max_prefix`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The fraction of the member's `max_prefix` that is a problem.
        public var ratio: Double = 0.8

        /// The defaults.
        public init() {}
    }

    /// `route_server_max_prefix` by default.
    public static let definition = RuleDefinition(.routeServerMaxPrefix, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.routeServerMaxPrefix)
        let thresholds = context.thresholds(Self.definition)
        let threshold = thresholds.ratio
        var findings: [FindingCandidate] = []
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.routeServerMaxPrefixRatio)) {
            // Only a current reading counts: a route server that stopped answering is the
            // probe-health rule's finding, not a stale near-limit one.
            guard let latest = context.store.latest(key), context.now - latest.timestamp <= 3_600,
                  latest.value.isFinite, latest.value >= threshold,
                  let asn = key[label: "member_asn"].flatMap({ UInt32($0) }) else { continue }
            let family = key[label: "family"] ?? ""
            let routeServer = key[label: "route_server"] ?? ""
            let member = context.members?.member(asn: asn)
            let limit = family == "ipv6" ? member?.maxPrefixIPv6 : member?.maxPrefixIPv4
            var evidence = Evidence()
            evidence.add("route_server", text: routeServer)
            evidence.add("address_family", text: family)
            evidence.add("max_prefix_ratio", latest.value, unit: .ratio)
            var numbers = ["ratio": NumberArgument(latest.value, .ratio)]
            if let limit {
                evidence.add("max_prefix", Double(limit), unit: .count)
                evidence.add("prefixes_received", (latest.value * Double(limit)).rounded(), unit: .count)
                numbers["limit"] = NumberArgument(Double(limit), .count)
                numbers["received"] = NumberArgument((latest.value * Double(limit)).rounded(), .count)
            }
            var labels = ["member_asn": String(asn), "route_server": routeServer, "family": family]
            if let name = member?.name { labels["member_name"] = name }
            findings.append(FindingCandidate(
                rule: .routeServerMaxPrefix, severity: settings.severity ?? .warning, subject: .member(asn: asn),
                message: LocalizedText("route_server_max_prefix.summary",
                                       ["member": context.memberName(asn), "family": family, "route_server": routeServer],
                                       numbers: numbers),
                evidence: evidence, labels: labels))
        }
        return RuleOutcome(findings: findings)
    }
}

extension RuleID {
    /// A member announces a route server close to its IX-F `max_prefix`.
    public static let routeServerMaxPrefix: RuleID = "route_server_max_prefix"
}
