import BIRDProbe
import ProbeKit
import ProbeKitTesting
import Testing
import IXPCore

@Suite("Route-server configuration")
struct BIRDConfigurationTests {
    static let kinds: [any ProbeKind] = [SingleSectionProbeKind<BIRDSettings>()]

    static func settings(_ yaml: String) throws(ConfigurationError) -> BIRDSettings? {
        try probeSettings(yaml: yaml, kinds: kinds).first as? BIRDSettings
    }

    @Test func theIssuesExampleParses() throws {
        let settings = try #require(try Self.settings("route_servers:\n  - {name: rs1, control_socket: /run/bird/rs1.ctl}\n"))
        #expect(settings.routeServers.map(\.name) == ["rs1"])
        #expect(settings.routeServers[0].controlSocket == "/run/bird/rs1.ctl")
        #expect(settings.intervals == [60])
        #expect(settings.routeServers[0].originInterval == 3_600)
        #expect(settings.routeServers[0].family(ofTable: "master4") == "ipv4")
        #expect(settings.routeServers[0].family(ofTable: "master6") == "ipv6")
    }

    @Test func theRouteTablesAndTheOriginPassAreConfigurable() throws {
        let settings = try #require(try Self.settings(
            "route_servers:\n  - {name: rs1, control_socket: /a, origin_interval: 6h, ipv4_table: t4, ipv6_table: t6}\n"))
        let server = settings.routeServers[0]
        #expect(server.originInterval == 21_600)
        #expect(server.family(ofTable: "t6") == "ipv6" && server.family(ofTable: "master4") == nil)
        let off = try #require(try Self.settings("route_servers:\n  - {name: rs1, control_socket: /a, origin_interval: 0}\n"))
        #expect(off.routeServers[0].originInterval == 0)
    }

    @Test(arguments: [
        ("route_servers:\n  - {name: rs1}\n", 2, "needs its 'control_socket'"),
        ("route_servers:\n  - {name: rs1, control_socket: bird.ctl}\n", 2, "absolute path"),
        ("route_servers:\n  - {name: rs1, control_socket: /a}\n  - {name: rs1, control_socket: /b}\n", 3, "already named"),
        ("route_servers:\n  - {name: rs1, control_socket: /a, sockt: 1}\n", 2, "unknown key 'sockt'"),
        ("route_servers: {name: rs1}\n", 1, "expected a list"),
        ("route_servers:\n  - {name: rs1, control_socket: /a, origin_interval: 10s}\n", 2, "at least the interval"),
    ])
    func mistakesNameTheirLine(yaml: String, line: Int, words: String) {
        expectConfigurationError(yaml: yaml, kinds: Self.kinds, line: line, contains: words)
    }
}
