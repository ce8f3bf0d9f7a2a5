import ProbeKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking ICMP or ICMPv6 socket for echo requests: an unprivileged datagram ICMP socket
/// (`SOCK_DGRAM`, `IPPROTO_ICMP`; the kernel allows it to the groups of
/// `net.ipv4.ping_group_range` and sets the echo identifier itself) or, where that is refused,
/// a raw socket, which needs `CAP_NET_RAW`. Closed when released.
final class PingSocket: Sendable {
    /// How the socket was opened.
    enum Mode: String, Sendable {
        /// `SOCK_DGRAM`: replies come without the IP header, and only this socket's own.
        case datagram
        /// `SOCK_RAW`: IPv4 replies come with their IP header, and every host's replies come.
        case raw
    }

    let family: ICMPEcho.Family
    let mode: Mode
    let descriptor: Int32

    private init(family: ICMPEcho.Family, mode: Mode, descriptor: Int32) {
        self.family = family
        self.mode = mode
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Whether received messages start with an IPv4 header.
    var includesIPHeader: Bool { family == .ipv4 && mode == .raw }

    /// Opens a socket of `family`, bound to `source` when given. `modes` are tried in order
    /// (a datagram socket first, then a raw one). The error says what to change.
    static func open(_ family: ICMPEcho.Family, source: PingAddress?, modes: [Mode] = [.datagram, .raw])
        throws(ProbeError) -> PingSocket
    {
        let domain = family == .ipv4 ? AF_INET : AF_INET6
        let proto = family == .ipv4 ? Int32(IPPROTO_ICMP) : Int32(IPPROTO_ICMPV6)
        var refusals: [String] = []
        for mode in modes {
            let type = (mode == .datagram ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_RAW.rawValue))
                | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            let descriptor = socket(domain, type, proto)
            if descriptor < 0 {
                let code = errno
                switch (mode, code) {
                case (.datagram, EACCES), (.datagram, EPERM):
                    refusals.append("unprivileged ICMP sockets are not allowed for group \(getgid()) "
                        + "(net.ipv4.ping_group_range is '\(Self.pingGroupRange())')")
                case (.raw, EPERM), (.raw, EACCES):
                    refusals.append("a raw ICMP socket needs CAP_NET_RAW, which the agent does not have")
                default:
                    refusals.append("\(mode.rawValue) socket: \(Self.describe(code))")
                }
                continue
            }
            let opened = PingSocket(family: family, mode: mode, descriptor: descriptor)
            var size: Int32 = 1 << 20
            _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            if let source {
                guard source.family == family else { throw ProbeError("the source address is not \(family.rawValue)") }
                let bound = source.withSockaddr { address, length in bind(descriptor, address, length) }
                if bound != 0 {
                    throw ProbeError("cannot send pings from \(source.text ?? "?"): \(Self.describe(errno))")
                }
            }
            return opened
        }
        throw ProbeError("cannot open an \(family == .ipv4 ? "ICMP" : "ICMPv6") socket: \(refusals.joined(separator: "; ")). "
            + "Allow the agent's group to ping (sysctl -w net.ipv4.ping_group_range='\(getgid()) \(getgid())') "
            + "or give the agent CAP_NET_RAW (systemd: AmbientCapabilities=CAP_NET_RAW)")
    }

    /// Sends `bytes` to `address`; returns nil when sent, else the errno.
    func send(_ bytes: [UInt8], to address: PingAddress) -> Int32? {
        let sent = bytes.withUnsafeBytes { buffer in
            address.withSockaddr { target, length in sendto(descriptor, buffer.baseAddress, buffer.count, 0, target, length) }
        }
        return sent == bytes.count ? nil : (sent < 0 ? errno : EMSGSIZE)
    }

    /// Reads one message into `buffer`: its length and its sender, or nil when none is waiting
    /// (or the read failed).
    func receive(into buffer: inout [UInt8]) -> (length: Int, sender: String?)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let count = buffer.withUnsafeMutableBytes { bytes in
            withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(descriptor, bytes.baseAddress, bytes.count, 0, $0, &length)
                }
            }
        }
        guard count >= 0 else { return nil }
        return (count, PingAddress.text(of: storage))
    }

    /// `strerror` of `code`.
    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// The kernel's `net.ipv4.ping_group_range`, for messages.
    static func pingGroupRange() -> String {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ping_group_range", encoding: .utf8)) ?? "unknown"
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
