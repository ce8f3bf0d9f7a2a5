import ProcessTestSupport
import Foundation
import Testing

/// The guarded listener of a running agent, over real sockets with curl: TLS with a certificate
/// made for the test, Basic and Bearer authentication on `/metrics` and on the dashboard and API
/// separately, the body size and rate limits, who may change silences, `hash-password`, bad
/// configurations, and a real Prometheus scraping with Basic auth over TLS.
@Suite("guarded HTTP listener")
struct HTTPListenerIntegrationTests {
    /// A folder for certificates, users and token files; removed by `remove()`.
    struct Files {
        let folder: URL

        init() throws {
            folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-listener-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

        func write(_ name: String, _ text: String) throws {
            try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        }

        /// A self-signed certificate for 127.0.0.1 and localhost: `prefix`cert.pem, `prefix`key.pem.
        func makeCertificate(prefix: String = "") throws {
            let made = try Subprocess.run("openssl", [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path(prefix + "key.pem"), "-out", path(prefix + "cert.pem"),
                "-days", "2", "-subj", "/CN=ixp-health test", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ])
            guard made.succeeded else { throw HarnessError("openssl: \(made.stderr)") }
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    /// What curl saw.
    struct Reply {
        var status: Int
        var headers: String
        var body: String
    }

    /// One request with curl; `options` come before the URL (e.g. `-u`, `-H`, `--cacert`).
    static func curl(_ url: String, _ options: [String] = []) throws -> Reply {
        let headers = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-health-curl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: headers) }
        let result = try Subprocess.run("curl", ["-sS", "--max-time", "10", "-D", headers.path, "-w", "\n%{http_code}"] + options + [url],
                                        timeout: 20)
        guard result.succeeded else { throw HarnessError("curl \(url): \(result.stderr)") }
        var lines = result.stdout.components(separatedBy: "\n")
        let status = Int(lines.popLast() ?? "") ?? 0
        return Reply(status: status, headers: (try? String(contentsOf: headers, encoding: .utf8)) ?? "",
                     body: lines.joined(separator: "\n"))
    }

    /// Waits until `url` answers at all (any status).
    static func waitForListener(_ url: String, _ options: [String] = [], agent: AgentUnderTest) async throws {
        for _ in 0..<200 {
            if (try? curl(url, options)) != nil { return }
            guard agent.isRunning else { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw HarnessError("the agent never answered \(url); log: \(agent.log.suffix(1500))")
    }

    /// `ixp-health hash-password` fed `password` on standard input.
    static func hashPassword(_ password: String) throws -> String {
        let result = try Subprocess.run("sh", ["-c", "printf '%s\\n' \"$PW\" | '\(IXPHealthBinary.path)' hash-password --cost 4"],
                                        environment: ["PW": password])
        guard result.succeeded else { throw HarnessError("hash-password: \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An `alerting:` section (so that the silences API is there) whose SMTP server is absent.
    static func alerting() throws -> String {
        """
        alerting:
          smtp: {host: 127.0.0.1, port: \(try FreePort.tcp()), tls: none, from: ixp-health@example.net}
          receivers:
            - {name: noc, to: [noc@example.net]}
        """
    }

    static let silence = #"{"matchers": [{"name": "rule", "value": "port_down"}], "duration": "1h", "comment": "test"}"#

    @Test("hash-password prints a bcrypt hash of standard input, and refuses an empty password")
    func hashPasswordCommand() throws {
        let hash = try Self.hashPassword("correct horse")
        #expect(hash.hasPrefix("$2b$04$") && hash.count == 60, "\(hash)")
        #expect(try Self.hashPassword("correct horse") != hash, "a fresh salt every time")
        let empty = try Subprocess.run("sh", ["-c", "printf '' | '\(IXPHealthBinary.path)' hash-password"])
        #expect(empty.status == 2 && empty.stderr.contains("empty"), "\(empty.stderr)")
        let user = try Subprocess.run("sh", ["-c", "printf x | '\(IXPHealthBinary.path)' hash-password --cost 4 --user noc"])
        #expect(user.stdout.hasPrefix("noc:$2b$04$"), "\(user.stdout)")
    }

    @Test("TLS with Basic auth on the dashboard and API, /metrics open: right, wrong and no password; silences need a user")
    func tlsAndBasicAuth() async throws {
        let files = try Files()
        defer { files.remove() }
        try files.makeCertificate()
        try files.write("users", "# the NOC\nnoc:\(try Self.hashPassword("noc-password"))\n")
        let agent = try AgentUnderTest(try Self.alerting(), http: """
              tls: {certificate: \(files.path("cert.pem")), key: \(files.path("key.pem"))}
              auth:
                ui:
                  basic: {users_file: \(files.path("users"))}
            """)
        defer { agent.stop() }
        let base = "https://127.0.0.1:\(agent.port)"
        let trust = ["--cacert", files.path("cert.pem")]
        try await Self.waitForListener(base + "/-/healthy", trust, agent: agent)

        // TLS only, with the certificate made for it.
        let metrics = try Self.curl(base + "/metrics", trust)
        #expect(metrics.status == 200 && metrics.body.contains("ixp_build_info"), "\(metrics.status)")
        #expect(try Self.curl(base + "/-/healthy", trust).status == 200)
        let plain = try await Subprocess.run("curl", ["-sS", "--max-time", "5", "http://127.0.0.1:\(agent.port)/metrics"])
        #expect(!plain.succeeded || !plain.stdout.contains("ixp_build_info"), "plain HTTP must not be served")
        let untrusted = try await Subprocess.run("curl", ["-sS", "--max-time", "5", base + "/metrics"])
        #expect(!untrusted.succeeded, "curl must not trust the self-signed certificate by itself")

        // No credentials, wrong ones, right ones.
        let none = try Self.curl(base + "/api/v1/status", trust)
        #expect(none.status == 401, "\(none.status) \(none.body)")
        #expect(none.headers.lowercased().contains("www-authenticate: basic realm=\"ixp-health\""), "\(none.headers)")
        #expect(!none.body.contains("probes"))
        let wrong = try Self.curl(base + "/api/v1/status", trust + ["-u", "noc:not-the-password"])
        #expect(wrong.status == 401 && wrong.headers.lowercased().contains("www-authenticate: basic"), "\(wrong.status)")
        let unknown = try Self.curl(base + "/api/v1/status", trust + ["-u", "mallory:noc-password"])
        #expect(unknown.status == 401)
        let right = try Self.curl(base + "/api/v1/status", trust + ["-u", "noc:noc-password"])
        #expect(right.status == 200 && right.body.contains("\"probes\""), "\(right.status) \(right.body.prefix(200))")
        let dashboard = try Self.curl(base + "/", trust)
        #expect(dashboard.status == 401)
        #expect(try Self.curl(base + "/", trust + ["-u", "noc:noc-password"]).status == 200)
        #expect(try Self.curl(base + "/assets/dashboard.css", trust).status == 200, "static assets stay open")

        // Silences: writing needs the user too.
        let post = trust + ["-X", "POST", "-H", "Content-Type: application/json", "--data", Self.silence]
        let anonymous = try Self.curl(base + "/api/v1/silences", post)
        #expect(anonymous.status == 401, "\(anonymous.status) \(anonymous.body)")
        #expect(try Self.curl(base + "/api/v1/silences", trust).status == 401, "reading them too")
        let added = try Self.curl(base + "/api/v1/silences", post + ["-u", "noc:noc-password"])
        #expect(added.status == 201, "\(added.status) \(added.body)")
        let id = (try? JSONSerialization.jsonObject(with: Data(added.body.utf8)) as? [String: Any])?["id"] as? String ?? ""
        let delete = try Self.curl(base + "/api/v1/silences/\(id)", trust + ["-X", "DELETE"])
        #expect(delete.status == 401)
        #expect(try Self.curl(base + "/api/v1/silences/\(id)", trust + ["-X", "DELETE", "-u", "noc:noc-password"]).status == 200)
        // The silence command finds https and the certificate in the configuration, and the
        // credentials in the environment.
        let listed = try await IXPHealthBinary.run(["silence", "list", "--config", agent.config.path],
                                             environment: ["IXP_HEALTH_USER": "noc", "IXP_HEALTH_PASSWORD": "noc-password"], timeout: 30)
        #expect(listed.status == 0, "\(listed.stdout) \(listed.stderr)")
        let refused = try await IXPHealthBinary.run(["silence", "list", "--config", agent.config.path], timeout: 30)
        #expect(refused.status == 1 && refused.stderr.contains("IXP_HEALTH_USER"), "\(refused.stderr)")
        #expect(!agent.log.contains("noc-password"), "passwords are never logged")
        let checked = try await IXPHealthBinary.run(["check-config", agent.config.path], timeout: 30)
        #expect(checked.status == 0 && checked.stdout.contains("(https; /metrics auth: off; dashboard and API auth: basic (1 user))"),
                "\(checked.stdout) \(checked.stderr)")
        // report --agent too, once the detector has evaluated (5 s after the start).
        var reportStatus = 0
        for _ in 0..<100 where reportStatus != 200 {
            reportStatus = try Self.curl(base + "/api/v1/report", trust + ["-u", "noc:noc-password"]).status
            if reportStatus != 200 { try await Task.sleep(nanoseconds: 200_000_000) }
        }
        #expect(reportStatus == 200)
        let credentials = ["IXP_HEALTH_USER": "noc", "IXP_HEALTH_PASSWORD": "noc-password", "IXP_HEALTH_CA_FILE": files.path("cert.pem")]
        let report = try await IXPHealthBinary.run(["report", "--agent", base, "--format", "json"], environment: credentials, timeout: 60)
        #expect(report.status != 2 && report.stdout.contains("\"symptoms\""), "\(report.status) \(report.stderr)")
        let anonymousReport = try await IXPHealthBinary.run(["report", "--agent", base], environment: ["IXP_HEALTH_CA_FILE": files.path("cert.pem")],
                                                      timeout: 60)
        #expect(anonymousReport.status == 2 && anonymousReport.stderr.contains("IXP_HEALTH_USER"), "\(anonymousReport.stderr)")
        #expect(agent.log.contains("credentials refused") && agent.log.contains("client=127.0.0.1"), "\(agent.log.suffix(800))")
        #expect(!agent.log.contains("not-the-password"), "refused passwords are never logged")
    }

    @Test("SIGHUP takes a renewed certificate and a changed users file; a broken certificate is refused and the old one serves")
    func sighupReloadsCertificateAndUsers() async throws {
        let files = try Files()
        defer { files.remove() }
        try files.makeCertificate(prefix: "old-")
        try files.makeCertificate(prefix: "new-")
        try FileManager.default.copyItem(atPath: files.path("old-cert.pem"), toPath: files.path("cert.pem"))
        try FileManager.default.copyItem(atPath: files.path("old-key.pem"), toPath: files.path("key.pem"))
        try files.write("users", "noc:\(try Self.hashPassword("old-password"))\n")
        let agent = try AgentUnderTest("", http: """
              tls: {certificate: \(files.path("cert.pem")), key: \(files.path("key.pem"))}
              auth:
                ui:
                  basic: {users_file: \(files.path("users"))}
            """)
        defer { agent.stop() }
        let base = "https://127.0.0.1:\(agent.port)"
        let old = ["--cacert", files.path("old-cert.pem")]
        let new = ["--cacert", files.path("new-cert.pem")]
        try await Self.waitForListener(base + "/-/healthy", old, agent: agent)
        #expect(try Self.curl(base + "/api/v1/status", old + ["-u", "noc:old-password"]).status == 200)
        #expect(try await !Subprocess.run("curl", ["-sS", "--max-time", "5"] + new + [base + "/-/healthy"]).succeeded,
                "the new certificate is not served yet")

        /// Sends SIGHUP and waits for the `count`th line holding `text` in the log.
        func reload(until text: String, count: Int) async throws {
            agent.send(SIGHUP)
            for _ in 0..<200 where agent.log.components(separatedBy: text).count - 1 < count {
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            #expect(agent.log.components(separatedBy: text).count - 1 >= count, "\(agent.log.suffix(1500))")
        }

        // The certificate renewed (certbot writes new files in place) and the password rotated.
        for name in ["cert.pem", "key.pem"] {
            try FileManager.default.removeItem(atPath: files.path(name))
            try FileManager.default.copyItem(atPath: files.path("new-" + name), toPath: files.path(name))
        }
        try files.write("users", "noc:\(try Self.hashPassword("new-password"))\n")
        try await reload(until: "configuration reloaded", count: 1)
        #expect(try Self.curl(base + "/-/healthy", new).status == 200, "a new connection sees the new certificate")
        #expect(try await !Subprocess.run("curl", ["-sS", "--max-time", "5"] + old + [base + "/-/healthy"]).succeeded,
                "the old certificate is no longer served")
        #expect(try Self.curl(base + "/api/v1/status", new + ["-u", "noc:new-password"]).status == 200)
        #expect(try Self.curl(base + "/api/v1/status", new + ["-u", "noc:old-password"]).status == 401)

        // A broken certificate file is refused; the certificate in use keeps serving.
        try files.write("cert.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
        try await reload(until: "configuration reload refused", count: 1)
        #expect(agent.log.contains("cert.pem"), "the refusal names the file: \(agent.log.suffix(800))")
        #expect(agent.isRunning)
        #expect(try Self.curl(base + "/-/healthy", new).status == 200, "the certificate in use still serves")
        #expect(try Self.curl(base + "/api/v1/status", new + ["-u", "noc:new-password"]).status == 200)

        // A broken users file likewise.
        try files.write("users", "noc:hunter2\n")
        try await reload(until: "configuration reload refused", count: 2)
        #expect(try Self.curl(base + "/api/v1/status", new + ["-u", "noc:new-password"]).status == 200,
                "the users in use stay after a refused users file")
        #expect(!agent.log.contains("new-password") && !agent.log.contains("hunter2"), "passwords are never logged")
    }

    @Test("Bearer on /metrics, the dashboard open: right and wrong token; oversized bodies get 413")
    func bearerOnMetrics() async throws {
        let files = try Files()
        defer { files.remove() }
        let token = "scrape-token-0123456789abcdef"
        let agent = try AgentUnderTest(try Self.alerting(), http: """
              auth:
                metrics:
                  bearer: {token_env: IXP_METRICS_TOKEN}
              max_body_size: 1KiB
            """, environment: ["IXP_METRICS_TOKEN": token])
        defer { agent.stop() }
        let base = "http://127.0.0.1:\(agent.port)"
        try await Self.waitForListener(base + "/-/healthy", agent: agent)

        let none = try Self.curl(base + "/metrics")
        #expect(none.status == 401 && none.headers.lowercased().contains("www-authenticate: bearer realm=\"ixp-health metrics\""),
                "\(none.status) \(none.headers)")
        #expect(try Self.curl(base + "/metrics", ["-H", "Authorization: Bearer \(token)x"]).status == 401)
        #expect(try Self.curl(base + "/metrics", ["-H", "Authorization: Basic \(Data("a:\(token)".utf8).base64EncodedString())"]).status == 401)
        // Spellings the router takes for /metrics are guarded as /metrics.
        for path in ["/metrics/", "//metrics", "/./metrics", "/%6detrics", "/assets/../metrics"] {
            let reply = try Self.curl(base + path, ["--path-as-is"])
            #expect(reply.status == 401 || reply.status == 400 || reply.status == 404, "\(path): \(reply.status)")
            #expect(!reply.body.contains("ixp_build_info"), "\(path) served the metrics without the token")
        }
        let scraped = try Self.curl(base + "/metrics", ["-H", "Authorization: Bearer \(token)"])
        #expect(scraped.status == 200 && scraped.body.contains("ixp_build_info"))
        // The dashboard and API are not guarded here.
        #expect(try Self.curl(base + "/api/v1/status").status == 200)
        #expect(try Self.curl(base + "/").status == 200)

        // Without ui auth, silences may be changed from the agent's own host.
        let post = ["-X", "POST", "-H", "Content-Type: application/json"]
        #expect(try Self.curl(base + "/api/v1/silences", post + ["--data", Self.silence]).status == 201)
        // Bodies past max_body_size, declared or chunked.
        let big = String(repeating: "x", count: 4096)
        try files.write("big.json", #"{"comment": ""# + "\"\(big)\"}")
        let declared = try Self.curl(base + "/api/v1/silences", post + ["--data-binary", "@" + files.path("big.json")])
        #expect(declared.status == 413, "\(declared.status) \(declared.body)")
        let chunked = try Self.curl(base + "/api/v1/silences",
                                    post + ["-H", "Transfer-Encoding: chunked", "--data-binary", "@" + files.path("big.json")])
        #expect(chunked.status == 413, "\(chunked.status) \(chunked.body)")
        #expect(!agent.log.contains(token), "tokens are never logged")
    }

    @Test("without ui auth, a client on another host cannot change silences")
    func writesFromElsewhere() async throws {
        // An address of this machine that is not loopback, if it has one.
        let addresses = (try? await Subprocess.run("hostname", ["-I"]).stdout) ?? ""
        guard let address = addresses.split(separator: " ").map(String.init).first(where: { $0.contains(".") && !$0.hasPrefix("127.") })
        else { return }
        // An agent bound to every address (its listen rewritten, then restarted).
        let wide = try AgentUnderTest(try Self.alerting(), http: "")
        defer { wide.stop() }
        let text = try String(contentsOf: wide.config, encoding: .utf8)
            .replacingOccurrences(of: "listen: 127.0.0.1:", with: "listen: 0.0.0.0:")
        try text.write(to: wide.config, atomically: true, encoding: .utf8)
        try wide.killAndRestart()
        let base = "http://\(address):\(wide.port)"
        try await Self.waitForListener(base + "/-/healthy", agent: wide)
        let post = ["-X", "POST", "-H", "Content-Type: application/json", "--data", Self.silence]
        let refused = try Self.curl(base + "/api/v1/silences", post)
        #expect(refused.status == 403 && refused.body.contains("http.auth.ui"), "\(refused.status) \(refused.body)")
        #expect(try Self.curl(base + "/api/v1/silences").status == 200, "reading stays open")
        #expect(try Self.curl("http://127.0.0.1:\(wide.port)/api/v1/silences", post).status == 201)
        #expect(wide.log.contains("configure http.auth.ui"), "the open listener is warned about")
    }

    @Test("the rate limit answers 429 with Retry-After once a client's burst is spent")
    func rateLimit() async throws {
        let agent = try AgentUnderTest("", http: "  rate_limit: {requests_per_second: 0.01, burst: 5}\n")
        defer { agent.stop() }
        let base = "http://127.0.0.1:\(agent.port)"
        try await Self.waitForListener(base + "/-/healthy", agent: agent)
        // waitForListener spent at least one token; the refill is one per 100 s.
        var statuses: [Int] = []
        var refused: Reply?
        for _ in 0..<6 {
            let reply = try Self.curl(base + "/-/healthy")
            statuses.append(reply.status)
            if reply.status == 429 { refused = reply }
        }
        #expect(statuses.contains(200) && statuses.last == 429, "\(statuses)")
        let retry = refused?.headers.lowercased().components(separatedBy: "\r\n").first { $0.hasPrefix("retry-after:") }
        let seconds = retry.flatMap { Int($0.dropFirst("retry-after:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        #expect(seconds >= 1 && seconds <= 100, "\(retry ?? "no Retry-After")")
    }

    @Test("bad listener configurations stop check-config and run with file:line and exit status 2")
    func badConfigurations() throws {
        let files = try Files()
        defer { files.remove() }
        try files.write("missing-cert.yaml", """
            http:
              listen: 127.0.0.1:9470
              tls:
                certificate: \(files.path("nowhere.pem"))
                key: \(files.path("nowhere.key"))
            """)
        try files.write("plain-password.yaml", """
            http:
              auth:
                ui:
                  basic:
                    users:
                      - name: noc
                        password_hash: hunter2
            """)
        // A key that belongs to another certificate.
        try files.makeCertificate()
        let other = try Subprocess.run("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                                                   "-out", files.path("other.key")])
        #expect(other.succeeded, "\(other.stderr)")
        try files.write("wrong-key.yaml", """
            http:
              tls:
                certificate: \(files.path("cert.pem"))
                key: \(files.path("other.key"))
            """)
        for (name, line, words) in [("missing-cert.yaml", 4, ["nowhere.pem", "does not exist"]),
                                    ("plain-password.yaml", 7, ["bcrypt", "hash-password"]),
                                    ("wrong-key.yaml", 4, ["other.key", "does not go with"])] {
            for arguments in [["check-config", files.path(name)], ["run", "--config", files.path(name)]] {
                let result = try IXPHealthBinary.run(arguments, timeout: 30)
                #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
                #expect(result.stderr.contains("\(files.path(name)):\(line):"), "\(arguments): \(result.stderr)")
                for word in words { #expect(result.stderr.contains(word), "\(arguments): \(result.stderr)") }
                #expect(!result.stderr.contains("hunter2"), "the plain password is not echoed")
            }
        }
    }

    @Test("a real Prometheus scrapes /metrics over TLS with Basic auth")
    func prometheusScrapesWithBasicAuthOverTLS() async throws {
        let files = try Files()
        defer { files.remove() }
        try files.makeCertificate()
        try files.write("users", "prometheus:\(try Self.hashPassword("scrape-password"))\n")
        try files.write("password", "scrape-password\n")
        let agent = try AgentUnderTest("", http: """
              tls: {certificate: \(files.path("cert.pem")), key: \(files.path("key.pem"))}
              auth:
                metrics:
                  basic: {users_file: \(files.path("users"))}
            """)
        defer { agent.stop() }
        try await Self.waitForListener("https://127.0.0.1:\(agent.port)/-/healthy", ["--cacert", files.path("cert.pem")], agent: agent)
        let promPort = try FreePort.tcp()
        try files.write("prometheus.yml", """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: guarded
                scheme: https
                tls_config: {ca_file: \(files.path("cert.pem"))}
                basic_auth: {username: prometheus, password_file: \(files.path("password"))}
                static_configs:
                  - targets: ["127.0.0.1:\(agent.port)"]
              - job_name: no-password
                scheme: https
                tls_config: {ca_file: \(files.path("cert.pem"))}
                static_configs:
                  - targets: ["127.0.0.1:\(agent.port)"]
            """)
        let prometheus = try Subprocess.start(
            "prometheus",
            ["--config.file=\(files.path("prometheus.yml"))", "--storage.tsdb.path=\(files.path("tsdb"))",
             "--web.listen-address=127.0.0.1:\(promPort)"],
            logFile: files.folder.appendingPathComponent("prometheus.log"))
        defer { prometheus.stop() }
        var targets = ""
        for _ in 0..<120 {
            try await Task.sleep(nanoseconds: 250_000_000)
            targets = (try? HTTPGet.text("http://127.0.0.1:\(promPort)/api/v1/targets")) ?? ""
            if targets.contains("\"health\":\"up\""), targets.contains("\"health\":\"down\"") { break }
        }
        let active = ((try? JSONSerialization.jsonObject(with: Data(targets.utf8)) as? [String: Any])?["data"] as? [String: Any])?[
            "activeTargets"] as? [[String: Any]] ?? []
        let health = Dictionary(active.map { ($0["scrapePool"] as? String ?? "?", ($0["health"] as? String ?? "?", $0["lastError"] as? String ?? "")) },
                                uniquingKeysWith: { first, _ in first })
        #expect(health["guarded"]?.0 == "up", "\(health)")
        #expect(health["no-password"]?.0 == "down" && health["no-password"]?.1.contains("401") == true, "\(health)")
        let built = try HTTPGet.text("http://127.0.0.1:\(promPort)/api/v1/query?query=ixp_build_info")
        #expect(built.contains("\"job\":\"guarded\""), "\(built)")
    }
}
