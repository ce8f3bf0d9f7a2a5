import ProcessTestSupport
import Foundation

/// An `ixp-health run` process started by a test: its own scratch folder, configuration file,
/// HTTP port and log. `stop()` ends it by pid and removes the folder.
final class AgentUnderTest {
    /// The scratch folder (configuration, log, state).
    let scratch: URL
    /// The HTTP port it serves on (127.0.0.1).
    let port: Int
    /// The configuration file.
    let config: URL
    private let environment: [String: String]
    /// More keys of the `http:` section, indented by two spaces.
    private let httpSection: String
    private(set) var process: ServerProcess
    private var runs = 1

    /// Writes `yaml` (everything but the `http:` section, which this adds with `listen` and the
    /// keys of `http`, given indented by two spaces) and starts the agent.
    init(_ yaml: String, http: String = "", environment: [String: String] = [:]) throws {
        scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-agent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        port = try FreePort.tcp()
        config = scratch.appendingPathComponent("config.yaml")
        httpSection = http.isEmpty || http.hasSuffix("\n") ? http : http + "\n"
        try "http:\n  listen: 127.0.0.1:\(port)\n\(httpSection)\(yaml)\n".write(to: config, atomically: true, encoding: .utf8)
        self.environment = environment
        process = try Subprocess.start(IXPHealthBinary.path, ["run", "--config", config.path], environment: environment,
                                       logFile: scratch.appendingPathComponent("agent-1.log"))
    }

    /// Replaces the configuration file with `yaml` (plus the same `http:` section); the agent
    /// reads it again on SIGHUP.
    func rewriteConfiguration(_ yaml: String) throws {
        try "http:\n  listen: 127.0.0.1:\(port)\n\(httpSection)\(yaml)\n".write(to: config, atomically: true, encoding: .utf8)
    }

    /// Sends `signal` to the running agent.
    func send(_ signal: Int32) {
        kill(process.pid, signal)
    }

    /// The log of the current run.
    var log: String {
        (try? String(contentsOf: scratch.appendingPathComponent("agent-\(runs).log"), encoding: .utf8)) ?? ""
    }

    /// `GET /metrics`.
    func metrics() throws -> String {
        try HTTPGet.text("http://127.0.0.1:\(port)/metrics")
    }

    /// `GET path` on the agent.
    func get(_ path: String) throws -> String {
        try HTTPGet.text("http://127.0.0.1:\(port)\(path)")
    }

    /// Polls `/metrics` until `done` holds for it (or `seconds` pass) and returns the last scrape.
    /// The default bound is for a loaded machine (the tests run in parallel on two cores): the
    /// debug agent's start and first poll can take tens of seconds there.
    @discardableResult
    func waitForMetrics(seconds: Double = 60, until done: (String) -> Bool) async throws -> String {
        var text = ""
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            text = (try? metrics()) ?? ""
            if done(text) { return text }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        // Once more at the deadline: on a busy machine the sleep may have ended well after it.
        text = (try? metrics()) ?? ""
        if done(text) { return text }
        throw HarnessError("the agent's /metrics did not reach the expected state in \(seconds) s; log: \(log.suffix(1500))")
    }

    /// Kills the agent with SIGKILL (no checkpoint, no clean-up) and starts it again;
    /// `whileDown` runs in between (to look at the files as the kill left them).
    func killAndRestart(whileDown: () throws -> Void = {}) throws {
        kill(process.pid, SIGKILL)
        process.stop()
        try whileDown()
        runs += 1
        process = try Subprocess.start(IXPHealthBinary.path, ["run", "--config", config.path], environment: environment,
                                       logFile: scratch.appendingPathComponent("agent-\(runs).log"))
    }

    /// Whether the process is still running.
    var isRunning: Bool { process.isRunning }

    /// Sends `signal` and waits up to `seconds` for the process to end; returns its exit status,
    /// or nil when it is still running then.
    func signalAndWait(_ signal: Int32, atMost seconds: Double) async throws -> Int32? {
        kill(process.pid, signal)
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let status = process.exitStatus { return status }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return process.exitStatus
    }

    /// Stops it and removes the scratch folder.
    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: scratch)
    }
}
