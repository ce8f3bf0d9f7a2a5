import Detection
import Foundation
import Presentation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
@testable import Dashboard

@Suite("dashboard paging")
struct PagingTests {
    /// The fixture with `active` firing and `resolved` resolved findings, summaries numbered
    /// `finding [N]` from 0 in the order the source gives them.
    struct ManyFindings: DashboardDataSource {
        var base = FixtureDataSource()
        var active = 250
        var resolved = 130
        var exchangeName: String { base.exchangeName }
        var version: String { base.version }
        func exchange(language: Language) -> ExchangeView { base.exchange(language: language) }
        func traffic(_ range: TrafficRange) -> TrafficHistory { base.traffic(range) }
        func members(language: Language) -> [MemberRow] { base.members(language: language) }
        func member(asn: UInt32, language: Language) -> MemberDetail? { base.member(asn: asn, language: language) }
        func ports() -> PortsView { base.ports() }
        func lan(language: Language) -> LANView { base.lan(language: language) }
        func findings(language: Language) -> FindingsView {
            func numbered(_ count: Int, _ state: FindingState, _ prefix: String) -> [FindingView] {
                (0..<count).map { index in
                    var finding = base.finding(64_500, state: state)
                    finding.id = "\(prefix)|\(index)"
                    finding.summary = "\(prefix) [\(index)]"
                    return finding
                }
            }
            return FindingsView(active: numbered(active, .firing, "finding"), resolved: numbered(resolved, .resolved, "resolved"),
                                silences: base.findings(language: language).silences)
        }
        func agent() -> AgentView { base.agent() }
        func publicStatistics() -> PublicStatistics { base.publicStatistics() }
    }

    static func rows(_ html: String) -> Int { html.components(separatedBy: "<tr id=\"f-").count - 1 }

    @Test("a list page is lenient: page 2 is rows 100..<200, past the end is the last page, nonsense is page 1")
    func listPage() {
        #expect(ListPage(number: 2).range(total: 1_771) == 100..<200)
        #expect(ListPage(number: 99).clamped(total: 1_771).number == 18)
        #expect(ListPage(number: 99).range(total: 1_771) == 1_700..<1_771)
        #expect(ListPage(number: 3).range(total: 0) == 0..<0)
        #expect(ListPage().pageCount(total: 0) == 1)
        #expect(ListPage().pageCount(total: 200) == 2)
        #expect(ListPage().pageCount(total: 201) == 3)
        for text in [nil, "", "abc", "0", "-3", "2.5", "99999999999999999999999"] {
            #expect(ListPage(query: text).number == 1, "\(text ?? "nil")")
        }
        #expect(ListPage(query: "7").number == 7)
        #expect(ListPage(number: 2, size: 10).slice(Array(0..<25)) == Array(10..<20))
    }

    @Test("findings come 100 a page, active first; page 2 shows rows 101–200 with links back and on")
    func findingsPages() throws {
        let renderer = try DashboardRenderer(source: ManyFindings(), clock: { 1_795_000_000 })
        let first = renderer.findingsPage(language: .english)
        #expect(first.contains("1–100 of 250"))
        #expect(first.contains("finding [0]<") && first.contains("finding [99]<") && !first.contains("finding [100]<"))
        #expect(first.contains("<a href=\"/findings?page=2#active\" rel=\"next\">Next →</a>"))
        #expect(!first.contains("rel=\"prev\""))
        #expect(first.contains("<dt>errors_per_second</dt><dd>4.2/s</dd>"), "evidence stays")
        #expect(first.contains("Active findings <span class=\"muted\">(250)</span>"))

        let second = renderer.findingsPage(language: .english, activePage: ListPage(number: 2))
        #expect(second.contains("101–200 of 250"))
        #expect(second.contains("finding [100]<") && second.contains("finding [199]<"))
        #expect(!second.contains("finding [99]<") && !second.contains("finding [200]<"))
        #expect(second.contains("<a href=\"/findings#active\" rel=\"prev\">← Previous</a>"))
        #expect(second.contains("<a href=\"/findings?page=3#active\" rel=\"next\">"))
        #expect(second.contains("<a href=\"/findings?page=2&amp;lang=fr\" hreflang=\"fr\">"), "the language switch keeps the page")

        let past = renderer.findingsPage(language: .english, activePage: ListPage(number: 40))
        #expect(past.contains("201–250 of 250"), "a page past the end shows the last page")
        #expect(past.contains("finding [249]<") && !past.contains("#active\" rel=\"next\""))
        #expect(past.contains("<a href=\"/findings?page=2#active\" rel=\"prev\">"))
        #expect(past.contains("<a href=\"/findings#active\">First page</a>"))
    }

    @Test("resolved findings are folded into their own paged section that stays open while paging it")
    func resolvedFolded() throws {
        let renderer = try DashboardRenderer(source: ManyFindings(), clock: { 1_795_000_000 })
        let closed = renderer.findingsPage(language: .english)
        #expect(closed.contains("<details class=\"resolved\"><summary>Show the resolved findings</summary>"))
        #expect(closed.contains("Resolved recently <span class=\"muted\">(130)</span>"))
        #expect(Self.rows(closed) == 200, "100 active and 100 resolved")
        #expect(closed.contains("<a href=\"/findings?resolved_page=2#resolved\" rel=\"next\">"))

        let open = renderer.findingsPage(language: .english, activePage: ListPage(number: 3), resolvedPage: ListPage(number: 2))
        #expect(open.contains("<details class=\"resolved\" open>"))
        #expect(open.contains("101–130 of 130") && open.contains("resolved [129]<") && !open.contains("resolved [99]<"))
        #expect(open.contains("<a href=\"/findings?page=3&amp;resolved_page=1#resolved\" rel=\"prev\">"),
                "paging the resolved list keeps the active page and the section open")
        #expect(open.contains("<a href=\"/findings?resolved_page=2&amp;page=2#active\" rel=\"prev\">"),
                "paging the active list keeps the resolved page")
        #expect(Self.rows(open) == 50 + 30)
    }

    @Test("the pager speaks French")
    func french() throws {
        let renderer = try DashboardRenderer(source: ManyFindings(), clock: { 1_795_000_000 })
        let html = renderer.findingsPage(language: .french, activePage: ListPage(number: 2))
        #expect(html.contains("101–200 sur 250"))
        #expect(html.contains("<a href=\"/findings?lang=fr#active\" rel=\"prev\">← Précédents</a>"))
        #expect(html.contains("<a href=\"/findings?page=3&amp;lang=fr#active\" rel=\"next\">Suivants →</a>"))
        #expect(html.contains("Afficher les constats résolus"))
    }

    @Test("ports come 100 a page in the source's order; counts, filters and distribution cover every port")
    func ports() throws {
        var big = FixtureDataSource()
        big.memberCount = 1_000
        let renderer = try DashboardRenderer(source: big, clock: { 1_795_000_000 })
        let second = renderer.portsPage(usage: nil, page: ListPage(number: 2), language: .english)
        #expect(second.components(separatedBy: "<span class=\"meter\">").count - 1 == 100)
        #expect(second.contains("<td>et100</td>") && second.contains("<td>et199</td>"))
        #expect(!second.contains("<td>et99</td>") && !second.contains("<td>et200</td>"))
        #expect(second.contains("101–200 of 2,000"))
        #expect(second.contains("<a href=\"/ports?usage=idle\">"), "filters start again at page 1")
        #expect(second.contains("all (2,000)"))

        let ports = big.ports().ports
        let idle = ports.filter { $0.usage == .idle }
        let idleSecond = renderer.portsPage(usage: .idle, page: ListPage(number: 2), language: .english)
        #expect(idleSecond.contains("<td>\(idle[100].interface)</td>") && !idleSecond.contains("<td>\(idle[99].interface)</td>"))
        #expect(idleSecond.contains("<a href=\"/ports?usage=idle#\"") == false)
        #expect(idleSecond.contains("<a href=\"/ports?usage=idle\" rel=\"prev\">"), "the pager keeps the filter")
        #expect(idleSecond.contains("of \(ValueFormatter(language: .english).count(idle.count))"))

        let past = renderer.portsPage(usage: .down, page: ListPage(number: 5), language: .english)
        #expect(past.contains("1–1 of 1"), "one port is down: page 5 shows page 1")
    }

    @Test("members come 100 a page in the chosen order; the pager keeps the sort, a column starts at page 1")
    func members() throws {
        var big = FixtureDataSource()
        big.memberCount = 1_000
        let renderer = try DashboardRenderer(source: big, clock: { 1_795_000_000 })
        // By AS number, ascending: page 2 is AS64600 to AS64699.
        let second = renderer.membersPage(sort: .asn, descending: false, page: ListPage(number: 2), language: .english)
        #expect(second.components(separatedBy: "<svg class=\"spark\"").count - 1 == 100)
        #expect(second.contains(">64600</a>") && second.contains(">64699</a>"))
        #expect(!second.contains(">64599</a>") && !second.contains(">64700</a>"))
        #expect(second.contains("101–200 of 1,000"))
        #expect(second.contains("Members <span class=\"muted\">(1,000)</span>"), "the count is of every member")
        #expect(second.contains("<a href=\"/members?sort=asn&amp;order=asc\" rel=\"prev\">"), "the pager keeps the sort")
        #expect(second.contains("<a href=\"/members?sort=asn&amp;order=asc&amp;page=3\" rel=\"next\">"))
        #expect(second.contains("<a href=\"/members?sort=name&amp;order=asc\">"), "a column's link starts at page 1")
        #expect(second.contains("<a href=\"/members?sort=asn&amp;order=asc&amp;page=2&amp;lang=fr\" hreflang=\"fr\">"),
                "the language switch keeps the sort and the page")
        // The order is the whole list's, not the page's: by 95th percentile descending, the
        // largest member (index 999) is first on page 1 and the smallest last on page 10.
        let first = renderer.membersPage(sort: .p95, descending: true, language: .english)
        #expect(first.contains(">65499</a>") && !first.contains(">64500</a>"))
        let last = renderer.membersPage(sort: .p95, descending: true, page: ListPage(number: 99), language: .english)
        #expect(last.contains("901–1,000 of 1,000") && last.contains(">64500</a>"), "past the end is the last page")
        #expect(first.utf8.count < 200_000, "\(first.utf8.count) bytes")
    }

    /// The fixture's members without sparklines for paging; the sparklines of the ASNs asked, counted.
    final class SparklinesOnDemand: DashboardDataSource {
        let base: FixtureDataSource
        let asked = Mutex<[UInt32]>([])
        init(members: Int) {
            var base = FixtureDataSource()
            base.memberCount = members
            self.base = base
        }
        var exchangeName: String { base.exchangeName }
        var version: String { base.version }
        func exchange(language: Language) -> ExchangeView { base.exchange(language: language) }
        func traffic(_ range: TrafficRange) -> TrafficHistory { base.traffic(range) }
        func members(language: Language) -> [MemberRow] { base.members(language: language) }
        func membersForPaging(language: Language) -> [MemberRow] {
            base.members(language: language).map { row in
                var row = row
                row.sparkline = .empty
                return row
            }
        }
        func memberSparklines(_ asns: [UInt32]) -> [UInt32: DashboardSeries] {
            asked.withLock { $0 += asns }
            let all = Dictionary(uniqueKeysWithValues: base.members(language: .english).map { ($0.asn, $0.sparkline) })
            return all.filter { asns.contains($0.key) }
        }
        func member(asn: UInt32, language: Language) -> MemberDetail? { base.member(asn: asn, language: language) }
        func ports() -> PortsView { base.ports() }
        func lan(language: Language) -> LANView { base.lan(language: language) }
        func findings(language: Language) -> FindingsView { base.findings(language: language) }
        func agent() -> AgentView { base.agent() }
        func publicStatistics() -> PublicStatistics { base.publicStatistics() }
    }

    @Test("the members page and its JSON read the sparklines of the page's members only")
    func sparklinesForThePageOnly() async throws {
        let source = SparklinesOnDemand(members: 1_000)
        let renderer = try DashboardRenderer(source: source, clock: { 1_795_000_000 })
        let html = renderer.membersPage(sort: .asn, descending: false, page: ListPage(number: 3), language: .english)
        #expect(source.asked.withLock { $0 } == Array(64_700..<64_800))
        #expect(html.components(separatedBy: "<svg class=\"spark\"").count - 1 == 100)
        #expect(html.components(separatedBy: "aria-hidden=\"true\"><path d=\"M").count - 1 == 100, "every row of the page has its line")
        source.asked.withLock { $0 = [] }
        let router = Router()
        DashboardRoutes.register(on: router, renderer: renderer)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/api/v1/members?limit=10&offset=20", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("\"asn\":64520") && !body.contains("\"asn\":64530"))
                #expect(body.contains("\"sparkline\":{"), "\(body.prefix(300))")
            }
        }
        #expect(source.asked.withLock { $0 } == Array(64_520..<64_530))
    }

    @Test("page parameters never fail a request: nonsense is page 1, past the end is the last page")
    func routes() async throws {
        let router = Router()
        let renderer = try DashboardRenderer(source: ManyFindings(), clock: { 1_795_000_000 })
        DashboardRoutes.register(on: router, renderer: renderer)
        try await Application(router: router).test(.router) { client in
            let expectations = [
                "/findings?page=abc": "1–100 of 250", "/findings?page=-1": "1–100 of 250", "/findings?page=2": "101–200 of 250",
                "/findings?page=999999&resolved_page=x": "201–250 of 250", "/findings?resolved_page=2": "101–130 of 130",
                "/ports?page=abc": "1–6 of 6", "/ports?page=2&usage=idle": "of", "/findings?page=2&lang=fr": "101–200 sur 250",
                "/members?page=x&sort=name&order=asc": "1–3 of 3", "/members?page=7": "1–3 of 3",
            ]
            for (path, text) in expectations {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(String(buffer: response.body).contains(text), "\(path)")
                }
            }
        }
    }
}
