import Foundation
import ProcessTestSupport
import SyntheticExchange
import Testing

/// The built-in dashboard in a real browser: an agent with two years of imported history of a
/// dying exchange serves every page; headless Chromium renders each at a wall-screen and a
/// laptop size. Fails on a console message (an error, or any script output), on a page whose
/// script did not run, and on an internal link that does not answer 200.
///
/// `IXP_DASHBOARD_SCREENSHOTS=DIR` keeps the screenshots in DIR (else they go with the scratch folder).
@Suite("dashboard in a browser")
struct DashboardBrowserIntegrationTests {
    static let sizes = [(1_920, 1_080), (1_280, 800)]

    @Test("every page renders at two sizes without console errors, and every internal link answers 200")
    func everyPage() async throws {
        let chromium = try #require(Subprocess.which("chromium"), "Debian's chromium is needed")
        let exchange = try ImportedDyingExchange(prefix: "dashboard", extra: "web:\n  public_page: true")
        defer { exchange.remove() }
        let scratch = exchange.scratch

        let agent = try AgentUnderTest(exchange.configuration)
        defer { agent.stop() }
        _ = try await ImportedDyingExchange.waitForReport(agent)
        let membersJSON = try agent.get("/api/v1/members?limit=1")
        let asn = try #require(membersJSON.firstMatch(of: /"asn":(\d+)/).map { String($0.1) }, "\(membersJSON)")

        let shots = ProcessInfo.processInfo.environment["IXP_DASHBOARD_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
            ?? scratch.appendingPathComponent("screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let pages = ["/", "/?range=2y", "/members", "/members/\(asn)", "/ports", "/ports?page=2", "/lan", "/findings",
                     "/findings?page=2&resolved_page=1", "/agent", "/?lang=fr", "/members?lang=fr", "/members?sort=name&order=asc&page=2",
                     "/public"]
        var links = Set<String>()
        for page in pages {
            for (width, height) in Self.sizes {
                let url = "http://127.0.0.1:\(agent.port)\(page)"
                let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                              "--user-data-dir=\(scratch.appendingPathComponent("profile").path)",
                              "--enable-logging=stderr", "--v=0", "--window-size=\(width),\(height)", "--virtual-time-budget=3000"]
                let dom = try await Subprocess.run(chromium, common + ["--dump-dom", url], timeout: 90)
                #expect(dom.status == 0, "\(page) \(width)×\(height): chromium exited \(dom.status)")
                let console = dom.stderr.components(separatedBy: "\n").filter {
                    $0.contains(":CONSOLE") || $0.contains("Uncaught") || $0.contains("Failed to load resource")
                }
                #expect(console.isEmpty, "\(page) \(width)×\(height) console: \(console.joined(separator: "\n"))")
                #expect(dom.stdout.contains("</html>"), "\(page): no document")
                // The script ran: it appends the hover box to the body.
                #expect(dom.stdout.contains("<div class=\"tip\" hidden=\"\">"), "\(page) \(width)×\(height): the script did not run")
                for match in dom.stdout.matches(of: /href="([^"#]*)/) {
                    let link = String(match.1).replacingOccurrences(of: "&amp;", with: "&")
                    if link.hasPrefix("/") { links.insert(link) }
                }
                let name = (page == "/" ? "exchange" : page.dropFirst().replacingOccurrences(of: "/", with: "-")
                    .replacingOccurrences(of: "?", with: "-").replacingOccurrences(of: "=", with: "-").replacingOccurrences(of: "&", with: "-"))
                let png = shots.appendingPathComponent("\(name)-\(width)x\(height).png")
                let shot = try await Subprocess.run(chromium, common + ["--run-all-compositor-stages-before-draw", "--hide-scrollbars", "--screenshot=\(png.path)", url], timeout: 90)
                #expect(shot.status == 0 && FileManager.default.fileExists(atPath: png.path), "\(page): no screenshot")
            }
        }
        #expect(links.count > 20, "links found: \(links.sorted())")
        var broken: [String] = []
        for link in links.sorted() {
            do {
                _ = try agent.get(link)
            } catch {
                broken.append("\(link): \(error)")
            }
        }
        #expect(broken.isEmpty, "broken links:\n\(broken.joined(separator: "\n"))")
    }
}
