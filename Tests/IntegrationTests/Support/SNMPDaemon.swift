import ProcessTestSupport
import Foundation

/// A real net-snmp `snmpd` on 127.0.0.1 and a free UDP port, with its own configuration,
/// log and persistent directory in a temporary directory. Stop it with ``stop()``.
///
/// It serves the host's own MIB-II/IF-MIB (loopback and the machine's interfaces), v2c with a
/// community, and SNMPv3 users (``V3User/ixuser`` SHA-256/AES authPriv by default).
final class SNMPDaemon: Sendable {
    /// An SNMPv3 USM user written into snmpd.conf with `createUser` and `rouser`.
    struct V3User: Sendable, Hashable {
        /// Security name.
        var name: String
        /// net-snmp authentication protocol name (`MD5`, `SHA`, `SHA-256`, …); nil: noAuthNoPriv.
        var auth: String?
        /// Authentication pass phrase.
        var authPassword: String?
        /// net-snmp privacy protocol name (`DES`, `AES`, `AES-256`, …); nil: no privacy.
        var priv: String?
        /// Privacy pass phrase.
        var privPassword: String?

        /// SHA-256 / AES-128 authPriv, as in the lab: `ixuser`, `authpass123`, `privpass123`.
        static let ixuser = V3User(
            name: "ixuser", auth: "SHA-256", authPassword: "authpass123", priv: "AES", privPassword: "privpass123")
        /// SHA-1 / DES authPriv, for old gear: `olduser`.
        static let sha1DES = V3User(
            name: "olduser", auth: "SHA", authPassword: "authpass123", priv: "DES", privPassword: "privpass123")
        /// MD5 authNoPriv: `md5user`.
        static let md5 = V3User(name: "md5user", auth: "MD5", authPassword: "authpass123", priv: nil, privPassword: nil)
        /// SHA-512 / AES-256 authPriv: `sha512user`.
        static let sha512AES256 = V3User(
            name: "sha512user", auth: "SHA-512", authPassword: "authpass123", priv: "AES-256",
            privPassword: "privpass123")
        /// No authentication: `noauthuser`.
        static let noAuth = V3User(name: "noauthuser", auth: nil, authPassword: nil, priv: nil, privPassword: nil)

        /// The same user as credentials for ``NetSNMPTools``.
        var credentials: NetSNMPCredentials {
            .v3(user: name, auth: auth, authPassword: authPassword, priv: priv, privPassword: privPassword)
        }

        var configLines: [String] {
            var create = "createUser \(name)"
            var level = "noauth"
            if let auth, let authPassword {
                create += " \(auth) \"\(authPassword)\""
                level = "auth"
                if let priv, let privPassword {
                    create += " \(priv) \"\(privPassword)\""
                    level = "priv"
                }
            }
            return [create, "rouser \(name) \(level)"]
        }
    }

    /// Always 127.0.0.1.
    let host = "127.0.0.1"
    /// The UDP port it listens on.
    let port: Int
    /// The v2c (and v1) community.
    let community: String
    /// The v3 users it knows.
    let users: [V3User]
    /// Its temporary directory (snmpd.conf, snmpd.log, snmpd.pid, persist/).
    let directory: URL
    private let server: ServerProcess

    /// The process id of snmpd.
    var pid: Int32 { server.pid }

    /// v2c credentials for ``NetSNMPTools``.
    var v2c: NetSNMPCredentials { .v2c(community: community) }

    private init(port: Int, community: String, users: [V3User], directory: URL, server: ServerProcess) {
        self.port = port
        self.community = community
        self.users = users
        self.directory = directory
        self.server = server
    }

    /// Writes snmpd.conf, starts snmpd on a free port and waits until it answers a v2c GET of
    /// sysUpTime. `extraConfig` lines are appended to snmpd.conf (e.g. `sysLocation …`). With
    /// `ipv6`, it also listens on [::1] at the same port (v2c community and v3 users there too).
    /// `startTimeout` bounds the wait for a loaded machine (the tests run in parallel); snmpd
    /// usually answers within a second.
    static func start(
        community: String = "public", users: [V3User] = [.ixuser], extraConfig: [String] = [], ipv6: Bool = false,
        startTimeout: Double = 45
    ) async throws -> SNMPDaemon {
        guard Subprocess.which("snmpd") != nil else {
            throw HarnessError("snmpd not found (Debian package snmpd)")
        }
        var lastError: any Error = HarnessError("snmpd did not start")
        for _ in 0..<3 {  // a free port can be taken between choosing and binding it
            let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-snmpd-\(UUID().uuidString)")
            do {
                return try await startOnce(
                    directory: directory, community: community, users: users, extraConfig: extraConfig, ipv6: ipv6,
                    startTimeout: startTimeout)
            } catch {
                lastError = error
                try? FileManager.default.removeItem(at: directory)
            }
        }
        throw lastError
    }

    private static func startOnce(
        directory: URL, community: String, users: [V3User], extraConfig: [String], ipv6: Bool, startTimeout: Double
    ) async throws -> SNMPDaemon {
        let persist = directory.appendingPathComponent("persist")
        try FileManager.default.createDirectory(
            at: persist, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let port = try FreePort.udp()
        var lines = [
            "# written by the ixp-health test harness",
            "agentAddress udp:127.0.0.1:\(port)",
            "rocommunity \(community) 127.0.0.1",
            "dontLogTCPWrappersConnects yes",
            "sysName ixp-health-test",
            "sysLocation test harness",
            "[snmp] persistentDir \(persist.path)",
        ]
        // createUser goes into the persistent file: -C plus a private persistent directory
        // keeps runs from colliding.
        for user in users { lines += user.configLines }
        if ipv6 { lines += ["agentAddress udp6:[::1]:\(port)", "rocommunity6 \(community) ::1"] }
        lines += extraConfig
        let conf = directory.appendingPathComponent("snmpd.conf")
        try (lines.joined(separator: "\n") + "\n").write(to: conf, atomically: true, encoding: .utf8)

        let log = directory.appendingPathComponent("snmpd.log")
        // No address on the command line: it would bind the port twice and exit.
        let server = try Subprocess.start(
            "snmpd",
            ["-f", "-C", "-c", conf.path, "-Lf", log.path, "-p", directory.appendingPathComponent("snmpd.pid").path],
            environment: ["SNMP_PERSISTENT_DIR": persist.path, "MIBS": "", "MIBDIRS": ""],
            logFile: directory.appendingPathComponent("snmpd.stdout"))
        let daemon = SNMPDaemon(port: port, community: community, users: users, directory: directory, server: server)
        let deadline = Date().addingTimeInterval(startTimeout)
        while Date() < deadline {
            if !server.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                daemon.stop(removeDirectory: false)
                throw HarnessError("snmpd on port \(port) exited at start: \(text.suffix(500))")
            }
            if (try? NetSNMPTools.get(
                host: "127.0.0.1", port: port, credentials: .v2c(community: community),
                oids: ["1.3.6.1.2.1.1.3.0"], timeout: 0.3, retries: 0)) != nil
            {
                return daemon
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        daemon.stop(removeDirectory: false)
        throw HarnessError("snmpd on 127.0.0.1:\(port) did not answer within \(startTimeout) s (log in \(directory.path))")
    }

    /// Stops snmpd by its pid and removes the temporary directory.
    func stop() {
        stop(removeDirectory: true)
    }

    private func stop(removeDirectory: Bool) {
        server.stop()
        if removeDirectory { try? FileManager.default.removeItem(at: directory) }
    }
}
