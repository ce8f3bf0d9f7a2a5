public import Foundation

/// Real BIRD 2 daemons on loopback addresses of their own (127.X.Y.1–4, X.Y drawn at random,
/// BGP on port 1790 with `strict bind`, so that no port another test picks can collide): a route server (.1,
/// AS64500, `rs client`, `import keep filtered`, an import filter that rejects
/// 203.0.113.128/25) with BGP sessions to member AS65001 (.2; three static prefixes, one of them
/// filtered), AS65002 (.3; one prefix) and AS65003 (.4), which never answers. The scratch
/// folder's name starts with `plg-bird-`; `tearDown()` stops the daemons and removes it.
public final class BIRDLab {
    /// The scratch folder: configurations, control sockets, logs.
    public let folder: URL
    /// The first three octets of the lab's addresses, e.g. `127.83.12`.
    public let network: String
    private var daemons: [String: ServerProcess] = [:]

    /// Starts the route server and the two members that answer.
    public init() throws {
        guard Subprocess.which("bird") != nil else { throw HarnessError("bird not found (Debian package bird2)") }
        folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("plg-bird-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        network = "127.\(Int.random(in: 16...250)).\(Int.random(in: 0...255))"
        let network = self.network
        let rs = """
            log stderr all;
            router id 192.0.2.1;
            protocol device { scan time 10; }
            template bgp mem {
              local \(network).1 port 1790 as 64500;
              multihop; strict bind on; rs client; connect retry time 1; error wait time 1, 2;
              ipv4 { import filter { if net = 203.0.113.128/25 then reject; accept; }; import keep filtered;
                     export all; next hop keep; };
            }
            protocol bgp m65001 from mem { description "Member A"; neighbor \(network).2 port 1790 as 65001; }
            protocol bgp m65002 from mem { description "Member B"; neighbor \(network).3 port 1790 as 65002; }
            protocol bgp m65003 from mem { description "Member C, never up"; neighbor \(network).4 port 1790 as 65003; }
            """
        func member(_ index: Int, _ asn: Int, _ routes: [String]) -> String {
            """
            log stderr all;
            router id 192.0.2.\(11 + index);
            protocol device { scan time 10; }
            protocol static { ipv4; \(routes.map { "route \($0) blackhole;" }.joined(separator: " ")) }
            protocol bgp rsa {
              local \(network).\(2 + index) port 1790 as \(asn);
              neighbor \(network).1 port 1790 as 64500;
              multihop; strict bind on; connect retry time 1; error wait time 1, 2;
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

    /// The address of member `number` (1, 2 or 3: AS65001, AS65002, AS65003).
    public func memberAddress(_ number: Int) -> String { "\(network).\(1 + number)" }

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
        let entries = [entry(65001, "Member A", memberAddress(1), 3), entry(65002, "Member B", memberAddress(2), 100),
                       entry(65003, "Member C", memberAddress(3), 10)]
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

    /// Runs `birdc` against daemon `name` (`rs`, `m1`, `m2`), e.g. `disable static1` to make a
    /// member withdraw its prefixes while its BGP session stays up.
    @discardableResult
    public func birdc(_ name: String, _ command: String) throws -> String {
        let result = try Subprocess.run("birdc", ["-s", folder.appendingPathComponent("\(name).ctl").path, command])
        guard result.status == 0 else { throw HarnessError("birdc \(command) on \(name): \(result.stdout)\(result.stderr)") }
        return result.stdout
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
