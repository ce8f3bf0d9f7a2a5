#if canImport(Glibc)
import Glibc
#endif

/// A UDP socket bound on loopback that never answers: the kernel takes the datagrams and
/// nobody replies (and, the port being bound, no ICMP "port unreachable" comes back either), so
/// an SNMP client waits out its whole timeout. The socket closes with the object.
public final class SilentUDPPort: Sendable {
    /// The bound socket.
    public let fd: Int32
    /// The address it is bound to.
    public let host = "127.0.0.1"
    /// Its port.
    public let port: Int

    /// Binds a socket to a free port on 127.0.0.1.
    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw HarnessError("bind(127.0.0.1:0) failed: errno \(errno)")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}
