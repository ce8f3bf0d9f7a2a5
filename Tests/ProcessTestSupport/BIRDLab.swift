import Foundation

/// Real BIRD 2 daemons on loopback addresses, each on its own port: a route server (AS64500,
/// `rs client`, `import keep filtered`, an import filter that rejects 203.0.113.128/25) with BGP
/// sessions to member AS65001 (127.0.0.2; three static prefixes, one of them filtered),
/// AS65002 (127.0.0.3; one prefix) and AS65003 (127.0.0.4), which never answers. The scratch
/// folder's name starts with `plg-bird-`; `tearDown()` stops the daemons and removes it.
public final class BIRDLab {
    /// The scratch folder: configurations, control sockets, logs.
    public let folder: URL
    private var daemons: [String: ServerProcess] = [:]

    /// Starts the route server and the two members that answer.
    public init() throws {
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
        do {
            try start("rs", rs)
            try start("m1", member(0, 65001, ["198.51.100.0/24", "203.0.113.0/25", "203.0.113.128/25"]))
            try start("m2", member(1, 65002, ["192.0.2.128/25"]))
        } catch {
            tearDown()
            throw error
        }
    }

    /// The route server's control socket.
    public var routeServerSocket: String { folder.appendingPathComponent("rs.ctl").path }

    /// An IX-F member list of the three members, with `max_prefix` 3, 100 and 10: member A
    /// announces all of its limit.
    public func writeMemberList() throws -> URL {
        let url = folder.appendingPathComponent("members.json")
        func entry(_ asn: Int, _ name: String, _ address: String, _ limit: Int) -> String {
            """
            {"asnum": \(asn), "name": "\(name)", "connection_list": [{"ixp_id": 1, "state": "active",
              "vlan_list": [{"ipv4": {"address": "\(address)", "max_prefix": \(limit), "routeserver": true}}]}]}
            """
        }
        let entries = [entry(65001, "Member A", "127.0.0.2", 3), entry(65002, "Member B", "127.0.0.3", 100),
                       entry(65003, "Member C", "127.0.0.4", 10)]
        try "{\"version\": \"1.0\", \"timestamp\": \"2026-11-27T00:00:00Z\", \"member_list\": [\(entries.joined(separator: ",\n"))]}"
            .write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private func start(_ name: String, _ config: String) throws {
        let file = folder.appendingPathComponent("\(name).conf")
        try config.write(to: file, atomically: true, encoding: .utf8)
        daemons[name] = try Subprocess.start(
            "bird", ["-f", "-c", file.path, "-s", folder.appendingPathComponent("\(name).ctl").path],
            logFile: folder.appendingPathComponent("\(name).log"))
    }

    /// Stops daemon `name` (`rs`, `m1`, `m2`).
    public func stop(_ name: String) {
        daemons[name]?.stop(grace: 2)
        daemons[name] = nil
    }

    /// Stops every daemon and removes the folder.
    public func tearDown() {
        for name in daemons.keys.sorted() { stop(name) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// The log of daemon `name`.
    public func log(_ name: String) -> String {
        (try? String(contentsOf: folder.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
    }
}
