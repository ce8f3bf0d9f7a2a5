import Members
import TimeSeries
import IXPCore

/// `member_stopped_announcing`: a member whose BGP session with a route server is up announces
/// it no prefix any more, where it announced some in the week before — its routes vanished from
/// the exchange for everyone who peers only through the route servers, while the session (and
/// every session-based check) looks healthy. Read from the route-server probe's
/// `ixp_route_server_prefixes_received`, which is written only while a session is established,
/// so a session that is down is `no_route_server_session`'s finding, not this one.
///
/// One warning per member, naming each route server and address family that went silent. When
/// half the members or more (and at least 3) stop at once, the cause is the route servers' (an
/// import filter, an RPKI or IRR source gone), and one exchange finding explains theirs.
public struct MemberStoppedAnnouncingRule: DetectionRule {
    /// The thresholds of `member_stopped_announcing` (`detection.rules.member_stopped_announcing`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// No prefix announced for this many minutes.
        public var windowMinutes: Double = 30
        /// Some prefixes announced in this many days before.
        public var baselineDays: Double = 7
        /// Readings the window needs.
        public var minimumReadings: Double = 3
        /// The prefixes the member must have announced before.
        public var minimumPrefixes: Double = 1
        /// This share of members at once is one finding about the route servers.
        public var exchangeShare: Double = 0.5
        /// And at least this many members.
        public var exchangeMinimum: Double = 3

        /// The defaults.
        public init() {}
    }

    /// `member_stopped_announcing` by default.
    public static let definition = RuleDefinition(.memberStoppedAnnouncing, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let settings = context.settings(.memberStoppedAnnouncing)
        let thresholds = context.thresholds(Self.definition)
        let window = thresholds.windowMinutes * 60
        let baseline = thresholds.baselineDays * 86_400
        let minimumReadings = Int(thresholds.minimumReadings)
        let minimumBefore = thresholds.minimumPrefixes
        let now = context.now
        var stopped: [UInt32: [(route: String, before: Double)]] = [:]
        var judged: Set<UInt32> = []
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.routeServerPrefixesReceived)) {
            guard let asn = key[label: "member_asn"].flatMap({ UInt32($0) }),
                  let latest = context.store.latest(key), now - latest.timestamp <= max(window, 3_600) else { continue }
            let recent = context.store.aggregate(.maximum, of: key, from: now - window, to: now)
            guard recent.knownValues >= minimumReadings else { continue }
            judged.insert(asn)
            guard recent.value == 0 else { continue }
            let before = context.store.aggregate(.maximum, of: key, from: now - window - baseline, to: now - window)
            guard before.value.isFinite, before.value >= minimumBefore else { continue }
            let route = "\(key[label: "route_server"] ?? "?") \(key[label: "family"] ?? "")"
            stopped[asn, default: []].append((route, before.value))
        }
        guard !stopped.isEmpty else { return RuleOutcome(findings: []) }

        var findings: [FindingCandidate] = []
        let severity = settings.severity ?? .warning
        for (asn, routes) in stopped.sorted(by: { $0.key < $1.key }) {
            let before = routes.map(\.before).max() ?? 0
            var evidence = Evidence()
            evidence.add("silent_sessions", list: routes.map(\.route).sorted())
            evidence.add("prefixes_before", before, unit: .count, window: EvidenceWindow(from: now - window - baseline, to: now - window))
            evidence.add("prefixes_now", 0, unit: .count, window: EvidenceWindow(from: now - window, to: now))
            var labels = ["member_asn": String(asn)]
            if let name = context.members?.member(asn: asn)?.name { labels["member_name"] = name }
            findings.append(FindingCandidate(
                rule: .memberStoppedAnnouncing, severity: severity, subject: .member(asn: asn),
                message: LocalizedText("member_stopped_announcing.summary",
                                       ["member": context.memberName(asn), "list": SummaryList.text(routes.map(\.route).sorted())],
                                       numbers: ["before": NumberArgument(before, .count)]),
                evidence: evidence, labels: labels))
        }
        let share = Double(stopped.count) / Double(max(judged.count, 1))
        if stopped.count >= Int(thresholds.exchangeMinimum),
           share >= thresholds.exchangeShare {
            var evidence = Evidence()
            evidence.add("members_silent", Double(stopped.count), unit: .count)
            evidence.add("members_judged", Double(judged.count), unit: .count)
            evidence.add("members", list: stopped.keys.sorted().map { context.memberName($0) })
            findings.append(FindingCandidate(
                rule: .memberStoppedAnnouncing, severity: .critical, subject: .exchange,
                message: LocalizedText("member_stopped_announcing.exchange", numbers: [
                    "count": NumberArgument(Double(stopped.count), .count), "members": NumberArgument(Double(judged.count), .count)]),
                evidence: evidence))
        }
        return RuleOutcome(findings: findings)
    }
}

extension RuleID {
    /// A member with an established route-server session announces no prefix any more, after
    /// announcing some in the week before.
    public static let memberStoppedAnnouncing: RuleID = "member_stopped_announcing"
}
