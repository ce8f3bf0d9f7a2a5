public import ProbeKit
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Talks to a BIRD daemon over its control socket (the unix socket `birdc` uses): connects,
/// reads the greeting (`0001 BIRD 2.0.12 ready.`), sends commands and reads their replies.
/// Each exchange runs on a thread of its own with a deadline and a size limit, so a BIRD that
/// hangs or floods costs the agent a thread for at most the timeout.
public enum BIRDControlClient {
    /// Sends each of `commands` in turn over one connection to `socketPath` and returns their
    /// replies, within `timeout` seconds in all and `maxBytes` bytes per reply.
    public static func query(_ socketPath: String, commands: [String], timeout: Double, maxBytes: Int) async throws(ProbeError) -> [BIRDReply] {
        let result: Result<[BIRDReply], ProbeError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: queryBlocking(socketPath, commands: commands, timeout: timeout, maxBytes: maxBytes))
            }
            thread.name = "ixp-health bird"
            thread.start()
        }
        return try result.get()
    }

    static func queryBlocking(_ socketPath: String, commands: [String], timeout: Double, maxBytes: Int) -> Result<[BIRDReply], ProbeError> {
        let deadline = monotonicNow() + timeout
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return .failure(ProbeError("cannot create a unix socket: \(errnoText())")) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(socketPath.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else {
            return .failure(ProbeError("the control socket path \(socketPath) is longer than \(capacity - 1) bytes"))
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in pathBytes.enumerated() { buffer[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if connected != 0 && errno != EINPROGRESS && errno != EAGAIN {
            return .failure(ProbeError("cannot connect to the BIRD control socket \(socketPath): \(errnoText())"))
        }
        var pending: [UInt8] = []
        do throws(ProbeError) {
            let greeting = try readReply(fd, &pending, deadline: deadline, maxBytes: 4096, what: "the greeting")
            guard greeting.finalCode == 1 else {
                return .failure(ProbeError("\(socketPath) does not greet as BIRD does ('0001 BIRD … ready.'), got code \(greeting.finalCode)"))
            }
            var replies: [BIRDReply] = []
            for command in commands {
                try write(fd, Array((command + "\n").utf8), deadline: deadline)
                let reply = try readReply(fd, &pending, deadline: deadline, maxBytes: maxBytes, what: "the reply to '\(command)'")
                guard reply.finalCode / 1000 == 0 else {
                    return .failure(ProbeError("BIRD refused '\(command)': \(reply.finalCode) \(reply.finalText)"))
                }
                replies.append(reply)
            }
            return .success(replies)
        } catch {
            return .failure(ProbeError("\(socketPath): \(error.message)"))
        }
    }

    static func write(_ fd: Int32, _ bytes: [UInt8], deadline: Double) throws(ProbeError) {
        var sent = 0
        while sent < bytes.count {
            try wait(fd, for: Int16(POLLOUT), deadline: deadline, what: "to send a command")
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw ProbeError("cannot send a command: \(errnoText())")
            }
            sent += count
        }
    }

    /// Reads until a final line; bytes after it stay in `pending` for the next reply.
    static func readReply(_ fd: Int32, _ pending: inout [UInt8], deadline: Double, maxBytes: Int, what: String) throws(ProbeError) -> BIRDReply {
        var scanned = 0
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            // Look for a complete final line among the complete lines received so far.
            var lineStart = scanned
            var index = scanned
            while index < pending.count {
                if pending[index] == 0x0A {
                    let line = String(decoding: pending[lineStart..<index], as: UTF8.self)
                    if BIRDReply.finalCode(of: Substring(line)) != nil {
                        let text = String(decoding: pending[0...index], as: UTF8.self)
                        pending.removeFirst(index + 1)
                        return try BIRDReply.parse(text)
                    }
                    lineStart = index + 1
                }
                index += 1
            }
            scanned = lineStart
            guard pending.count <= maxBytes else { throw ProbeError("\(what) is longer than \(maxBytes) bytes (max_bytes)") }
            try wait(fd, for: Int16(POLLIN), deadline: deadline, what: "for \(what)")
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw ProbeError("cannot read \(what): \(errnoText())")
            }
            if count == 0 { throw ProbeError("BIRD closed the connection before the end of \(what)") }
            pending.append(contentsOf: chunk[0..<count])
        }
    }

    static func wait(_ fd: Int32, for events: Int16, deadline: Double, what: String) throws(ProbeError) {
        while true {
            let remaining = deadline - monotonicNow()
            guard remaining > 0 else { throw ProbeError("timed out waiting \(what)") }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(max(1, min(1000, remaining * 1000))))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw ProbeError("cannot wait \(what): \(errnoText())") }
        }
    }

    static func monotonicNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
