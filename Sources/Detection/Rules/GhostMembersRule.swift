import Members
import TimeSeries
import IXPCore

/// `ghost_members`: members listed as connected whose ports, for 30 days, are down or carry
/// nothing, and none of whose MACs the capture has seen on the peering LAN. Without a capture
/// the ports alone decide (the evidence says so).
public struct GhostMembersRule: DetectionRule {
    /// The thresholds of `ghost_members` (`detection.rules.ghost_members`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The window, in days.
        public var windowDays: Double = 30
        /// A port carrying less than this (bit/s) carries nothing.
        public var minimumBitsPerSecond: Double = 1_000
        /// The fraction of the window that must be known to judge.
        public var minimumKnown: Double = 0.8

        /// The defaults.
        public init() {}
    }

    /// `ghost_members` by default.
    public static let definition = RuleDefinition(.ghostMembers, for: 86_400, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let days = thresholds.windowDays
        let minimumBytes = thresholds.minimumBitsPerSecond / 8
        let minimumKnown = thresholds.minimumKnown
        let window = EvidenceWindow(from: context.now - days * 86_400, to: context.now)
        var evidence = Evidence()
        guard let members = context.members else {
            return symptom(.ghostMembers, .notEnoughData, LocalizedText("ghost_members.not_enough_data", numbers: [
                "known": NumberArgument(0, .ratio)]), evidence, context)
        }
        let statistics = context.portPercentiles(95, seconds: days * 86_400, function: .maximum, minimumStep: 3_600)
        let ports = context.inventory.portsByMember
        let lanFrames = Self.framesSeen(context, from: window.from)
        var ghosts: [UInt32] = []
        var judged = 0, known = 0, total = 0
        for member in members.peeringMembers where member.isListedAsConnected {
            // A member who joined inside the window has not had 30 days to show life.
            if let since = member.memberSince, since > window.from { continue }
            let memberPorts = ports[member.asn] ?? []
            var portsDead: Bool? = nil
            if !memberPorts.isEmpty {
                var dead = true
                var enough = true
                for port in memberPorts {
                    guard let statistic = statistics[port] else { enough = false; continue }
                    known += statistic.known
                    total += statistic.total
                    if statistic.knownFraction < minimumKnown { enough = false }
                    if !(statistic.value < minimumBytes) { dead = false }
                }
                portsDead = enough ? dead : nil
            }
            // A member without a series (no MAC in the list) is unknown to the capture, not silent.
            let seenOnLAN: Bool? = lanFrames.flatMap { frames in frames[member.asn].map { $0 > 0 } }
            switch (portsDead, seenOnLAN) {
            case (nil, nil), (nil, true?), (false?, _), (_, true?):
                if portsDead != nil || seenOnLAN != nil { judged += 1 }
            case (true?, nil), (true?, false?), (nil, false?):
                judged += 1
                ghosts.append(member.asn)
            }
        }
        evidence.add("members_judged", Double(judged), unit: .count, window: window)
        evidence.add("ghosts", Double(ghosts.count), unit: .count, window: window)
        evidence.add("capture", text: lanFrames == nil ? "none" : "yes")
        if !ghosts.isEmpty { evidence.add("members", list: ghosts.map { context.memberName($0) }) }
        let fraction = total > 0 ? Double(known) / Double(total) : (lanFrames == nil ? 0 : 1)
        guard judged > 0, fraction >= minimumKnown || lanFrames != nil else {
            return symptom(.ghostMembers, .notEnoughData, LocalizedText("ghost_members.not_enough_data", numbers: [
                "known": NumberArgument(fraction, .ratio)]), evidence, context)
        }
        let findings = ghosts.map { asn in
            FindingCandidate(rule: .ghostMembers, severity: context.settings(.ghostMembers).severity ?? .warning,
                             subject: .member(asn: asn),
                             message: LocalizedText("ghost_members.warning.one", ["list": context.memberName(asn)]),
                             evidence: evidence, labels: ["member_asn": String(asn)])
        }
        let key = ghosts.isEmpty ? "ghost_members.ok" : ghosts.count == 1 ? "ghost_members.warning.one" : "ghost_members.warning"
        let text = LocalizedText(key,
                                 ["list": SummaryList.text(ghosts.map { context.memberName($0) })],
                                 numbers: ["count": NumberArgument(Double(ghosts.count), .count)])
        // The exchange finding names them all; one finding per member lets mail reach each contact.
        var outcome = symptom(.ghostMembers, ghosts.isEmpty ? .ok : .warning, text, evidence, context)
        outcome.findings += findings
        return outcome
    }

    /// Frames seen per member on the LAN since `from`, or nil when no capture history exists.
    static func framesSeen(_ context: DetectionContext, from: Double) -> [UInt32: Double]? {
        let keys = context.store.keys(matching: SeriesSelector(name: StoreSeries.memberFrames))
        guard !keys.isEmpty else { return nil }
        var result: [UInt32: Double] = [:]
        for key in keys {
            guard let asn = key[label: "member_asn"].flatMap({ UInt32($0) }) else { continue }
            let sum = context.store.aggregate(.sum, of: key, from: from, to: context.now)
            result[asn, default: 0] += sum.value.isNaN ? 0 : sum.value
        }
        return result
    }
}

extension RuleID {
    /// Members listed as connected whose port is dead or empty and who are not seen on the LAN.
    public static let ghostMembers: RuleID = "ghost_members"
}
