import BIRDProbe
import Foundation
import ProbeKit
import ProcessTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Real BIRD 2 daemons on loopback addresses, each on its own port: a route server (AS64500,
/// `rs client`, `import keep filtered`, a filter that rejects one prefix) with BGP sessions to
/// two member routers announcing static prefixes and to a third member that never answers.
/// The probe reads the route server's control socket as it would in production.
@Suite("Route-server probe against real BIRD daemons", .serialized)
struct BIRDDaemonTests {
    final class Lab {
        let folder: URL
        var daemons: [String: ServerProcess] = [:]

        init() throws {
            guard Subprocess.which("bird") != nil else { throw HarnessError("bird not found (Debian package bird2)") }
            folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("plg-bird-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let rsPort = try FreePort.tcp()
            let ports = try (0..<3).map { _ in try FreePort.tcp() }
            let rs = """
                router id 192.0.2.1;
                protocol device { scan time 10; }
                template bgp mem {
                  local 127.0.0.1 port \(rsPort) as 64500;
                  multihop; rs client; connect retry time 1; error wait time 1, 2;
                  ipv4 { import filter { if net = 203.0.113.128/25 then reject; accept; }; import keep filtered;
                         export all; next hop keep; };
                }
                protocol bgp m65001 from mem { description "Member A"; neighbor 127.0.0.2 port \(ports[0]) as 65001; }
                protocol bgp m65002 from mem { description "Member B"; neighbor 127.0.0.3 port \(ports[1]) as 65002; }
                protocol bgp m65003 from mem { description "Member C, never up"; neighbor 127.0.0.4 port \(ports[2]) as 65003; }
                """
            func member(_ index: Int, _ asn: Int, _ routes: [String]) -> String {
                """
                router id 192.0.2.\(11 + index);
                protocol device { scan time 10; }
                protocol static { ipv4; \(routes.map { "route \($0) blackhole;" }.joined(separator: " ")) }
                protocol bgp rsa {
                  local 127.0.0.\(2 + index) port \(ports[index]) as \(asn);
                  neighbor 127.0.0.1 port \(rsPort) as 64500;
                  multihop; connect retry time 1; error wait time 1, 2;
                  ipv4 { import all; export all; };
                }
                """
            }
            try start("rs", rs)
            try start("m1", member(0, 65001, ["198.51.100.0/24", "203.0.113.0/25", "203.0.113.128/25"]))
            try start("m2", member(1, 65002, ["192.0.2.128/25"]))
        }

        var routeServerSocket: String { folder.appendingPathComponent("rs.ctl").path }

        func start(_ name: String, _ config: String) throws {
            let file = folder.appendingPathComponent("\(name).conf")
            try config.write(to: file, atomically: true, encoding: .utf8)
            daemons[name] = try Subprocess.start(
                "bird", ["-f", "-c", file.path, "-s", folder.appendingPathComponent("\(name).ctl").path],
                logFile: folder.appendingPathComponent("\(name).log"))
        }

        func stop(_ name: String) {
            daemons[name]?.stop(grace: 2)
            daemons[name] = nil
        }

        func tearDown() {
            for name in daemons.keys.sorted() { stop(name) }
            try? FileManager.default.removeItem(at: folder)
        }

        func log(_ name: String) -> String {
            (try? String(contentsOf: folder.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
        }
    }

    static func value(_ output: ProbeOutput, _ family: String, asn: String) -> Double? {
        output.metrics.first { $0.name == family }?.samples
            .first { sample in sample.labels.contains { $0.name == "member_asn" && $0.value == asn } }?.value
    }

    /// Collects until `done` holds (BGP needs a few seconds to come up), at most `seconds`.
    static func collect(_ probe: any Probe, seconds: Double = 60, until done: (ProbeOutput) -> Bool) async throws -> ProbeOutput {
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
        throw HarnessError("the route server did not reach the expected state; last metrics: \(last?.metrics.map(\.name) ?? []), last error: \(lastError.map { "\($0)" } ?? "none")")
    }

    @Test func sessionsPrefixesAndMembersFromALiveRouteServer() async throws {
        let lab = try Lab()
        defer { lab.tearDown() }
        let members = lab.folder.appendingPathComponent("members.json")
        try """
            {"version": "1.0", "timestamp": "2026-11-27T00:00:00Z", "member_list": [
              {"asnum": 65001, "name": "Member A", "connection_list": [{"ixp_id": 1, "state": "active",
                "vlan_list": [{"ipv4": {"address": "127.0.0.2", "max_prefix": 3, "routeserver": true}}]}]},
              {"asnum": 65002, "name": "Member B", "connection_list": [{"ixp_id": 1, "state": "active",
                "vlan_list": [{"ipv4": {"address": "127.0.0.3", "max_prefix": 100, "routeserver": true}}]}]},
              {"asnum": 65003, "name": "Member C", "connection_list": [{"ixp_id": 1, "state": "active",
                "vlan_list": [{"ipv4": {"address": "127.0.0.4", "max_prefix": 10, "routeserver": true}}]}]}
            ]}
            """.write(to: members, atomically: true, encoding: .utf8)
        var context = ProbeConfigurationContext(file: "agent.yaml")
        context.memberListFile = members.path
        let yaml = "route_servers:\n  - {name: rs1, control_socket: \(lab.routeServerSocket), interval: 5s, timeout: 3s}\n"
        let top = try #require(try YAMLConfigNode.parse(yaml, file: "agent.yaml"))
        let settings = try BIRDProbeKind().settings(from: try top.mapping(allowed: ["route_servers"]), context: context)
        let probe = try #require(try settings.makeProbes().probes.first)
        #expect(probe.identity == ProbeIdentity(kind: "bird", name: "rs1"))

        let output = try await Self.collect(probe) {
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
            sample.labels.contains { $0 == ("member_name", "Member A") } && sample.labels.contains { $0 == ("address", "127.0.0.2") }
        })
        let sessions = Dictionary(uniqueKeysWithValues: output.samples.filter { $0.key.name == BIRDProbe.sessionsSeries }
            .map { ($0.key[label: "member_asn"] ?? "", $0.value) })
        #expect(sessions == ["65001": 1, "65002": 1, "65003": 0])

        // Member B's router goes away: the route server notices, and so does the probe.
        lab.stop("m2")
        let after = try await Self.collect(probe) { Self.value($0, "ixp_route_server_session_up", asn: "65002") == 0 }
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
