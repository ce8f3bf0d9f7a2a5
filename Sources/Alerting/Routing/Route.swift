public import Detection
import Foundation
public import IXPCore

/// Where matching findings go and how they are grouped (`routes: [{receiver: noc, match: …}]`).
public struct Route: Sendable, Hashable, Codable {
    /// The receiver's name.
    public var receiver: String
    /// Which findings the route takes; an empty match takes all.
    public var match: RouteMatch
    /// Whether later routes are tried after this one matched (default no: first match wins).
    public var `continue`: Bool
    /// The labels findings are grouped by (`rule`, `severity`, `subject`, `member_asn`,
    /// `switch`, `interface`, or any finding label); empty puts every finding of the route in one
    /// group, `["..."]` gives every finding its own group.
    public var groupBy: [String]
    /// Overrides of the default timing; nil keeps the default.
    public var groupWait: Double?
    /// See ``groupWait``.
    public var groupInterval: Double?
    /// See ``groupWait``.
    public var repeatInterval: Double?
    /// See ``groupWait``.
    public var sendResolved: Bool?

    /// A route.
    public init(receiver: String, match: RouteMatch = RouteMatch(), continue: Bool = false, groupBy: [String] = [],
                groupWait: Double? = nil, groupInterval: Double? = nil, repeatInterval: Double? = nil,
                sendResolved: Bool? = nil) {
        self.receiver = receiver
        self.match = match
        self.continue = `continue`
        self.groupBy = groupBy
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
        self.sendResolved = sendResolved
    }

    /// The timing of this route: its overrides over `defaults`.
    public func effectiveTiming(_ defaults: NotificationTiming) -> NotificationTiming {
        NotificationTiming(groupWait: groupWait ?? defaults.groupWait,
                           groupInterval: groupInterval ?? defaults.groupInterval,
                           repeatInterval: repeatInterval ?? defaults.repeatInterval,
                           sendResolved: sendResolved ?? defaults.sendResolved)
    }

    /// The group key of `finding` on the route at `index`: the route, its receiver and the
    /// values of the `groupBy` labels.
    func groupKey(of finding: Finding, routeIndex index: Int) -> String {
        let labels = FindingLabels.of(finding)
        let values: [String]
        if groupBy == ["..."] {
            values = ["id=\(finding.id)"]
        } else {
            values = groupBy.map { "\($0)=\(labels[$0] ?? "")" }
        }
        return "route\(index):\(receiver){\(values.joined(separator: ","))}"
    }
}

/// Which findings a route takes; every condition given must hold.
public struct RouteMatch: Sendable, Hashable, Codable {
    /// At least this severity (`warning` takes warning and critical).
    public var severity: Severity?
    /// One of these rules; empty takes any.
    public var rules: [RuleID]
    /// The subject's text (`AS64500`, `sw1 Ethernet7`), with `*` matching any run of
    /// characters (`sw1 *`).
    public var subject: String?
    /// Findings about this member (from the subject or the `member_asn` label): what a member's
    /// contact receives.
    public var memberASN: UInt32?

    /// A match.
    public init(severity: Severity? = nil, rules: [RuleID] = [], subject: String? = nil, memberASN: UInt32? = nil) {
        self.severity = severity
        self.rules = rules
        self.subject = subject
        self.memberASN = memberASN
    }

    /// Whether `finding` matches.
    public func matches(_ finding: Finding) -> Bool {
        if let severity, finding.severity < severity { return false }
        if !rules.isEmpty, !rules.contains(finding.rule) { return false }
        if let subject, !Glob.matches(subject, finding.subject.description) { return false }
        if let memberASN, finding.memberASN != memberASN { return false }
        return true
    }
}

/// The labels findings are routed, grouped and silenced by.
enum FindingLabels {
    /// `rule`, `severity`, `subject`, `member_asn` (when known) and the finding's own labels.
    static func of(_ finding: Finding) -> [String: String] {
        var labels = finding.labels
        labels["rule"] = finding.rule.rawValue
        labels["severity"] = finding.severity.rawValue
        labels["subject"] = finding.subject.description
        if let asn = finding.memberASN { labels["member_asn"] = String(asn) }
        return labels
    }
}

/// `*` wildcards, nothing else.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == text }
        var rest = Substring(text)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        let last = parts[parts.count - 1]
        return rest.hasSuffix(last)
    }
}
