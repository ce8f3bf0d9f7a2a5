import Members
import TimeSeries
import IXPCore

/// `no_route_server_session`: members with no BGP session to any route server, as the route
/// servers themselves report it (`ixp_route_server_sessions`, read from BIRD; a listed member
/// the route servers do not know has none), else as the capture sees it
/// (`ixp_lan_route_server_sessions`), else as the member list declares it
/// (`routeserver: false` on every address). Each such member gets an info finding; the symptom
/// is a warning when the share of members using the route servers falls (by 5 points over 90
/// days, by default).
public struct NoRouteServerSessionRule: DetectionRule {
    /// The thresholds of `no_route_server_session` (`detection.rules.no_route_server_session`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// A fall of this share of members with a session is a problem.
        public var shareDrop: Double = 0.05

        /// The defaults.
        public init() {}
    }

    /// `no_route_server_session` by default.
    public static let definition = RuleDefinition(.noRouteServerSession, for: 3_600, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let now = context.now
        let statusNow = Self.sessions(context, at: now)
        var evidence = Evidence()
        guard !statusNow.isEmpty else {
            return symptom(.noRouteServerSession, .notEnoughData, LocalizedText("no_route_server_session.not_enough_data"), evidence, context)
        }
        let source = !context.store.keys(matching: SeriesSelector(name: StoreSeries.routeServerBIRDSessions)).isEmpty
            ? "route servers" : context.lan == nil ? "member list" : "capture"
        let without = statusNow.filter { !$0.value }.keys.sorted()
        let users = statusNow.count - without.count
        let share = Double(users) / Double(statusNow.count)
        evidence.add("members_known", Double(statusNow.count), unit: .count)
        evidence.add("route_server_users", Double(users), unit: .count)
        evidence.add("share", share, unit: .ratio)
        if !without.isEmpty { evidence.add("without_session", list: without.map { context.memberName($0) }) }
        let findings = without.map { asn in
            FindingCandidate(rule: .noRouteServerSession, severity: .info, subject: .member(asn: asn),
                             message: LocalizedText("no_route_server_session.warning.one", ["list": context.memberName(asn)]),
                             evidence: Evidence([EvidenceItem(name: "source", value: .text(source))]),
                             labels: ["member_asn": String(asn)].merging(
                                context.members?.member(asn: asn)?.name.map { ["member_name": $0] } ?? [:]) { first, _ in first })
        }
        let before = Self.sessions(context, at: now - 90 * 86_400)
        if before.count >= 3 {
            let shareBefore = Double(before.values.filter { $0 }.count) / Double(before.count)
            evidence.add("share_90_days_ago", shareBefore, unit: .ratio)
            if shareBefore - share >= context.thresholds(Self.definition).shareDrop {
                let text = LocalizedText("no_route_server_session.falling", numbers: [
                    "share": NumberArgument(share, .ratio), "share_before": NumberArgument(shareBefore, .ratio)])
                return symptom(.noRouteServerSession, .warning, text, evidence, context, extraFindings: findings)
            }
        }
        let text = LocalizedText("no_route_server_session.ok", numbers: [
            "users": NumberArgument(Double(users), .count), "members": NumberArgument(Double(statusNow.count), .count)])
        var outcome = symptom(.noRouteServerSession, .ok, text, evidence, context)
        outcome.findings = findings
        return outcome
    }

    /// Per member, whether it has a route-server session at `time`: from the capture's series
    /// (the largest count seen in the day before `time`), else from the member list's flags.
    static func sessions(_ context: DetectionContext, at time: Double) -> [UInt32: Bool] {
        var result: [UInt32: Bool] = [:]
        let routeServers = Set(context.members?.routeServerASNs ?? [])
        // The route servers' own account comes first: a member has a session when any route
        // server had one established with it in the day before `time`.
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.routeServerBIRDSessions)) {
            guard let asn = key[label: "member_asn"].flatMap({ UInt32($0) }), !routeServers.contains(asn),
                  let range = context.store.query(key, from: time - 86_400, to: time, function: .maximum) else { continue }
            let known = range.values.filter { !$0.isNaN }
            guard !known.isEmpty else { continue }
            result[asn] = (result[asn] ?? false) || (known.max() ?? 0) > 0
        }
        if !result.isEmpty {
            if let members = context.members, time >= context.now - 86_400 {
                let listed = members.activeMembers.isEmpty ? members.peeringMembers : members.activeMembers
                for member in listed where result[member.asn] == nil && !routeServers.contains(member.asn) {
                    result[member.asn] = false
                }
            }
            return result
        }
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.routeServerSessions)) {
            guard let asn = key[label: "member_asn"].flatMap({ UInt32($0) }), !routeServers.contains(asn),
                  let range = context.store.query(key, from: time - 86_400, to: time, function: .maximum) else { continue }
            let known = range.values.filter { !$0.isNaN }
            guard !known.isEmpty else { continue }
            // One series per capture (`interface`): a session seen on any peering LAN counts.
            result[asn] = (result[asn] ?? false) || (known.max() ?? 0) > 0
        }
        guard result.isEmpty, let members = context.members, time >= context.now - 86_400 else { return result }
        for member in members.peeringMembers {
            if let flag = member.peersWithRouteServer { result[member.asn] = flag }
        }
        return result
    }
}

extension RuleID {
    /// Members with no BGP session to any route server.
    public static let noRouteServerSession: RuleID = "no_route_server_session"
}
