public import Detection

/// Everything the dashboard shows, as read models. The agent implements it over its store,
/// detector state, probes and outbox (`LiveDashboardSource`); tests implement it with fixed
/// values. Each call is a snapshot of "now": the dashboard neither caches nor writes.
///
/// Texts that come from the detector (verdict summaries, finding summaries, rule titles) are
/// already worded in `language`.
public protocol DashboardDataSource: Sendable {
    /// The exchange's name, for every page's header.
    var exchangeName: String { get }
    /// The agent's version, for the footer.
    var version: String { get }
    /// The exchange at a glance: verdicts per zombie symptom, active findings, members and ports up.
    func exchange(language: Language) -> ExchangeView
    /// Aggregate traffic into the exchange over `range`, newest last.
    func traffic(_ range: TrafficRange) -> TrafficHistory
    /// Every member, with a 7-day traffic sparkline each.
    func members(language: Language) -> [MemberRow]
    /// Every member for sorting and paging: as `members(language:)`, but a source may leave
    /// the sparklines empty and give them for one page with `memberSparklines(_:)`. A default
    /// gives `members(language:)`.
    func membersForPaging(language: Language) -> [MemberRow]
    /// The 7-day traffic sparklines of `asns`, for a source whose `membersForPaging` leaves
    /// them empty; a default gives none (the rows keep theirs).
    func memberSparklines(_ asns: [UInt32]) -> [UInt32: DashboardSeries]
    /// One member in detail; nil when the exchange has no member with that AS number.
    func member(asn: UInt32, language: Language) -> MemberDetail?
    /// Every monitored port, with its 95th percentile of the current month.
    func ports() -> PortsView
    /// The peering LAN: classes per minute, offenders, ARP/ND and BGP.
    func lan(language: Language) -> LANView
    /// Findings (active and resolved) and silences.
    func findings(language: Language) -> FindingsView
    /// One page of the active and one page of the resolved findings (each clamped to its last
    /// page), with the totals, and the silences. A default slices `findings(language:)`; a
    /// source with many findings words only the rows shown.
    func findings(language: Language, activePage: ListPage, resolvedPage: ListPage) -> FindingsView
    /// The agent itself: probes, store, outbox.
    func agent() -> AgentView
    /// The public statistics: aggregate figures only, no member detail.
    func publicStatistics() -> PublicStatistics
}

extension DashboardDataSource {
    /// Every member with its sparkline.
    public func membersForPaging(language: Language) -> [MemberRow] { members(language: language) }

    /// None: the rows of `membersForPaging` carry theirs.
    public func memberSparklines(_ asns: [UInt32]) -> [UInt32: DashboardSeries] { [:] }

    /// Slices every finding: correct for any source, but words every finding first.
    public func findings(language: Language, activePage: ListPage, resolvedPage: ListPage) -> FindingsView {
        let all = findings(language: language)
        return FindingsView(active: activePage.slice(all.active), resolved: resolvedPage.slice(all.resolved), silences: all.silences,
                            activeTotal: all.active.count, resolvedTotal: all.resolved.count)
    }
}
