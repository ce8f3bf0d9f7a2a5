public import ProbeKit
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a plugin command without a shell, in a process group of its own, on a thread of its
/// own (never on the agent's concurrency pool), and returns its standard output. The command is
/// killed — its whole process group — when it runs past its timeout or prints more than the
/// limit, so a hung or chatty plugin costs the agent one thread for at most the timeout.
public enum PluginProcess {
    /// What a finished command printed.
    public struct Output: Sendable {
        /// Standard output, at most the limit.
        public var stdout: [UInt8]
        /// The first 4 KiB of standard error, for error messages.
        public var stderr: [UInt8]
    }

    /// Runs `command` (`command[0]` a path, or a name looked up on `PATH`) with standard input
    /// from /dev/null. Fails when it cannot start, exits other than 0, is killed by a signal,
    /// runs longer than `timeout` seconds or prints more than `maxBytes` bytes.
    public static func run(_ command: [String], timeout: Double, maxBytes: Int) async throws(ProbeError) -> Output {
        let result: Result<Output, ProbeError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: runBlocking(command, timeout: timeout, maxBytes: maxBytes))
            }
            thread.name = "ixp-health exec"
            thread.start()
        }
        return try result.get()
    }

    static let stderrLimit = 4096

    static func runBlocking(_ command: [String], timeout: Double, maxBytes: Int) -> Result<Output, ProbeError> {
        guard let executable = command.first, !executable.isEmpty else {
            return .failure(ProbeError("is not a command (empty)"))
        }
        // Pipes are made close-on-exec, and commands started, under one lock: a command started
        // by another probe at the same moment must not inherit this one's pipe (it would hold
        // its output open).
        spawnLock.lock()
        var spawnLocked = true
        defer { if spawnLocked { spawnLock.unlock() } }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard makePipe(&outPipe) else { return .failure(ProbeError("cannot create a pipe: \(errnoText())")) }
        guard makePipe(&errPipe) else {
            close(outPipe[0]); close(outPipe[1])
            return .failure(ProbeError("cannot create a pipe: \(errnoText())"))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group (so that a timeout kills its children too), default signal
        // dispositions and an empty mask (the agent's are not the plugin's business).
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) }
        arguments.append(nil)
        var environment: [UnsafeMutablePointer<CChar>?] = pluginEnvironment().map { strdup($0) }
        environment.append(nil)
        defer { for pointer in arguments + environment { free(pointer) } }

        var pid: pid_t = 0
        // ETXTBSY: the program is still open for writing somewhere, typically for a moment while
        // it is being installed (or while another thread's child briefly holds the descriptor);
        // try again shortly rather than fail the run.
        var spawned = posix_spawnp(&pid, executable, &actions, &attributes, arguments, environment)
        for _ in 0..<10 where spawned == ETXTBSY {
            usleep(20_000)
            spawned = posix_spawnp(&pid, executable, &actions, &attributes, arguments, environment)
        }
        close(outPipe[1])
        close(errPipe[1])
        spawnLock.unlock()
        spawnLocked = false
        defer { close(outPipe[0]); close(errPipe[0]) }
        guard spawned == 0 else {
            return .failure(ProbeError("could not be started: \(String(cString: strerror(spawned)))"))
        }

        let deadline = monotonicNow() + timeout
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var open = [true, true]
        var exitStatus: Int32?
        var exitedAt: Double?
        var failure: ProbeError?
        var chunk = [UInt8](repeating: 0, count: 65_536)

        while open[0] || open[1] || exitStatus == nil {
            if exitStatus == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    exitStatus = status
                    exitedAt = monotonicNow()
                    if !open[0] && !open[1] { break }
                }
            }
            let now = monotonicNow()
            if now >= deadline {
                failure = ProbeError("timed out after \(formatSeconds(timeout)); killed its process group")
                break
            }
            // The command is gone but something it started still holds the pipes: give it a
            // moment, then treat it as a straggler.
            if let exitedAt, now - exitedAt > 0.5 { break }
            var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0),
                       pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
            for index in 0..<2 where !open[index] { fds[index].fd = -1 }
            let wait = Int32(max(1, min(100, (deadline - now) * 1000)))
            let ready = poll(&fds, 2, wait)
            if ready < 0 {
                if errno == EINTR { continue }
                failure = ProbeError("cannot wait for its output: \(errnoText())")
                break
            }
            for index in 0..<2 where open[index] && fds[index].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if index == 0 {
                        stdout.append(contentsOf: chunk[0..<count])
                    } else if stderr.count < stderrLimit {
                        stderr.append(contentsOf: chunk[0..<min(count, stderrLimit - stderr.count)])
                    }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    open[index] = false
                }
            }
            if stdout.count > maxBytes {
                failure = ProbeError("printed more than \(maxBytes) bytes (max_bytes); killed its process group")
                break
            }
        }
        // Whatever is left of the group goes: on failure the command itself, on success what it
        // left running that still holds its output. (While the command is not reaped, or its
        // group has members, the group id cannot belong to anyone else.)
        if exitStatus == nil || failure != nil || open[0] || open[1] { kill(-pid, SIGKILL) }
        if exitStatus == nil {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            exitStatus = status
        }
        if let failure { return .failure(failure) }
        let status = exitStatus ?? 0
        let detail = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let suffix = detail.isEmpty ? "" : ": \(detail.split(separator: "\n").prefix(3).joined(separator: " / "))"
        if status & 0x7f != 0 {
            return .failure(ProbeError("was killed by signal \(status & 0x7f)\(suffix)"))
        }
        let code = (status >> 8) & 0xff
        guard code == 0 else { return .failure(ProbeError("exited with status \(code)\(suffix)")) }
        return .success(Output(stdout: stdout, stderr: stderr))
    }

    private static let spawnLock = NSLock()

    /// The environment a plugin gets: the agent's `PATH`, locale, time zone and home, and
    /// nothing else, so that secrets the agent reads from its environment (`*_env` settings)
    /// never reach a plugin.
    static func pluginEnvironment() -> [String] {
        let agent = ProcessInfo.processInfo.environment
        var result = ["PATH=\(agent["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")"]
        for name in ["HOME", "LANG", "LC_ALL", "TZ"] {
            if let value = agent[name] { result.append("\(name)=\(value)") }
        }
        return result
    }

    /// A pipe whose ends close on exec.
    static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    static func monotonicNow() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    static func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
