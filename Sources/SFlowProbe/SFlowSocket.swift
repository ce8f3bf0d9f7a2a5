import ProbeKit
#if canImport(Glibc)
import Glibc
#endif

/// A bound UDP socket that receives datagrams with a short timeout, so that the thread
/// reading it notices a stop request. Sendable as checked by the compiler: its stored
/// properties are constants (the descriptor and the port), and only the listener thread
/// receives on it.
final class SFlowSocket: Sendable {
    private let fd: Int32
    /// The port bound (the one the system chose when asked for port 0).
    let port: UInt16

    /// Binds `address`, with a receive buffer of `receiveBufferBytes`.
    init(_ address: SFlowListenAddress, receiveBufferBytes: Int) throws(ProbeError) {
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ProbeError("cannot create a UDP socket: \(Self.errnoText())") }
        // As root (or with CAP_NET_ADMIN) the buffer may exceed net.core.rmem_max; otherwise
        // the kernel caps it there.
        var size = Int32(clamping: receiveBufferBytes)
        if setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bound: Int32
        if address.isIPv6 {
            var storage = sockaddr_in6()
            storage.sin6_family = sa_family_t(AF_INET6)
            storage.sin6_port = address.port.bigEndian
            _ = inet_pton(AF_INET6, address.host, &storage.sin6_addr)
            bound = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var storage = sockaddr_in()
            storage.sin_family = sa_family_t(AF_INET)
            storage.sin_port = address.port.bigEndian
            _ = inet_pton(AF_INET, address.host, &storage.sin_addr)
            bound = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard bound == 0 else {
            let text = Self.errnoText()
            close(fd)
            throw ProbeError("cannot listen for sFlow on UDP \(address): \(text)")
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port = withUnsafePointer(to: &storage) { pointer -> UInt16 in
            if address.isIPv6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
        self.fd = fd
        self.port = port
    }

    /// Receives one datagram into `buffer`: its length, 0 when the timeout passed, or nil on an error.
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let count = recv(fd, buffer.baseAddress, buffer.count, 0)
        if count >= 0 { return count }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return 0 }
        return nil
    }

    deinit {
        close(fd)
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
