import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A socket address of an IPv4 or IPv6 host, for `sendto`, `bind` and reading the sender of a
/// reply. C types stay inside this module.
struct PingAddress: Sendable {
    let family: ICMPEcho.Family
    private var storage = sockaddr_storage()

    /// The address of `text`, nil when it is neither IPv4 nor IPv6.
    init?(_ text: String) {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, text, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            family = .ipv4
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: v4) { target.copyMemory(from: $0) }
            }
            return
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, text, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            family = .ipv6
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: v6) { target.copyMemory(from: $0) }
            }
            return
        }
        return nil
    }

    /// The canonical text and family of `text` (a prefix length is tolerated), or nil.
    static func canonical(_ text: String) -> (text: String, family: ICMPEcho.Family)? {
        let trimmed = String(text.split(separator: "/").first ?? Substring(text)).trimmingCharacters(in: .whitespaces)
        guard let address = PingAddress(trimmed), let canonical = address.text else { return nil }
        return (canonical, address.family)
    }

    /// The length of the C structure of its family.
    var length: socklen_t {
        socklen_t(family == .ipv4 ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
    }

    /// Calls `body` with the C address.
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }

    /// The canonical text of the address.
    var text: String? {
        withUnsafeBytes(of: storage) { raw -> String? in
            var buffer = [CChar](repeating: 0, count: 64)
            let result: UnsafePointer<CChar>?
            if family == .ipv4 {
                var address = raw.load(as: sockaddr_in.self).sin_addr
                result = inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
            } else {
                var address = raw.load(as: sockaddr_in6.self).sin6_addr
                result = inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
            }
            guard result != nil else { return nil }
            return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The canonical text of the sender in `storage` as `recvfrom` filled it, or nil.
    static func text(of storage: sockaddr_storage) -> String? {
        withUnsafeBytes(of: storage) { raw -> String? in
            var buffer = [CChar](repeating: 0, count: 64)
            let result: UnsafePointer<CChar>?
            switch Int32(storage.ss_family) {
            case AF_INET:
                var address = raw.load(as: sockaddr_in.self).sin_addr
                result = inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
            case AF_INET6:
                var address = raw.load(as: sockaddr_in6.self).sin6_addr
                result = inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
            default:
                return nil
            }
            guard result != nil else { return nil }
            return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
