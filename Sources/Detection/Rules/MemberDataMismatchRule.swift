import IXPCore
import Members
import TimeSeries

/// `member_data_mismatch`: the member list (IX-F export), PeeringDB, the peering LAN and the
/// route servers disagree about who is on the exchange, member by member. The "no peering
/// coordinator" axis of the zombie checklist: data nobody keeps up to date.
///
/// Six checks, each run only when its sources are there (else `not_enough_data` for that part,
/// named in the evidence):
/// - `listed_not_seen`: listed as connected for the whole window, yet the capture never saw its
///   MACs, no route server had a session with it, and its ports carried nothing (needs the capture);
/// - `seen_not_listed`: an ASN with a route-server session, frames on the LAN or sFlow traffic in
///   the last day that the list does not name (needs the route servers, the capture or sFlow);
/// - `address_outside_lan`: a listed IPv4/IPv6 address (IX-F, and PeeringDB's when given) outside
///   the peering LAN's prefixes (needs the export's `ixp_list[].vlan` prefixes);
/// - `rs_peer_without_session` / `rs_session_not_rs_peer`: the list's `routeserver` flag against the
///   sessions the route servers (or the capture) saw over the window;
/// - `port_speed`: the sum of a member's listed `if_speed` against the sum of its ports' SNMP
///   speeds (needs ports mapped to members);
/// - `peeringdb_only` / `ixf_only`: in PeeringDB's `netixlan` but not in the export, or the
///   reverse; `peeringdb_only` of a member the membership history saw leave is "still listed
///   after it left" (needs PeeringDB).
///
/// One typo is no alarm: the symptom warns from `minimum_mismatches` mismatches on.
public struct MemberDataMismatchRule: DetectionRule {
    /// The thresholds of `member_data_mismatch` (`detection.rules.member_data_mismatch`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The window over which "never seen" and "no session" are judged, in days.
        public var windowDays: Double = 30
        /// Fewer mismatches than this are listed but do not warn.
        public var minimumMismatches: Double = 3
        /// A member's summed port speed may differ from its listed speed by this fraction.
        public var speedTolerance: Double = 0.01
        /// The share of the window the route-server sessions must cover to judge them.
        public var minimumKnown: Double = 0.8

        /// The defaults.
        public init() {}
    }

    /// `member_data_mismatch` by default: a warning.
    public static let definition = RuleDefinition(.memberDataMismatch, for: 14 * 86_400, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The kinds of mismatch, in the order the evidence lists them.
    public enum Kind: String, CaseIterable, Sendable {
        /// Listed as connected, never seen.
        case listedNotSeen = "listed_not_seen"
        /// Seen (route server, LAN, sFlow), not listed.
        case seenNotListed = "seen_not_listed"
        /// A listed address outside the peering LAN's prefixes.
        case addressOutsideLAN = "address_outside_lan"
        /// Listed as a route-server peer, no session over the window.
        case rsPeerWithoutSession = "rs_peer_without_session"
        /// A route-server session, but not listed as a route-server peer.
        case rsSessionNotRSPeer = "rs_session_not_rs_peer"
        /// Listed port speed against the ports' SNMP speed.
        case portSpeed = "port_speed"
        /// In PeeringDB, not in the export.
        case peeringDBOnly = "peeringdb_only"
        /// In the export, not in PeeringDB.
        case ixfOnly = "ixf_only"
    }

    /// The checks, as the evidence names them.
    enum Check: String, CaseIterable {
        case listedNotSeen = "listed_not_seen"
        case seenNotListed = "seen_not_listed"
        case addresses = "addresses"
        case routeServerPeers = "rs_peer"
        case portSpeed = "port_speed"
        case peeringDB = "peeringdb"
    }

    /// One mismatch: a member, its kind, and the detail (an address, two speeds).
    struct Mismatch {
        var asn: UInt32
        var kind: Kind
        var detail: String?

        /// `kind (detail)`.
        var text: String { detail.map { "\(kind.rawValue) (\($0))" } ?? kind.rawValue }
    }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        var evidence = Evidence()
        guard let members = context.members, !members.peeringMembers.isEmpty else {
            return symptom(.memberDataMismatch, .notEnoughData, LocalizedText("member_data_mismatch.not_enough_data"), evidence, context)
        }
        let window = EvidenceWindow(from: context.now - thresholds.windowDays * 86_400, to: context.now)
        let sources = Sources(context, window: window, minimumKnown: thresholds.minimumKnown)
        var ran: [Check] = []
        var mismatches: [Mismatch] = []
        if let found = listedNotSeen(members, sources, window: window, context) { ran.append(.listedNotSeen); mismatches += found }
        if let found = seenNotListed(members, sources) { ran.append(.seenNotListed); mismatches += found }
        if let found = addressesOutside(members, context.peeringDB) { ran.append(.addresses); mismatches += found }
        if let found = routeServerPeers(members, sources, window: window) { ran.append(.routeServerPeers); mismatches += found }
        if let found = portSpeeds(members, context, tolerance: thresholds.speedTolerance) { ran.append(.portSpeed); mismatches += found }
        if let found = peeringDBListing(members, context) { ran.append(.peeringDB); mismatches += found }

        let skipped = Check.allCases.filter { !ran.contains($0) }
        evidence.add("checks_run", list: ran.map(\.rawValue))
        if !skipped.isEmpty { evidence.add("checks_not_enough_data", list: skipped.map(\.rawValue)) }
        guard !ran.isEmpty else {
            return symptom(.memberDataMismatch, .notEnoughData, LocalizedText("member_data_mismatch.not_enough_data"), evidence, context)
        }
        let asns = Array(Set(mismatches.map(\.asn))).sorted()
        let minimum = Int(thresholds.minimumMismatches.rounded(.up))
        evidence.add("mismatches", Double(mismatches.count), unit: .count, window: window)
        evidence.add("members_with_mismatches", Double(asns.count), unit: .count)
        evidence.add("minimum_mismatches", Double(minimum), unit: .count)
        for kind in Kind.allCases {
            let count = mismatches.filter { $0.kind == kind }.count
            if count > 0 { evidence.add(kind.rawValue, Double(count), unit: .count) }
        }
        if !asns.isEmpty {
            // Member by member: "Name (AS64500): kind (detail), kind".
            evidence.add("mismatch_list", list: asns.map { asn in
                let own = mismatches.filter { $0.asn == asn }.map(\.text)
                return "\(context.memberName(asn)): \(own.joined(separator: ", "))"
            })
        }
        let numbers: [String: NumberArgument] = [
            "count": NumberArgument(Double(mismatches.count), .count), "members": NumberArgument(Double(asns.count), .count),
            "minimum": NumberArgument(Double(minimum), .count), "checks": NumberArgument(Double(ran.count), .count)]
        let list = SummaryList.text(asns.map { context.memberName($0) })
        if mismatches.isEmpty {
            return symptom(.memberDataMismatch, .ok, LocalizedText("member_data_mismatch.ok", numbers: numbers), evidence, context)
        }
        let key = mismatches.count >= minimum ? "member_data_mismatch.warning" : "member_data_mismatch.few"
        return symptom(.memberDataMismatch, mismatches.count >= minimum ? .warning : .ok,
                       LocalizedText(key, ["list": list], numbers: numbers), evidence, context)
    }

    // MARK: - The checks (nil: not enough data for that check)

    /// Listed as connected since before the window, and in the window no frame from its MACs,
    /// no route-server session and no port traffic. Judged only for members the capture knows
    /// (a series for their MACs): a member the capture cannot attribute is unknown, not unseen.
    func listedNotSeen(_ members: MemberRegistry, _ sources: Sources, window: EvidenceWindow,
                       _ context: DetectionContext) -> [Mismatch]? {
        guard let frames = sources.framesInWindow else { return nil }
        let traffic = context.memberMeans(seconds: window.to - window.from)
        // The same "carries nothing" as `ghost_members`.
        let minimumBytes = context.thresholds(GhostMembersRule.definition).minimumBitsPerSecond / 8
        var found: [Mismatch] = []
        for member in members.peeringMembers where member.isListedAsConnected {
            if let since = member.memberSince, since > window.from { continue }
            guard let seen = frames[member.asn], seen <= 0 else { continue }
            if (sources.sessionsInWindow?[member.asn] ?? 0) > 0 { continue }
            if let mean = traffic[member.asn]?.value, !mean.isNaN, mean >= minimumBytes { continue }
            found.append(Mismatch(asn: member.asn, kind: .listedNotSeen, detail: nil))
        }
        return found
    }

    /// ASNs active in the last day (a route-server session up, frames on the LAN, sFlow traffic)
    /// that the list does not name; the route servers' own ASNs are not members.
    func seenNotListed(_ members: MemberRegistry, _ sources: Sources) -> [Mismatch]? {
        guard let seen = sources.activeLastDay else { return nil }
        let routeServers = Set(members.routeServerASNs)
        return seen.filter { members.member(asn: $0.key) == nil && !routeServers.contains($0.key) }
            .sorted { $0.key < $1.key }
            .map { Mismatch(asn: $0.key, kind: .seenNotListed, detail: $0.value.sorted().joined(separator: "+")) }
    }

    /// Addresses (IX-F, and PeeringDB's when given) outside every prefix of their family.
    func addressesOutside(_ members: MemberRegistry, _ peeringDB: PeeringDBExchange?) -> [Mismatch]? {
        let prefixes = members.peeringLANPrefixes
        guard !prefixes.isEmpty else { return nil }
        func outside(_ address: String) -> Bool {
            let family = prefixes.filter { $0.isIPv6 == address.contains(":") }
            return !family.isEmpty && !family.contains { $0.contains(address) }
        }
        var found: [Mismatch] = []
        var reported = Set<String>()
        for member in members.peeringMembers {
            for address in member.ipv4Addresses + member.ipv6Addresses where outside(address) && reported.insert("\(member.asn) \(address)").inserted {
                found.append(Mismatch(asn: member.asn, kind: .addressOutsideLAN, detail: address))
            }
        }
        for network in peeringDB?.networks ?? [] {
            for address in [network.ipaddr4, network.ipaddr6].compactMap({ $0 }) where outside(address)
                && reported.insert("\(network.asn) \(MemberAddressText.ip(address) ?? address)").inserted {
                found.append(Mismatch(asn: network.asn, kind: .addressOutsideLAN, detail: "\(address), PeeringDB"))
            }
        }
        return found
    }

    /// The list's `routeserver` flag against the sessions seen over the window.
    func routeServerPeers(_ members: MemberRegistry, _ sources: Sources, window: EvidenceWindow) -> [Mismatch]? {
        guard let sessions = sources.sessionsInWindow else { return nil }
        var found: [Mismatch] = []
        for member in members.peeringMembers where member.isListedAsConnected {
            guard let flag = member.peersWithRouteServer else { continue }
            let session = (sessions[member.asn] ?? 0) > 0
            if flag, !session {
                if let since = member.memberSince, since > window.from { continue }  // not yet a whole window
                found.append(Mismatch(asn: member.asn, kind: .rsPeerWithoutSession, detail: nil))
            } else if !flag, session {
                found.append(Mismatch(asn: member.asn, kind: .rsSessionNotRSPeer, detail: nil))
            }
        }
        return found
    }

    /// Per member, the sum of the listed `if_speed` against the sum of its ports' SNMP speeds
    /// (administratively down ports left out; the list may match the ports up instead, as after
    /// an upgrade whose old port is down). `port_speed_mismatch` speaks per port when the counts
    /// match; this sum also catches a LAG member or port missing from either side.
    func portSpeeds(_ members: MemberRegistry, _ context: DetectionContext, tolerance: Double) -> [Mismatch]? {
        let ports = context.inventory.portsByMember
        guard !ports.isEmpty else { return nil }
        var found: [Mismatch] = []
        for member in members.peeringMembers where member.isListedAsConnected {
            let listed = member.listedPortSpeedsBitsPerSecond
            // A port shut (admin down) after an upgrade is not one the member uses; an old port
            // left admin up but down counts neither, yet a LAG member that is down still does:
            // the list matches when it matches the ports admin up or those up.
            let usable = (ports[member.asn] ?? []).filter { $0.adminUp != false && $0.speedBytesPerSecond.isFinite && $0.speedBytesPerSecond > 0 }
            guard !listed.isEmpty, !usable.isEmpty else { continue }
            let listedSum = listed.reduce(0, +)
            let adminUpSum = usable.reduce(0) { $0 + $1.speedBytesPerSecond } * 8
            let upSum = usable.filter { $0.up != false }.reduce(0) { $0 + $1.speedBytesPerSecond } * 8
            guard abs(listedSum - adminUpSum) > tolerance * listedSum, abs(listedSum - upSum) > tolerance * listedSum else { continue }
            found.append(Mismatch(asn: member.asn, kind: .portSpeed,
                                  detail: "\(Self.speedText(listedSum)) listed, \(Self.speedText(adminUpSum)) on \(usable.count) port(s)"))
        }
        return found
    }

    /// PeeringDB's `netixlan` against the export: members in one and not the other.
    func peeringDBListing(_ members: MemberRegistry, _ context: DetectionContext) -> [Mismatch]? {
        guard let peeringDB = context.peeringDB else { return nil }
        let exchangeASNs = Set(members.members.filter { !$0.isPeeringMember }.map(\.asn))
        let listed = Set(members.peeringMembers.filter(\.isListedAsConnected).map(\.asn))
        let inPeeringDB = Set(peeringDB.asns).subtracting(exchangeASNs)
        let departed = Set(context.membership?.departedASNs(at: context.now) ?? [])
        var found: [Mismatch] = inPeeringDB.subtracting(listed).sorted().map { asn in
            Mismatch(asn: asn, kind: .peeringDBOnly, detail: departed.contains(asn) ? "left" : nil)
        }
        found += listed.subtracting(inPeeringDB).sorted().map { Mismatch(asn: $0, kind: .ixfOnly, detail: nil) }
        return found
    }

    static func speedText(_ bitsPerSecond: Double) -> String { NumberWording.format(bitsPerSecond, .bitsPerSecond, in: .english) }
}

extension MemberDataMismatchRule {
    /// What the probes saw, per member ASN, read once per evaluation.
    struct Sources {
        /// Frames per member over the window (nil: no capture history).
        var framesInWindow: [UInt32: Double]?
        /// The largest session count per member over the window, from the route servers, else
        /// the capture (nil: neither, or too little of the window known).
        var sessionsInWindow: [UInt32: Double]?
        /// ASNs active in the last day, with the sources that saw them (nil: no source).
        var activeLastDay: [UInt32: Set<String>]?

        init(_ context: DetectionContext, window: EvidenceWindow, minimumKnown: Double) {
            let store = context.store
            let now = context.now
            framesInWindow = GhostMembersRule.framesSeen(context, from: window.from)
            // Route-server sessions: the route servers' own account first, else the capture's.
            for name in [StoreSeries.routeServerBIRDSessions, StoreSeries.routeServerSessions] {
                let each = store.aggregateEach(.maximum, of: SeriesSelector(name: name), from: window.from, to: now)
                guard !each.isEmpty else { continue }
                let covered = each.values.map { $0.totalValues > 0 ? Double($0.knownValues) / Double($0.totalValues) : 0 }.max() ?? 0
                guard covered >= minimumKnown else { break }
                var sessions: [UInt32: Double] = [:]
                for (key, result) in each {
                    guard let asn = key[label: "member_asn"].flatMap({ UInt32($0) }), !result.value.isNaN else { continue }
                    sessions[asn] = max(sessions[asn] ?? 0, result.value)
                }
                sessionsInWindow = sessions
                break
            }
            var active: [UInt32: Set<String>] = [:]
            var any = false
            for (name, source) in [(StoreSeries.routeServerBIRDSessions, "route_server"), (StoreSeries.routeServerSessions, "route_server"),
                                   (StoreSeries.memberFrames, "lan"), (StoreSeries.sflowMemberSent, "sflow"),
                                   (StoreSeries.sflowMemberReceived, "sflow")] {
                let each = store.aggregateEach(.maximum, of: SeriesSelector(name: name), from: now - 86_400, to: now)
                if !each.isEmpty { any = true }
                for (key, result) in each where !result.value.isNaN && result.value > 0 {
                    guard let asn = key[label: "member_asn"].flatMap({ UInt32($0) }) else { continue }
                    active[asn, default: []].insert(source)
                }
            }
            activeLastDay = any ? active : nil
        }
    }
}

extension RuleID {
    /// The member list, PeeringDB, the LAN and the route servers disagree about members.
    public static let memberDataMismatch: RuleID = "member_data_mismatch"
}
