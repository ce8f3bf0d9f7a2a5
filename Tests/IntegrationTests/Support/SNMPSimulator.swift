import ProcessTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// snmpsim's command responder on 127.0.0.1 and a free UDP port, serving `.snmprec`
/// recordings of real switches (by default Tests/Fixtures/snmp). The community is the file
/// name without `.snmprec`, e.g. `cisco-c3750`. Stop it with ``stop()``.
///
/// Handles the two quirks seen here (Tests/Fixtures/snmp/README.md, TESTING.md): as root it
/// must drop to `nobody`, and after the drop it can no longer import Python's `dbm.dumb` from
/// an interpreter directory that `nobody` cannot read — so a small launcher imports it first
/// and makes it `dbm`'s default, and the recordings and the index cache live in a temporary
/// directory that `nobody` can read and write.
final class SNMPSimulator: Sendable {
    /// Always 127.0.0.1.
    let host = "127.0.0.1"
    /// The UDP port it listens on.
    let port: Int
    /// The communities it serves (one per recording).
    let communities: [String]
    /// Its temporary directory (data/, cache/, launcher, log).
    let directory: URL
    private let server: ServerProcess

    /// The process id of the responder.
    var pid: Int32 { server.pid }

    /// The repository's recordings: Tests/Fixtures/snmp.
    static var fixturesDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // IntegrationTests
            .deletingLastPathComponent()  // Tests
            .appendingPathComponent("Fixtures/snmp")
    }

    /// v2c credentials for the recording `community` (the file name without `.snmprec`).
    static func credentials(_ community: String) -> NetSNMPCredentials { .v2c(community: community) }

    private init(port: Int, communities: [String], directory: URL, server: ServerProcess) {
        self.port = port
        self.communities = communities
        self.directory = directory
        self.server = server
    }

    /// Copies the `.snmprec` files of `recordings` (all of them, or only `only` — names without
    /// the extension) to a temporary directory, starts the responder and waits until it
    /// answers a GET of sysUpTime. Building the index of the three fixture recordings takes a
    /// few seconds.
    static func start(
        recordings: URL = fixturesDirectory, only: [String]? = nil, startTimeout: Double = 90
    ) async throws -> SNMPSimulator {
        let python = try interpreter()
        let files = try FileManager.default.contentsOfDirectory(atPath: recordings.path)
            .filter { $0.hasSuffix(".snmprec") }
            .filter { name in only.map { $0.contains(String(name.dropLast(".snmprec".count))) } ?? true }
            .sorted()
        guard let first = files.first else {
            throw HarnessError("no .snmprec recordings in \(recordings.path)")
        }
        let communities = files.map { String($0.dropLast(".snmprec".count)) }

        var lastError: any Error = HarnessError("snmpsim did not start")
        for _ in 0..<3 {  // a free port can be taken between choosing and binding it
            let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-snmpsim-\(UUID().uuidString)")
            do {
                let data = directory.appendingPathComponent("data")
                let cache = directory.appendingPathComponent("cache")
                let fm = FileManager.default
                try fm.createDirectory(at: data, withIntermediateDirectories: true)
                try fm.createDirectory(at: cache, withIntermediateDirectories: true)
                for file in files {
                    let target = data.appendingPathComponent(file)
                    try fm.copyItem(at: recordings.appendingPathComponent(file), to: target)
                    try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target.path)
                }
                try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
                try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: data.path)
                try fm.setAttributes([.posixPermissions: 0o777], ofItemAtPath: cache.path)

                let launcher = directory.appendingPathComponent("responder.py")
                try launcherSource.write(to: launcher, atomically: true, encoding: .utf8)
                try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: launcher.path)

                let port = try FreePort.udp()
                var arguments = [
                    launcher.path, "--data-dir=\(data.path)", "--cache-dir=\(cache.path)",
                    "--agent-udpv4-endpoint=127.0.0.1:\(port)", "--max-var-binds=256",
                ]
                if getuid() == 0 {
                    arguments += ["--process-user=nobody", "--process-group=nogroup"]
                }
                let log = directory.appendingPathComponent("snmpsim.log")
                let server = try Subprocess.start(
                    python, arguments, environment: ["PYTHONDONTWRITEBYTECODE": "1"], logFile: log)
                let simulator = SNMPSimulator(port: port, communities: communities, directory: directory, server: server)
                try await simulator.waitUntilAnswering(
                    community: String(first.dropLast(".snmprec".count)), timeout: startTimeout, log: log)
                return simulator
            } catch {
                lastError = error
                try? FileManager.default.removeItem(at: directory)
            }
        }
        throw lastError
    }

    private func waitUntilAnswering(community: String, timeout: Double, log: URL) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !server.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                server.stop()
                throw HarnessError("snmpsim on port \(port) exited at start: \(text.suffix(800))")
            }
            if (try? NetSNMPTools.get(
                host: host, port: port, credentials: .v2c(community: community),
                oids: ["1.3.6.1.2.1.1.3.0"], timeout: 0.5, retries: 0)) != nil
            {
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        server.stop()
        throw HarnessError("snmpsim on 127.0.0.1:\(port) did not answer within \(timeout) s (log \(log.path))")
    }

    /// Stops the responder by its pid and removes the temporary directory.
    func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Loads `dbm.dumb` while the interpreter's directory is still readable and makes it the
    /// only `dbm` backend, then runs snmpsim's responder.
    private static let launcherSource = """
        # written by the ixp-health test harness
        import sys
        import dbm
        import dbm.dumb
        dbm._defaultmod = dbm.dumb
        dbm._modules = {"dbm.dumb": dbm.dumb}
        from snmpsim.commands.responder import main
        sys.exit(main())

        """

    /// The real path of a Python interpreter that can import snmpsim: `IXP_SNMPSIM_PYTHON`,
    /// else the interpreter of `snmpsim-command-responder`, else `python3` on PATH.
    private static func interpreter() throws -> String {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["IXP_SNMPSIM_PYTHON"] { candidates.append(configured) }
        if let responder = Subprocess.which("snmpsim-command-responder"),
            let head = try? String(contentsOfFile: responder, encoding: .utf8).prefix(200),
            head.hasPrefix("#!"), let line = head.split(separator: "\n").first
        {
            let shebang = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
            if !shebang.hasSuffix("bash") && !shebang.hasSuffix("/sh") { candidates.append(shebang) }
        }
        candidates += ["python3", "/usr/bin/python3"]
        for candidate in candidates {
            let words = candidate.split(separator: " ").map(String.init)
            guard let executable = words.first else { continue }
            if let result = try? Subprocess.run(
                executable, Array(words.dropFirst()) + ["-c", "import sys, snmpsim, dbm.dumb; print(sys.executable)"],
                timeout: 30), result.succeeded
            {
                let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                if !path.isEmpty { return path }
            }
        }
        throw HarnessError("no Python interpreter with snmpsim found (pip install snmpsim, or set IXP_SNMPSIM_PYTHON)")
    }
}
