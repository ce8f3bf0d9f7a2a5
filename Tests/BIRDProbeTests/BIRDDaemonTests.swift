import BIRDProbe
import Foundation
import ProbeKit
import ProcessTestSupport
import Testing
import TimeSeries

#if canImport(Glibc)
import Glibc
import IXPCore
#endif

/// Real BIRD 2 daemons (`BIRDLab`): a route server with BGP sessions to two member routers
/// announcing static prefixes and to a third member that never answers. The probe reads the
/// route server's control socket as it would in production.
@Suite("Route-server probe against real BIRD daemons")
struct BIRDDaemonTests {
    static func value(_ output: ProbeOutput, _ family: String, asn: String) -> Double? {
        output.metrics.first { $0.name == family }?.samples
            .first { sample in sample.labels.contains { $0.name == "member_asn" && $0.value == asn } }?.value
    }

    /// Collects until `done` holds (BGP needs a few seconds to come up), at most `seconds`: a
    /// bound for a loaded 2-core machine (BIRD, the tests' other servers and builds share it),
    /// not a wait; the loop returns as soon as `done` holds.
    static func collect(_ probe: any Probe, lab: BIRDLab, seconds: Double = 120, until done: (ProbeOutput) -> Bool) async throws -> ProbeOutput {
        let deadline = Date().addingTimeInterval(seconds)
        var last: ProbeOutput?
        var lastError: (any Error)?
        while Date() < deadline {
            do {
                let output = try await probe.collect(at: Date().timeIntervalSince1970)
                last = output
                if done(output) { return output }
            } catch {
                lastError = error
            }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        throw HarnessError("the route server did not reach the expected state; last metrics: \(last?.metrics.map(\.name) ?? []), last error: \(lastError.map { "\($0)" } ?? "none"); route server's log: \(lab.log("rs").suffix(1500))")
    }

    @Test func sessionsPrefixesAndMembersFromALiveRouteServer() async throws {
        let lab = try BIRDLab()
        defer { lab.tearDown() }
        let members = try lab.writeMemberList()
        var context = ProbeConfigurationContext(file: "agent.yaml")
        context.memberListFile = members.path
        // A 10 s timeout (the default): BIRD answers in milliseconds, but may be kept waiting
        // for a core when the tests run in parallel. The interval does not matter here (the test
        // calls collect itself); it only bounds the timeout.
        let yaml = "route_servers:\n  - {name: rs1, control_socket: \(lab.routeServerSocket), interval: 15s, timeout: 10s, origin_interval: 15s}\n"
        let top = try #require(try YAMLConfigNode.parse(yaml, file: "agent.yaml"))
        let settings = try SingleSectionProbeKind<BIRDSettings>().settings(from: try top.mapping(allowed: ["route_servers"]), context: context)
        let probe = try #require(try settings.makeProbes().probes.first)
        #expect(probe.identity == ProbeIdentity(kind: "bird", name: "rs1"))

        let output = try await Self.collect(probe, lab: lab) {
            Self.value($0, "ixp_route_server_session_up", asn: "65001") == 1
                && Self.value($0, "ixp_route_server_session_up", asn: "65002") == 1
                && Self.value($0, "ixp_route_server_prefixes_received", asn: "65001") == 3
                && Self.value($0, "ixp_route_server_prefixes_received", asn: "65002") == 1
        }
        #expect(Self.value(output, "ixp_route_server_session_up", asn: "65003") == 0, "the member that never answers")
        #expect(Self.value(output, "ixp_route_server_prefixes_imported", asn: "65001") == 2)
        #expect(Self.value(output, "ixp_route_server_prefixes_filtered", asn: "65001") == 1, "the filter rejects 203.0.113.128/25")
        #expect(Self.value(output, "ixp_route_server_prefixes_exported", asn: "65002") == 2, "member B gets member A's two accepted prefixes")
        #expect(Self.value(output, "ixp_route_server_max_prefix_ratio", asn: "65001") == 1, "3 received of max_prefix 3")
        #expect(Self.value(output, "ixp_route_server_max_prefix_ratio", asn: "65002") == 0.01)
        let uptime = try #require(Self.value(output, "ixp_route_server_session_state_seconds", asn: "65001"))
        #expect(uptime >= 0 && uptime < 600)
        let info = output.metrics.first { $0.name == "ixp_route_server_session_info" }?.samples ?? []
        #expect(info.contains { sample in
            sample.labels.contains { $0 == ("member_name", "Member A") } && sample.labels.contains { $0 == ("address", lab.memberAddress(1)) }
        })
        // The routes on offer: 3 IPv4 networks (member A's two accepted prefixes and the one
        // both announce; the filtered one is not counted), none in IPv6, from 1 or 2 origins
        // (the shared prefix's best route is A's or B's).
        let routes = Dictionary(uniqueKeysWithValues: output.samples.filter { $0.key.name == StoreSeries.routeServerRoutes }
            .map { ($0.key[label: "family"] ?? "", $0.value) })
        #expect(routes == ["ipv4": 3, "ipv6": 0])
        let origins = Dictionary(uniqueKeysWithValues: output.samples.filter { $0.key.name == StoreSeries.routeServerOriginASNs }
            .map { ($0.key[label: "family"] ?? "", $0.value) })
        #expect(origins["ipv4"].map { (1...2).contains($0) } == true, "origins: \(origins)")
        let sessions = Dictionary(uniqueKeysWithValues: output.samples.filter { $0.key.name == StoreSeries.routeServerBIRDSessions }
            .map { ($0.key[label: "member_asn"] ?? "", $0.value) })
        #expect(sessions == ["65001": 1, "65002": 1, "65003": 0])

        // Member B's router goes away: the route server notices, and so does the probe.
        lab.stop("m2")
        let after = try await Self.collect(probe, lab: lab) { Self.value($0, "ixp_route_server_session_up", asn: "65002") == 0 }
        #expect(Self.value(after, "ixp_route_server_session_up", asn: "65001") == 1)
        #expect(Self.value(after, "ixp_route_server_prefixes_received", asn: "65002") == nil)
    }

    @Test func aMissingSocketAndASocketThatNeverAnswersFailWithinTheTimeout() async throws {
        var missing = BIRDSettings.RouteServer(name: "gone", controlSocket: "/tmp/plg-bird-none/none.ctl")
        missing.timeout = 1
        do {
            _ = try await BIRDProbe(routeServer: missing).collect(at: 0)
            Issue.record("a missing socket must fail")
        } catch {
            #expect("\(error)".contains("cannot connect"))
        }

        // A unix socket that accepts and says nothing: the probe gives up at its timeout.
        let path = "/tmp/plg-bird-silent-\(getpid()).ctl"
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd); unlink(path) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        try #require(listen(fd, 4) == 0)
        var silent = BIRDSettings.RouteServer(name: "silent", controlSocket: path)
        silent.timeout = 0.5
        do {
            _ = try await BIRDProbe(routeServer: silent).collect(at: 0)
            Issue.record("a socket that never greets must fail")
        } catch {
            #expect("\(error)".contains("timed out"))
        }
    }
}
