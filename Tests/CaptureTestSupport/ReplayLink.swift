import Foundation
import Synchronization

/// A veth pair for live-capture tests: `outside` stays in this namespace for the capture,
/// `inside` sits in a network namespace the test owns, where `replay` sends a capture file with
/// tcpreplay. Both ends have IPv6 off and no addresses, so the kernel sends nothing on them.
/// `remove()` deletes the namespace and the pair.
public final class ReplayLink {
    /// The end to capture on.
    public let outside: String
    /// The end frames are replayed into (inside `namespace`).
    public let inside: String
    /// The namespace.
    public let namespace: String

    /// Whether live tests can run here: root, `ip` and `tcpreplay`.
    public static let isAvailable = getuid() == 0 && shell("command -v tcpreplay && command -v ip") == 0

    /// How many links this process has made: with the process id, it keeps the names of links
    /// that tests running in parallel make apart.
    private static let made = Atomic<Int>(0)

    /// Creates the namespace and the pair; `prefix` (at most 3 characters) says which test owns
    /// them, the process id and a counter keep parallel tests and test processes apart.
    public init(prefix: String) throws {
        let tag = "\(getpid() % 100_000)\(String(Self.made.add(1, ordering: .relaxed).newValue % 1296, radix: 36))"
        namespace = "ix\(prefix)\(tag)"
        inside = "\(prefix)A\(tag)"
        outside = "\(prefix)B\(tag)"
        remove()
        guard Self.shell("ip netns add \(namespace)") == 0,
              Self.shell("ip link add \(outside) type veth peer name \(inside) netns \(namespace)") == 0 else {
            remove()
            throw ReplayLinkError(message: "cannot create the namespace \(namespace) and veth pair \(outside)/\(inside)")
        }
        Self.shell("sysctl -w net.ipv6.conf.\(outside).disable_ipv6=1")
        Self.shell("ip netns exec \(namespace) sysctl -w net.ipv6.conf.\(inside).disable_ipv6=1")
        guard Self.shell("ip link set \(outside) up && ip -n \(namespace) link set \(inside) up") == 0 else {
            remove()
            throw ReplayLinkError(message: "cannot bring up \(outside)/\(inside)")
        }
    }

    /// Replays `file` into the inside end as fast as possible; returns tcpreplay's exit status.
    @discardableResult
    public func replay(_ file: String, extraArguments: String = "--topspeed") -> Int32 {
        Self.shell("ip netns exec \(namespace) tcpreplay -q \(extraArguments) -i \(inside) \(file)")
    }

    /// Deletes the namespace and the pair (safe to call twice).
    public func remove() {
        Self.shell("ip netns del \(namespace)")
        Self.shell("ip link del \(outside)")
    }

    /// Runs a shell command with its output discarded; returns its exit status.
    @discardableResult
    public static func shell(_ command: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " >/dev/null 2>&1"]
        do {
            try process.run()
        } catch {
            return -1
        }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// A live-test link that could not be set up.
public struct ReplayLinkError: Error, CustomStringConvertible {
    /// What failed.
    public var message: String
    public var description: String { message }
}
