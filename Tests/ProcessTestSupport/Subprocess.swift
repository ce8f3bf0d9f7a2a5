public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What a finished command printed and how it ended.
public struct CommandResult: Sendable {
    /// The exit status (or 128 + signal number when it was killed).
    public var status: Int32
    /// Everything written to standard output.
    public var stdout: String
    /// Everything written to standard error.
    public var stderr: String
    /// Whether the command exited with status 0.
    public var succeeded: Bool { status == 0 }
}

/// An error of the test harness: a server that did not start, a tool that is missing.
public struct HarnessError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the command, file or port involved.
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Runs commands and long-running servers with Foundation's `Process`.
public enum Subprocess {
    /// The full path of `name` found on `PATH` (plus /usr/sbin and /sbin, where snmpd lives),
    /// or nil.
    public static func which(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories: [String] = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/local/sbin"]
        for dir in directories {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` (a path or a name on PATH) to completion and returns its output.
    /// It is killed when it runs longer than `timeout` seconds, which is reported as an error.
    /// This one blocks its thread while it waits: in an async test, use the async `run`.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        timeout: Double = 60
    ) throws -> CommandResult {
        let command = try RunningCommand(executable, arguments, environment: environment, timeout: timeout)
        defer { command.cleanUp() }
        var pause = RunningCommand.firstPause
        while true {
            if let result = try command.poll() { return result }
            usleep(pause)
            pause = RunningCommand.next(pause)
        }
    }

    /// Runs `executable` to completion like the blocking `run`, but waits with `Task.sleep`:
    /// an async test waiting for a long command (a browser, an import, a validator) then does
    /// not hold one of the cooperative pool's threads, of which there are only as many as cores,
    /// and which every other test running in parallel needs. Cancelling the task kills the
    /// command.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        timeout: Double = 60
    ) async throws -> CommandResult {
        let command = try RunningCommand(executable, arguments, environment: environment, timeout: timeout)
        defer { command.cleanUp() }
        var pause = RunningCommand.firstPause
        while true {
            if let result = try command.poll() { return result }
            do {
                try await Task.sleep(nanoseconds: UInt64(pause) * 1_000)
            } catch {
                _ = terminate(command.pid, grace: 1)
                throw error
            }
            pause = RunningCommand.next(pause)
        }
    }

    /// A command started by `run`, with its output going to files in a scratch folder.
    private struct RunningCommand {
        /// Checked every millisecond at first, then less often (up to every 20 ms): a short
        /// command returns at once, and a long one does not keep a core busy polling while the
        /// tests running in parallel need it.
        static let firstPause: UInt32 = 1_000
        static func next(_ pause: UInt32) -> UInt32 { min(pause * 2, 20_000) }

        let pid: pid_t
        let description: String
        let scratch: URL
        let deadline: Date
        let timeout: Double

        init(_ executable: String, _ arguments: [String], environment: [String: String], timeout: Double) throws {
            guard let path = Subprocess.which(executable) else {
                throw HarnessError("\(executable) not found on PATH (is its Debian package installed?)")
            }
            scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-health-cmd-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            description = "\(path) \(arguments.joined(separator: " "))"
            self.timeout = timeout
            do {
                pid = try Subprocess.spawn(path, arguments, environment: environment,
                                           stdout: scratch.appendingPathComponent("stdout").path,
                                           stderr: scratch.appendingPathComponent("stderr").path)
            } catch {
                try? FileManager.default.removeItem(at: scratch)
                throw error
            }
            deadline = Date().addingTimeInterval(timeout)
        }

        /// The result once the command has ended; nil while it runs; an error (after killing
        /// it) once it has run out of time.
        func poll() throws -> CommandResult? {
            if let status = Subprocess.reap(pid) {
                let stdout = (try? String(contentsOfFile: scratch.appendingPathComponent("stdout").path, encoding: .utf8)) ?? ""
                let stderr = (try? String(contentsOfFile: scratch.appendingPathComponent("stderr").path, encoding: .utf8)) ?? ""
                return CommandResult(status: status, stdout: stdout, stderr: stderr)
            }
            if Date() >= deadline {
                _ = Subprocess.terminate(pid, grace: 1)
                throw HarnessError("\(description) did not finish within \(timeout) s")
            }
            return nil
        }

        func cleanUp() {
            try? FileManager.default.removeItem(at: scratch)
        }
    }

    /// Starts a long-running server with its output (stdout and stderr) written to `logFile`;
    /// stop it with ``ServerProcess/stop(grace:)``.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], logFile: URL
    ) throws -> ServerProcess {
        guard let path = which(executable) else {
            throw HarnessError("\(executable) not found on PATH (is its Debian package installed?)")
        }
        let pid = try spawn(path, arguments, environment: environment, stdout: logFile.path, stderr: nil)
        return ServerProcess(pid: pid, description: "\(path) \(arguments.joined(separator: " "))")
    }

    /// posix_spawn with stdin from /dev/null and stdout/stderr to files (stderr to the stdout
    /// file when nil). Foundation's `Process` is not used: on Linux its exit notification
    /// can starve when the cooperative thread pool is busy, and then `waitUntilExit` never
    /// returns; here the child is reaped with `waitpid` directly.
    fileprivate static func spawn(
        _ path: String, _ arguments: [String], environment: [String: String], stdout: String, stderr: String?
    ) throws -> pid_t {
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = [path] + arguments
        let envp = merged.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let stderr {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so that a terminal's ^C does not reach the servers first.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        var pid: pid_t = 0
        let result = withCStringArray(argv) { cArgv in
            withCStringArray(envp) { cEnvp in
                posix_spawn(&pid, path, &actions, &attributes, cArgv, cEnvp)
            }
        }
        guard result == 0 else {
            throw HarnessError("cannot start \(path): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// The exit status when `pid` has ended (and reaps it), nil while it runs. A process
    /// killed by a signal reports 128 + the signal number.
    public static func reap(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == 0 { return nil }
        if result < 0 { return -1 }  // not our child any more (already reaped)
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Sends SIGTERM, then SIGKILL after `grace` seconds, and reaps the process. Returns its
    /// exit status.
    @discardableResult
    public static func terminate(_ pid: pid_t, grace: Double) -> Int32 {
        if let status = reap(pid) { return status }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            if let status = reap(pid) { return status }
            usleep(5_000)
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        return 128 + SIGKILL
    }

    private static func withCStringArray<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}

/// A server started by ``Subprocess/start(_:_:environment:logFile:)``; it is stopped by its
/// process id.
public final class ServerProcess: Sendable {
    /// The process id.
    public let pid: pid_t
    /// The command line, for error messages.
    public let description: String
    private let exit = Mutex<Int32?>(nil)

    public init(pid: pid_t, description: String) {
        self.pid = pid
        self.description = description
    }

    /// Whether the process is still running.
    public var isRunning: Bool { exitStatus == nil }

    /// The exit status once it has ended, nil while it runs.
    public var exitStatus: Int32? {
        exit.withLock { status in
            if status == nil { status = Subprocess.reap(pid) }
            return status
        }
    }

    /// Stops the process (SIGTERM, then SIGKILL after `grace` seconds) and reaps it. Safe to
    /// call more than once.
    public func stop(grace: Double = 3) {
        exit.withLock { status in
            if status == nil { status = Subprocess.terminate(pid, grace: grace) }
        }
    }

    deinit {
        stop(grace: 1)
    }
}

/// Free ports on loopback for servers the tests start.
public enum FreePort {
    /// A UDP port on `host` (an IPv4 address) that nothing is bound to right now.
    public static func udp(host: String = "127.0.0.1") throws -> Int {
        try find(type: Int32(SOCK_DGRAM.rawValue), host: host)
    }

    /// A TCP port on `host` (an IPv4 address) that nothing is bound to right now.
    public static func tcp(host: String = "127.0.0.1") throws -> Int {
        try find(type: Int32(SOCK_STREAM.rawValue), host: host)
    }

    /// The ports handed out so far in this process. The kernel may hand the same free port to
    /// two tests that ask at nearly the same moment (neither has bound it yet); with the tests
    /// running in parallel that happens, so a port is handed out at most once per process.
    private static let handedOut = Mutex<Set<Int>>([])

    private static func find(type: Int32, host: String) throws -> Int {
        for _ in 0..<50 {
            let port = try bindAny(type: type, host: host)
            let fresh = handedOut.withLock { ports in ports.insert(port).inserted }
            if fresh { return port }
        }
        throw HarnessError("no free port on \(host) that this process has not handed out already")
    }

    private static func bindAny(type: Int32, host: String) throws -> Int {
        let fd = socket(AF_INET, type, 0)
        guard fd >= 0 else { throw HarnessError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw HarnessError("'\(host)' is not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw HarnessError("bind(\(host):0) failed: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(fd, $0, &length)
            }
        }
        guard named == 0 else { throw HarnessError("getsockname failed: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Writes files that other processes will execute.
public enum ExecutableFile {
    /// Writes `text` to `path` with mode 0755, through a descriptor that closes on exec: a
    /// server another test starts at the same moment must not inherit it, or executing the
    /// file fails with "Text file busy" for as long as that server runs.
    public static func write(_ text: String, to path: String) throws {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw HarnessError("cannot create \(path): errno \(errno)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw HarnessError("cannot write \(path): errno \(errno)") }
            written += count
        }
    }
}
