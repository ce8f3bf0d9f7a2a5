import Detection
import Foundation
import Testing
@testable import Dashboard

@Suite("dashboard pages")
struct RenderingTests {
    let source = FixtureDataSource()
    var renderer: DashboardRenderer { get throws { try DashboardRenderer(source: source, clock: { 1_795_000_000 }) } }

    /// Every `href` in a page.
    static func links(_ html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("every page has the layout: doctype, language, navigation with the current page marked, stylesheet and script")
    func layout() throws {
        let renderer = try renderer
        let pages: [(DashboardRenderer.Page, String)] = [
            (.exchange, renderer.exchangePage(range: .week, language: .english)),
            (.members, renderer.membersPage(sort: .p95, descending: true, language: .english)),
            (.ports, renderer.portsPage(usage: nil, language: .english)),
            (.lan, renderer.lanPage(language: .english)),
            (.findings, renderer.findingsPage(language: .english)),
            (.agent, renderer.agentPage(language: .english)),
        ]
        for (page, html) in pages {
            #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"), "\(page)")
            #expect(html.contains("<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">"))
            #expect(html.contains("<script src=\"/assets/dashboard.js\" defer></script>"))
            #expect(html.contains("<a href=\"\(page.path)\" aria-current=\"page\">"), "\(page) is marked current")
            #expect(html.components(separatedBy: "aria-current=\"page\"").count == 2, "exactly one current page")
            #expect(html.contains("<a href=\"/report\">Report</a>"))
            // The exchange name is escaped, not injected.
            #expect(html.contains("Example IX &lt;test&gt;") && !html.contains("Example IX <test>"))
            #expect(!html.contains("{{") && !html.contains("}}"), "no unrendered mustache tag in \(page)")
            #expect(html.hasSuffix("</html>\n") || html.hasSuffix("</html>"))
        }
    }

    @Test("the exchange page shows a verdict per symptom, the four ranges with the chosen one visible, and the findings")
    func exchange() throws {
        let html = try renderer.exchangePage(range: .year, language: .english)
        #expect(html.contains("<div class=\"symptom v-critical\"><span class=\"verdict\">"))
        #expect(html.contains("<h3>Falling traffic</h3>"))
        #expect(html.contains("v-not_enough_data"))
        #expect(html.components(separatedBy: "<figure data-range-panel=").count == 5)
        #expect(html.contains("<figure data-range-panel=\"year\" style=\"margin:0\">"))
        #expect(html.contains("<figure data-range-panel=\"week\" style=\"margin:0\" hidden>"))
        #expect(html.contains("href=\"/?range=2y\" data-range=\"2y\" aria-pressed=\"false\""))
        #expect(html.contains("data-range=\"year\" aria-pressed=\"true\""))
        #expect(html.components(separatedBy: "<line class=\"trend\"").count == 5)
        // The finding's summary is escaped and its member linked.
        #expect(html.contains("Errors &lt;b&gt;rise&lt;/b&gt; on sw1 et1"))
        #expect(html.contains("<a href=\"/members/64500\">sw1 et1 (AS64500)</a>"))
        #expect(html.contains("420 Gb/s") || html.contains("420\u{00A0}Gb/s"))
    }

    @Test("members sort on the server, link to their pages and carry a sparkline each")
    func members() throws {
        let renderer = try renderer
        let html = renderer.membersPage(sort: .p95, descending: true, language: .english)
        let first = try #require(html.range(of: ">Member 2<")), last = try #require(html.range(of: ">Member 0<"))
        #expect(first.lowerBound < last.lowerBound, "largest 95th percentile first")
        #expect(html.components(separatedBy: "<svg class=\"spark\"").count == 4)
        #expect(html.contains("<a href=\"/members/64501\">AS64501</a>") || html.contains("<a href=\"/members/64501\">64501</a>"))
        // The sorted column's link flips the order; the others start descending (numbers) or ascending (names).
        #expect(html.contains("href=\"/members?sort=p95&amp;order=asc\" class=\"sorted\"") || html.contains("href=\"/members?sort=p95&order=asc\" class=\"sorted\""))
        let byName = renderer.membersPage(sort: .name, descending: false, language: .english)
        let a = try #require(byName.range(of: ">Member 0<")), b = try #require(byName.range(of: ">Member 2<"))
        #expect(a.lowerBound < b.lowerBound)
        #expect(DashboardRenderer.sorted(source.members(language: .english), by: .findings, descending: true).first?.asn == 64_500)
    }

    @Test("a member's page has its charts, ports, addresses, sessions and findings; an unknown member has none")
    func member() throws {
        let renderer = try renderer
        let html = try #require(renderer.memberPage(asn: 64_500, language: .english))
        #expect(html.contains("<h1>Member 0 <span class=\"muted\">AS64500</span></h1>"))
        #expect(html.components(separatedBy: "<svg class=\"chart line-chart\"").count == 3)
        #expect(html.contains("<code>02:00:00:00:00:01</code>"))
        #expect(html.contains("<code>192.0.2.1</code>"))
        #expect(html.contains("rs1 192.0.2.250"))
        #expect(html.contains("<h2 id=\"findings\">"))
        #expect(html.contains("<span class=\"badge resolved\">"))
        #expect(renderer.memberPage(asn: 1, language: .english) == nil)
    }

    @Test("a member's page lists its top peers from sFlow, and leaves the table out without them")
    func topPeers() throws {
        let renderer = try renderer
        let html = try #require(renderer.memberPage(asn: 64_500, language: .english))
        #expect(html.contains("<h2>Top peers (sFlow, last 24 hours)</h2>"))
        #expect(html.contains("<a href=\"/members/64501\">AS64501</a></td><td>Member 1</td>"))
        let french = try #require(renderer.memberPage(asn: 64_500, language: .french))
        #expect(french.contains("<a href=\"/members/64501?lang=fr\">AS64501</a>"))
        #expect(french.contains("Principaux pairs"))
        let other = try #require(renderer.memberPage(asn: 64_501, language: .english))
        #expect(!other.contains("Top peers"))
    }

    @Test("ports show the monthly 95th percentile, the class of each port, filters and the utilisation distribution")
    func ports() throws {
        let renderer = try renderer
        let html = renderer.portsPage(usage: nil, language: .english)
        #expect(html.contains("2026-11"))
        #expect(html.contains("<span class=\"badge outgrown\">outgrown</span>"))
        #expect(html.contains("<span class=\"badge idle\">idle</span>"))
        #expect(html.contains("<span class=\"badge down\">down</span>"))
        #expect(html.contains("9.2 Gb/s") || html.contains("9.2\u{00A0}Gb/s"))
        #expect(html.contains("<svg class=\"chart bar-chart\""))
        #expect(html.components(separatedBy: "<tr>").count - 1 == 6 + 1, "six ports and the header row")
        let idle = renderer.portsPage(usage: .idle, language: .english)
        #expect(idle.contains("<a href=\"/ports?usage=idle\" aria-current=\"true\">"))
        #expect(!idle.contains("<span class=\"badge outgrown\">outgrown</span>"))
    }

    @Test("the LAN page shows classes, offenders with their example frame escaped, ARP/ND and BGP")
    func lan() throws {
        let html = try renderer.lanPage(language: .english)
        #expect(html.contains("<code>stp</code> <span class=\"badge warning\">must not be on a peering LAN</span>"))
        #expect(html.contains("<pre class=\"frame\">STP BPDU &lt;root 8000.020000000009&gt;</pre>"))
        #expect(html.contains("<a href=\"/members/64501\">AS64501</a>"))
        #expect(html.contains("123,456"))
    }

    @Test("findings show evidence and silences; the agent page shows probes, store and outbox")
    func findingsAndAgent() throws {
        let renderer = try renderer
        let findings = renderer.findingsPage(language: .english)
        #expect(findings.contains("<dt>errors_per_second</dt><dd>4.2/s</dd>"))
        #expect(findings.contains("<code>rule=port_errors</code>"))
        #expect(findings.contains("maintenance"))
        let agent = renderer.agentPage(language: .english)
        #expect(agent.contains("<span class=\"badge critical\">failing</span>"))
        #expect(agent.contains("<code>timeout</code>"))
        #expect(agent.contains("10 MiB"))
        #expect(agent.contains("/var/lib/ixp"))
        #expect(agent.contains("<svg class=\"chart bar-chart\""))
    }

    @Test("French pages use the French words, keep ?lang=fr on internal links, and offer English")
    func french() throws {
        let html = try renderer.exchangePage(range: .week, language: .french)
        #expect(html.contains("<html lang=\"fr\">"))
        #expect(html.contains("Symptômes d’IXP zombie"))
        #expect(html.contains("<a href=\"/members?lang=fr\">Membres</a>"))
        #expect(html.contains("href=\"/?range=week\" hreflang=\"en\">English</a>"))
        for link in Self.links(html) where link.hasPrefix("/") && !link.hasPrefix("/assets") && !link.hasPrefix("/api/") && link != "/?range=week" {
            #expect(link.contains("lang=fr"), "\(link) keeps the language")
        }
    }

    @Test("the public page has the aggregate figures and no navigation or member detail")
    func publicPage() throws {
        let html = try renderer.publicPage(language: .english)
        #expect(html.contains("Traffic statistics"))
        #expect(!html.contains("<nav>"))
        #expect(!html.contains("/members/"))
        #expect(html.contains("<svg class=\"chart line-chart\""))
    }

    @Test("a thousand members and two thousand ports render (a hundred a page)", .tags(.scale))
    func scale() throws {
        var big = FixtureDataSource()
        big.memberCount = 1_000
        let renderer = try DashboardRenderer(source: big, clock: { 1_795_000_000 })
        let members = renderer.membersPage(sort: .p95, descending: true, language: .english)
        #expect(members.components(separatedBy: "<svg class=\"spark\"").count == 101)
        #expect(members.contains("1–100 of 1,000"))
        let ports = renderer.portsPage(usage: nil, language: .english)
        #expect(ports.components(separatedBy: "<span class=\"meter\">").count == 101)
        #expect(ports.contains("1–100 of 2,000"))
    }
}

extension Tag {
    @Tag static var scale: Self
}

@Suite("exchange page limits")
struct ExchangeLimitTests {
    struct ManyFindings: DashboardDataSource {
        var base = FixtureDataSource()
        var exchangeName: String { base.exchangeName }
        var version: String { base.version }
        func exchange(language: Language) -> ExchangeView {
            var view = base.exchange(language: language)
            view.activeFindings = (0..<40).map { _ in base.finding(64_500) }
            return view
        }
        func traffic(_ range: TrafficRange) -> TrafficHistory { base.traffic(range) }
        func members(language: Language) -> [MemberRow] { base.members(language: language) }
        func member(asn: UInt32, language: Language) -> MemberDetail? { base.member(asn: asn, language: language) }
        func ports() -> PortsView { base.ports() }
        func lan(language: Language) -> LANView { base.lan(language: language) }
        func findings(language: Language) -> FindingsView { base.findings(language: language) }
        func agent() -> AgentView { base.agent() }
        func publicStatistics() -> PublicStatistics { base.publicStatistics() }
    }

    @Test("the exchange page lists at most 25 active findings and links to all of them")
    func limited() throws {
        let html = try DashboardRenderer(source: ManyFindings(), clock: { 0 }).exchangePage(range: .day, language: .english)
        #expect(html.components(separatedBy: "<tr id=\"f-").count - 1 == 25)
        #expect(html.contains("<a href=\"/findings\">All active findings (40) →</a>"))
    }
}
