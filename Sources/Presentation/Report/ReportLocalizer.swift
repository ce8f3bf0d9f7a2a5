public import Detection
import IXPCore

/// What the text and HTML reports (and the mail) share to put a report into words in one
/// language: the wording tables, the value formatter, and the phrases built from the model
/// (a symptom's title and summary, a finding's subject, the overall verdict).
public import IXPCore
public struct ReportLocalizer: Sendable {
    /// The language.
    public let language: Language
    /// Its number formatter.
    public let format: ValueFormatter

    /// A localizer for `language`.
    public init(language: Language) {
        self.language = language
        self.format = ValueFormatter(language: language)
    }

    /// The wording of `key` with `arguments` filled.
    public func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        Phrasebook.render(key, arguments, in: language)
    }

    /// A verdict's name: `Critical`, `Données insuffisantes`.
    public func verdict(_ verdict: Verdict) -> String { text("verdict.\(verdict.rawValue)") }

    /// A severity's name.
    public func severity(_ severity: Severity) -> String { text("severity.\(severity.rawValue)") }

    /// A finding state's name.
    public func state(_ state: FindingState) -> String { text("state.\(state.rawValue)") }

    /// A symptom's title, e.g. `Traffic trend`; the rule id when the tables have none.
    public func title(of rule: RuleID) -> String {
        let key = "\(rule.rawValue).title"
        return Phrasebook.table(language)[key] ?? Phrasebook.table(.english)[key] ?? rule.rawValue
    }

    /// A symptom's summary in the language: its message rendered; the English summary when the
    /// message's key is unknown (a report from a newer agent).
    public func summary(of symptom: Symptom) -> String {
        rendered(symptom.message, fallback: symptom.summary)
    }

    /// A finding's summary in the language (see `summary(of:)` for symptoms).
    public func summary(of finding: Finding) -> String {
        rendered(finding.message, fallback: finding.summary)
    }

    private func rendered(_ message: LocalizedText, fallback: String) -> String {
        let known = Phrasebook.table(language)[message.key] ?? Phrasebook.table(.english)[message.key]
        guard known != nil else { return fallback.isEmpty ? message.key : fallback }
        return Phrasebook.render(message, in: language)
    }

    /// What a finding is about, for people: `AS64500 Example Net`, `sw1 Ethernet7 (AS64500 Example Net)`.
    public func subject(of finding: Finding, members: [UInt32: MemberOverview] = [:]) -> String {
        let memberName = finding.labels["member_name"] ?? finding.memberASN.flatMap { members[$0]?.name }
        switch finding.subject {
        case .member(let asn):
            return memberName.map { "AS\(asn) \($0)" } ?? "AS\(asn)"
        case .port:
            guard let asn = finding.memberASN else { return finding.subject.description }
            let member = memberName.map { "AS\(asn) \($0)" } ?? "AS\(asn)"
            return "\(finding.subject.description) (\(member))"
        case .exchange:
            return text("subject.exchange")
        case .switch(let name):
            return text("subject.switch", ["name": name])
        case .mac(let mac):
            return text("subject.mac", ["mac": mac])
        case .probe(let name):
            return text("subject.probe", ["name": name])
        }
    }

    /// A member's name, or the placeholder for members without one.
    public func name(of member: MemberOverview) -> String {
        guard let name = member.name, !name.isEmpty else { return text("unknown_name") }
        return name
    }

    /// The banner sentence for the report's worst verdict.
    public func overall(_ report: HealthReport) -> String {
        text("overall.\(report.worstVerdict.rawValue)")
    }

    /// How many symptoms have each verdict, in words.
    public func overallCounts(_ report: HealthReport) -> String {
        var arguments: [String: String] = [:]
        for verdict in Verdict.allCases {
            arguments[verdict.rawValue] = format.count(report.symptoms.filter { $0.verdict == verdict }.count)
        }
        return text("overall.counts", arguments)
    }

    /// The span of history, `History from 2024-11-27 to 2026-11-27 (730 days)`, or that there is none.
    public func history(_ exchange: ExchangeOverview) -> String {
        guard let from = exchange.historyFrom, let to = exchange.historyTo, from.isFinite, to.isFinite else {
            return text("report.history_none")
        }
        return text("report.history", ["from": format.date(from), "to": format.date(to), "days": format.duration(to - from)])
    }

    /// Why the count of member ports up is unknown, or nil when it is known: no port is
    /// mapped to a member, or none has a status in the history. Renderers show "unknown" with
    /// this reason, never 0.
    public func portsUpUnknownReason(_ exchange: ExchangeOverview) -> String? {
        guard exchange.portsUp == nil else { return nil }
        return exchange.ports == 0 ? text("figure.ports_unmapped")
            : text("figure.ports_no_status", ["ports": format.count(exchange.ports)])
    }

    /// `count`, or "–" when it is unknown.
    public func count(_ count: Int?) -> String { count.map(format.count) ?? ValueFormatter.unknown }

    /// Why the member count is unknown (no member list and no port mapped to a member), or nil
    /// when it is known.
    public func membersUnknownReason(_ exchange: ExchangeOverview) -> String? {
        exchange.members == nil ? text("figure.members_unknown") : nil
    }

    /// The symptoms in the report's order: the zombie symptoms first as `RuleID.zombieSymptoms`
    /// lists them, then any other.
    public func orderedSymptoms(_ report: HealthReport) -> [Symptom] {
        let order = Dictionary(uniqueKeysWithValues: RuleID.zombieSymptoms.enumerated().map { ($1, $0) })
        return report.symptoms.enumerated().sorted { left, right in
            let l = order[left.element.rule] ?? Int.max, r = order[right.element.rule] ?? Int.max
            return l != r ? l < r : left.offset < right.offset
        }.map(\.element)
    }

    /// Findings most urgent first: firing before pending before resolved, then critical first,
    /// then the oldest first.
    public func orderedFindings(_ report: HealthReport) -> [Finding] {
        func stateRank(_ state: FindingState) -> Int {
            switch state {
            case .firing: 0
            case .pending: 1
            case .resolved: 2
            }
        }
        return report.findings.sorted { left, right in
            if stateRank(left.state) != stateRank(right.state) { return stateRank(left.state) < stateRank(right.state) }
            if left.severity != right.severity { return left.severity > right.severity }
            if left.firstSeen != right.firstSeen { return left.firstSeen < right.firstSeen }
            return left.id < right.id
        }
    }

    /// Members by traffic, largest first (unknown traffic last, then by ASN).
    public func rankedMembers(_ report: HealthReport) -> [MemberOverview] {
        report.members.sorted { left, right in
            let l = left.trafficP95BitsPerSecond.isFinite ? left.trafficP95BitsPerSecond : -1
            let r = right.trafficP95BitsPerSecond.isFinite ? right.trafficP95BitsPerSecond : -1
            return l != r ? l > r : left.asn < right.asn
        }
    }

    /// The label of a traffic share: "Others" in the language for the rest.
    public func label(of share: TrafficShare) -> String {
        if share.asn == nil && share.label.lowercased() == "others" { return text("others") }
        return share.label
    }

    /// The member owning a port, as `AS64500 Name`, or empty.
    public func owner(of port: PortOverview, members: [UInt32: MemberOverview]) -> String {
        guard let asn = port.memberASN else { return "" }
        guard let name = members[asn]?.name, !name.isEmpty else { return "AS\(asn)" }
        return "AS\(asn) \(name)"
    }

    /// The members by ASN.
    public func membersByASN(_ report: HealthReport) -> [UInt32: MemberOverview] {
        Dictionary(report.members.map { ($0.asn, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
