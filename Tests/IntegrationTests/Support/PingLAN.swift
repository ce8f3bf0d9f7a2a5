import Foundation
import Synchronization

/// A small peering LAN for the ping probe: a bridge in this namespace with the monitoring
/// host's address (.1 and ::1), and one network namespace per member router on it (.11, .12, …
/// and ::11, …). Member 2 ignores echo requests (IPv4 and IPv6); member 3 answers 30 ms late
/// when the kernel has netem (`hasDelay`). Every name starts with `ping`; `remove()` deletes
/// them all.
final class PingLAN {
    /// The first three octets of the LAN, e.g. `198.18.77`.
    let network4: String
    /// The IPv6 prefix without its length, e.g. `fd00:7069:4d::`.
    let network6: String
    /// Whether member 3's replies are delayed.
    private(set) var hasDelay = false
    private let tag: String
    private let count: Int

    /// How many LANs this process has built.
    private static let built = Atomic<Int>(0)
    /// The third octet of this process's first LAN, drawn at random (the next LANs count up).
    private static let firstOctet = Int.random(in: 0...255)

    /// Whether the test can run here: root and `ip`.
    static let isAvailable = getuid() == 0 && shell("command -v ip && command -v sysctl") == 0

    /// Creates the bridge and `count` member namespaces.
    init(members count: Int = 4) throws {
        self.count = count
        // The process id and a counter keep the names of LANs built at the same time apart (by
        // parallel tests, or test processes); the counter also keeps their networks apart.
        let number = Self.built.add(1, ordering: .relaxed).newValue
        tag = "\(getpid() % 100_000)\(String(number % 1296, radix: 36))"
        let octet = (Self.firstOctet + number) % 256
        network4 = "198.18.\(octet)"
        network6 = "fd00:7069:\(String(octet, radix: 16))::"
        remove()
        var commands = [
            "ip link add \(bridge) type bridge",
            "ip addr add \(network4).1/24 dev \(bridge)",
            "ip addr add \(network6)1/64 dev \(bridge) nodad",
            "ip link set \(bridge) up",
        ]
        for member in 1...count {
            let namespace = self.namespace(member), host = "pinghv\(member)\(tag)"
            commands += [
                "ip netns add \(namespace)",
                "ip link add \(host) type veth peer name eth0 netns \(namespace)",
                "ip link set \(host) master \(bridge) up",
                "ip -n \(namespace) addr add \(address(member))/24 dev eth0",
                "ip -n \(namespace) addr add \(address6(member))/64 dev eth0 nodad",
                "ip -n \(namespace) link set eth0 up",
                "ip -n \(namespace) link set lo up",
            ]
        }
        for command in commands where Self.shell(command) != 0 {
            remove()
            throw PingLANError(message: "cannot set up the ping LAN: '\(command)' failed")
        }
        if count >= 2, Self.shell("ip netns exec \(namespace(2)) sysctl -w net.ipv4.icmp_echo_ignore_all=1 net.ipv6.icmp.echo_ignore_all=1") != 0 {
            remove()
            throw PingLANError(message: "cannot make member 2 ignore echo requests")
        }
        if count >= 3 {
            hasDelay = Self.shell("ip netns exec \(namespace(3)) tc qdisc add dev eth0 root netem delay 30ms") == 0
        }
    }

    /// Adds a namespace for the agent itself on the LAN (.2 and ::2), in which unprivileged ICMP
    /// sockets are allowed to every group (`net.ipv4.ping_group_range` is per namespace);
    /// returns its name.
    func addAgentNamespace() throws -> String {
        let namespace = agentNamespace, host = "pingha\(tag)"
        let commands = [
            "ip netns add \(namespace)",
            "ip link add \(host) type veth peer name eth0 netns \(namespace)",
            "ip link set \(host) master \(bridge) up",
            "ip -n \(namespace) addr add \(agentAddress)/24 dev eth0",
            "ip -n \(namespace) addr add \(network6)2/64 dev eth0 nodad",
            "ip -n \(namespace) link set eth0 up",
            "ip -n \(namespace) link set lo up",
            "ip netns exec \(namespace) sysctl -w net.ipv4.ping_group_range='0 2147483647'",
        ]
        for command in commands where Self.shell(command) != 0 {
            throw PingLANError(message: "cannot set up the agent's namespace: '\(command)' failed")
        }
        return namespace
    }

    /// The agent's namespace (see `addAgentNamespace`).
    var agentNamespace: String { "pinga\(tag)" }

    /// The agent's IPv4 address in its namespace.
    var agentAddress: String { "\(network4).2" }

    /// The bridge.
    var bridge: String { "pingbr\(tag)" }

    /// The namespace of member `number` (1…).
    func namespace(_ number: Int) -> String { "pingm\(number)\(tag)" }

    /// The IPv4 address of member `number`.
    func address(_ number: Int) -> String { "\(network4).\(10 + number)" }

    /// The IPv6 address of member `number`.
    func address6(_ number: Int) -> String { "\(network6)\(10 + number)" }

    /// The ASN of member `number`: 65100 + number.
    func asn(_ number: Int) -> Int { 65_100 + number }

    /// An IX-F member list of the members, named `Member 1` …, with both addresses, written to `url`.
    func writeMemberList(to url: URL) throws {
        let entries = (1...count).map { member in
            """
            {"asnum": \(asn(member)), "name": "Member \(member)", "connection_list": [{"ixp_id": 1, "state": "active",
              "vlan_list": [{"ipv4": {"address": "\(address(member))"}, "ipv6": {"address": "\(address6(member))"}}]}]}
            """
        }
        try "{\"version\": \"1.0\", \"timestamp\": \"2026-11-27T00:00:00Z\", \"member_list\": [\(entries.joined(separator: ",\n"))]}"
            .write(to: url, atomically: true, encoding: .utf8)
    }

    /// Deletes the namespaces, their veth pairs and the bridge (safe to call twice).
    func remove() {
        for member in 1...count {
            Self.shell("ip netns del \(namespace(member))")
            Self.shell("ip link del pinghv\(member)\(tag)")
        }
        Self.shell("ip netns del \(agentNamespace)")
        Self.shell("ip link del pingha\(tag)")
        Self.shell("ip link del \(bridge)")
    }

    /// Runs a shell command with its output discarded; returns its exit status.
    @discardableResult
    static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "(" + command + ") >/dev/null 2>&1"]
        do {
            try process.run()
        } catch {
            return -1
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// A ping LAN that could not be set up.
struct PingLANError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
