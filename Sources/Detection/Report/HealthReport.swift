/// The health report: a verdict per zombie-IXP symptom, the findings, the members, and the
/// series its charts draw. Produced by `HealthReportBuilder`, rendered as JSON, text or HTML,
/// served at `/api/v1/report` and `/report`.
///
/// JSON: `{"generated_at", "language", "exchange": {…}, "axes": [{"axis", "verdict", "rules",
/// "decided_by"}], "changes": {…} | null, "symptoms": [{"rule", "verdict", "summary",
/// "evidence"}], "findings": […], "members": […], "charts": {…}}`; every zombie symptom appears
/// in `symptoms` exactly once, in `RuleID.zombieSymptoms` order; `axes` is derived from them.
public struct HealthReport: Sendable, Hashable, Codable {
    /// When it was made, seconds since the epoch.
    public var generatedAt: Double
    /// The language of its summaries.
    public var language: Language
    /// The exchange at a glance.
    public var exchange: ExchangeOverview
    /// One verdict per zombie symptom.
    public var symptoms: [Symptom]
    /// What changed since the last report, if the report was asked for a period.
    public var changes: ReportChanges?
    /// Active findings (pending and firing) and those resolved recently.
    public var findings: [Finding]
    /// Every member, largest traffic first.
    public var members: [MemberOverview]
    /// What the charts draw.
    public var charts: ReportCharts

    /// A report.
    public init(generatedAt: Double, language: Language, exchange: ExchangeOverview, symptoms: [Symptom],
                changes: ReportChanges? = nil, findings: [Finding], members: [MemberOverview], charts: ReportCharts) {
        self.generatedAt = generatedAt
        self.language = language
        self.exchange = exchange
        self.symptoms = symptoms
        self.changes = changes
        self.findings = findings
        self.members = members
        self.charts = charts
    }

    /// The worst verdict: what the report's exit status follows (0 for ok and not_enough_data,
    /// 1 for warning or critical).
    public var worstVerdict: Verdict {
        if symptoms.contains(where: { $0.verdict == .critical }) { return .critical }
        if symptoms.contains(where: { $0.verdict == .warning }) { return .warning }
        if symptoms.allSatisfy({ $0.verdict == .notEnoughData }) && !symptoms.isEmpty { return .notEnoughData }
        return .ok
    }

    /// One verdict per board question (`ReportAxis`), from the symptoms: the report's first page.
    public var axes: [AxisVerdict] { AxisVerdict.all(from: symptoms) }

    enum CodingKeys: String, CodingKey {
        case generatedAt = "generated_at", language, exchange, axes, changes, symptoms, findings, members, charts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        generatedAt = try container.decodeNaNIfNull(forKey: .generatedAt)
        language = try container.decodeIfPresent(Language.self, forKey: .language) ?? .english
        exchange = try container.decode(ExchangeOverview.self, forKey: .exchange)
        symptoms = try container.decodeIfPresent([Symptom].self, forKey: .symptoms) ?? []
        changes = try container.decodeIfPresent(ReportChanges.self, forKey: .changes)
        findings = try container.decodeIfPresent([Finding].self, forKey: .findings) ?? []
        members = try container.decodeIfPresent([MemberOverview].self, forKey: .members) ?? []
        charts = try container.decodeIfPresent(ReportCharts.self, forKey: .charts) ?? ReportCharts()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeFinite(generatedAt, forKey: .generatedAt)
        try container.encode(language, forKey: .language)
        try container.encode(exchange, forKey: .exchange)
        try container.encode(axes, forKey: .axes)
        try container.encodeOrNull(changes, forKey: .changes)
        try container.encode(symptoms, forKey: .symptoms)
        try container.encode(findings, forKey: .findings)
        try container.encode(members, forKey: .members)
        try container.encode(charts, forKey: .charts)
    }
}

/// The exchange at a glance.
public struct ExchangeOverview: Sendable, Hashable, Codable {
    /// Its name (from the member list or the configuration).
    public var name: String
    /// Members in the member list (peering members with an active connection), else members
    /// with a mapped port; nil when unknown (no member list and no port mapped to a member).
    public var members: Int?
    /// Members whose ports carried traffic in the last 24 hours; nil when unknown (no member
    /// port's traffic is known over the day).
    public var activeMembers: Int?
    /// Member ports monitored.
    public var ports: Int
    /// Member ports up now; nil when unknown (no member port, or none with a known status in
    /// the history), encoded as null: an unknown count is never 0.
    public var portsUp: Int?
    /// Sum of member port speeds, bits per second; NaN when no member port's speed is known
    /// (encoded as null).
    public var capacityBitsPerSecond: Double
    /// Aggregate traffic figures.
    public var traffic: TrafficOverview
    /// The first and last time the history covers (seconds since the epoch), if any.
    public var historyFrom: Double?
    /// See `historyFrom`.
    public var historyTo: Double?

    /// An overview.
    public init(name: String, members: Int?, activeMembers: Int?, ports: Int, portsUp: Int?, capacityBitsPerSecond: Double,
                traffic: TrafficOverview, historyFrom: Double?, historyTo: Double?) {
        self.name = name
        self.members = members
        self.activeMembers = activeMembers
        self.ports = ports
        self.portsUp = portsUp
        self.capacityBitsPerSecond = capacityBitsPerSecond
        self.traffic = traffic
        self.historyFrom = historyFrom
        self.historyTo = historyTo
    }

    enum CodingKeys: String, CodingKey {
        case name, members, ports, traffic
        case activeMembers = "active_members", portsUp = "ports_up", capacityBitsPerSecond = "capacity_bits_per_second"
        case historyFrom = "history_from", historyTo = "history_to"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        members = try container.decodeIfPresent(Int.self, forKey: .members)
        activeMembers = try container.decodeIfPresent(Int.self, forKey: .activeMembers)
        ports = try container.decodeIfPresent(Int.self, forKey: .ports) ?? 0
        portsUp = try container.decodeIfPresent(Int.self, forKey: .portsUp)
        capacityBitsPerSecond = try container.decodeNaNIfNull(forKey: .capacityBitsPerSecond)
        traffic = try container.decodeIfPresent(TrafficOverview.self, forKey: .traffic) ?? TrafficOverview()
        historyFrom = try container.decodeIfPresent(Double.self, forKey: .historyFrom)
        historyTo = try container.decodeIfPresent(Double.self, forKey: .historyTo)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeOrNull(members, forKey: .members)
        try container.encodeOrNull(activeMembers, forKey: .activeMembers)
        try container.encode(ports, forKey: .ports)
        try container.encodeOrNull(portsUp, forKey: .portsUp)
        try container.encodeFinite(capacityBitsPerSecond, forKey: .capacityBitsPerSecond)
        try container.encode(traffic, forKey: .traffic)
        try container.encodeFiniteIfPresent(historyFrom, forKey: .historyFrom)
        try container.encodeFiniteIfPresent(historyTo, forKey: .historyTo)
    }
}

/// Aggregate traffic (into the exchange from its members), bits per second; NaN when unknown
/// (encoded as null).
public struct TrafficOverview: Sendable, Hashable, Codable {
    /// The newest value.
    public var currentBitsPerSecond: Double
    /// The peak of the last 24 hours.
    public var peakLastDayBitsPerSecond: Double
    /// The 95th percentile of the daily peaks of the last 90 days.
    public var p95DailyPeakLastQuarterBitsPerSecond: Double
    /// The same for the 90 days before.
    public var p95DailyPeakPreviousQuarterBitsPerSecond: Double
    /// The same a year earlier.
    public var p95DailyPeakYearAgoBitsPerSecond: Double

    /// Traffic figures.
    public init(currentBitsPerSecond: Double = .nan, peakLastDayBitsPerSecond: Double = .nan,
                p95DailyPeakLastQuarterBitsPerSecond: Double = .nan, p95DailyPeakPreviousQuarterBitsPerSecond: Double = .nan,
                p95DailyPeakYearAgoBitsPerSecond: Double = .nan) {
        self.currentBitsPerSecond = currentBitsPerSecond
        self.peakLastDayBitsPerSecond = peakLastDayBitsPerSecond
        self.p95DailyPeakLastQuarterBitsPerSecond = p95DailyPeakLastQuarterBitsPerSecond
        self.p95DailyPeakPreviousQuarterBitsPerSecond = p95DailyPeakPreviousQuarterBitsPerSecond
        self.p95DailyPeakYearAgoBitsPerSecond = p95DailyPeakYearAgoBitsPerSecond
    }

    enum CodingKeys: String, CodingKey {
        case currentBitsPerSecond = "current_bits_per_second", peakLastDayBitsPerSecond = "peak_last_day_bits_per_second"
        case p95DailyPeakLastQuarterBitsPerSecond = "p95_daily_peak_last_quarter_bits_per_second"
        case p95DailyPeakPreviousQuarterBitsPerSecond = "p95_daily_peak_previous_quarter_bits_per_second"
        case p95DailyPeakYearAgoBitsPerSecond = "p95_daily_peak_year_ago_bits_per_second"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value(_ key: CodingKeys) throws -> Double { try container.decodeIfPresent(Double.self, forKey: key) ?? .nan }
        currentBitsPerSecond = try value(.currentBitsPerSecond)
        peakLastDayBitsPerSecond = try value(.peakLastDayBitsPerSecond)
        p95DailyPeakLastQuarterBitsPerSecond = try value(.p95DailyPeakLastQuarterBitsPerSecond)
        p95DailyPeakPreviousQuarterBitsPerSecond = try value(.p95DailyPeakPreviousQuarterBitsPerSecond)
        p95DailyPeakYearAgoBitsPerSecond = try value(.p95DailyPeakYearAgoBitsPerSecond)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func put(_ value: Double, _ key: CodingKeys) throws {
            if value.isFinite { try container.encode(value, forKey: key) } else { try container.encodeNil(forKey: key) }
        }
        try put(currentBitsPerSecond, .currentBitsPerSecond)
        try put(peakLastDayBitsPerSecond, .peakLastDayBitsPerSecond)
        try put(p95DailyPeakLastQuarterBitsPerSecond, .p95DailyPeakLastQuarterBitsPerSecond)
        try put(p95DailyPeakPreviousQuarterBitsPerSecond, .p95DailyPeakPreviousQuarterBitsPerSecond)
        try put(p95DailyPeakYearAgoBitsPerSecond, .p95DailyPeakYearAgoBitsPerSecond)
    }
}
