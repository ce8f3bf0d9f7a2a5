/// Gives findings their life: a condition first seen is pending; held for the rule's `for`
/// it fires; gone, it resolves (a pending one that never fired is dropped). Then it marks the
/// findings other findings explain (root cause first), and forgets resolved findings after
/// `keepResolved`.
public struct FindingTracker: Sendable {
    /// The findings by id: active (pending, firing) and recently resolved.
    public private(set) var findings: [String: Finding]

    /// A tracker that resumes from `findings` (loaded from the state database after a restart).
    public init(findings: [Finding] = []) {
        self.findings = Dictionary(findings.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Applies one evaluation: `candidates` hold now; every active finding not among them no
    /// longer holds (its condition went away, or its rule was turned off) and resolves. Returns
    /// what changed.
    @discardableResult
    public mutating func update(candidates: [FindingCandidate], now: Double,
                                configuration: DetectionConfiguration) -> [FindingTransition] {
        var transitions: [FindingTransition] = []
        var seen = Set<String>()
        for candidate in candidates {
            let id = candidate.id
            guard seen.insert(id).inserted else { continue }
            let forDuration = configuration.settings(for: candidate.rule).forDuration
            var finding: Finding
            if let existing = findings[id], existing.state != .resolved {
                finding = existing
                if Self.saysSomethingNew(existing, candidate) { finding.changedAt = now }
                finding.severity = candidate.severity
                finding.message = candidate.message
                finding.summary = Wording.render(candidate.message)
                finding.evidence = candidate.evidence
                finding.labels = candidate.labels
                finding.lastSeen = now
            } else {
                finding = Finding(rule: candidate.rule, severity: candidate.severity, subject: candidate.subject,
                                  summary: Wording.render(candidate.message), message: candidate.message, evidence: candidate.evidence,
                                  labels: candidate.labels, state: .pending, firstSeen: now, lastSeen: now)
                transitions.append(FindingTransition(id: id, from: nil, to: .pending))
            }
            if finding.state == .pending, now - finding.firstSeen >= forDuration {
                finding.state = .firing
                finding.firingSince = now
                transitions.append(FindingTransition(id: id, from: .pending, to: .firing))
            }
            finding.inhibitedBy = candidate.explainedBy
            findings[id] = finding
        }
        for (id, finding) in findings where finding.state != .resolved && !seen.contains(id) {
            if finding.state == .pending {
                findings[id] = nil
                transitions.append(FindingTransition(id: id, from: .pending, to: nil))
            } else {
                var resolved = finding
                resolved.state = .resolved
                resolved.resolvedAt = now
                resolved.inhibitedBy = nil
                findings[id] = resolved
                transitions.append(FindingTransition(id: id, from: .firing, to: .resolved))
            }
        }
        for (id, finding) in findings where finding.state == .resolved && now - (finding.resolvedAt ?? now) > configuration.keepResolved {
            findings[id] = nil
        }
        applyInhibitions()
        return transitions
    }

    /// Whether `candidate` says something other than `finding` did: another severity, another
    /// sentence (its wording key; the numbers in it may move), or other texts or lists in its
    /// evidence (the ports, members, errors it names). This is what "changed" means for
    /// `Finding.changedAt` and the `unattended_findings` rule.
    static func saysSomethingNew(_ finding: Finding, _ candidate: FindingCandidate) -> Bool {
        func named(_ evidence: Evidence) -> [String: EvidenceValue] {
            var values: [String: EvidenceValue] = [:]
            for item in evidence.items where item.number == nil { values[item.name] = item.value }
            return values
        }
        return finding.severity != candidate.severity || finding.message.key != candidate.message.key
            || named(finding.evidence) != named(candidate.evidence)
    }

    /// Marks findings explained by another active finding: a switch that cannot be polled
    /// explains its ports' findings and those of its other probes; a failing capture explains LAN findings; an exchange-wide
    /// finding of a rule explains that rule's member findings; a member down explains its ports
    /// (set by the rule itself).
    mutating func applyInhibitions() {
        let active = findings.values.filter { $0.state != .resolved }
        var failingSwitches: [String: String] = [:]
        var failingCapture: String?
        var exchangeWide: [RuleID: String] = [:]
        for finding in active {
            switch (finding.rule, finding.subject) {
            case (.probeFailing, .switch(let name)): failingSwitches[name] = finding.id
            case (.probeFailing, .probe(let name)) where name.hasPrefix("peering_lan"): failingCapture = finding.id
            case (_, .exchange): exchangeWide[finding.rule] = finding.id
            default: break
            }
        }
        for finding in active {
            var explainedBy = finding.inhibitedBy.flatMap { id in findings[id]?.state == .resolved ? nil : findings[id]?.id }
            if explainedBy == nil, let switchName = finding.labels["switch"],
               finding.rule != .probeFailing || finding.subject != .switch(switchName) {
                explainedBy = failingSwitches[switchName]
            }
            if explainedBy == nil, let capture = failingCapture, finding.rule == .lanViolation || finding.rule == .captureDrops {
                explainedBy = capture
            }
            if explainedBy == nil, finding.subject != .exchange, let wide = exchangeWide[finding.rule] {
                explainedBy = wide
            }
            findings[finding.id]?.inhibitedBy = explainedBy
        }
    }

    /// Active findings (pending and firing), most severe first.
    public var active: [Finding] {
        findings.values.filter { $0.state != .resolved }.sorted(by: Finding.displayOrder)
    }

    /// All findings, active first, most severe first.
    public var all: [Finding] {
        findings.values.sorted(by: Finding.displayOrder)
    }
}

/// One change of a finding's state (nil: it does not exist before or after).
public struct FindingTransition: Sendable, Hashable {
    /// The finding.
    public var id: String
    /// Its state before.
    public var from: FindingState?
    /// Its state after.
    public var to: FindingState?
}

extension Finding {
    /// Active before resolved, firing before pending, critical before info, then by rule and subject.
    public static func displayOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        func stateRank(_ state: FindingState) -> Int {
            switch state {
            case .firing: 0
            case .pending: 1
            case .resolved: 2
            }
        }
        if stateRank(lhs.state) != stateRank(rhs.state) { return stateRank(lhs.state) < stateRank(rhs.state) }
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.subject < rhs.subject
    }
}
