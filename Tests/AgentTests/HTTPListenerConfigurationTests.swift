import Foundation
import Hummingbird
import ProbeKit
import Testing

@testable import Agent
import IXPCore
import HTTPListener

/// The `http:` section: TLS files, authentication, body size and rate limit, and the errors an
/// operator gets for each mistake.
@Suite("HTTP listener configuration")
struct HTTPListenerConfigurationTests {
    /// A scratch folder for the users and token files.
    static func scratch() throws -> URL {
        let url = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-http-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func parseError(_ text: String, environment: [String: String] = [:]) -> ConfigurationError? {
        do {
            _ = try AgentConfiguration.parse(text, file: "agent.yaml", environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test("the defaults: loopback, no TLS, no authentication, 64 KiB bodies, 20 requests a second in bursts of 100")
    func defaults() throws {
        let http = try AgentConfiguration.parse("http:\n  listen: 127.0.0.1:9470\n", file: "agent.yaml").http
        #expect(http.host == "127.0.0.1" && http.isLoopback)
        #expect(http.tls == nil && http.metricsAuth == nil && http.uiAuth == nil)
        #expect(http.maxBodySize == 65_536)
        #expect(http.rateLimit == HTTPRateLimit(requestsPerSecond: 20, burst: 100))
        #expect(AgentConfiguration().http == http)
    }

    @Test("users inline and from a users file, a bearer token from a file or the environment, limits")
    func everything() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let alice = PasswordHash.make("alice-secret", cost: 4)
        let bob = PasswordHash.make("bob-secret", cost: 4)
        let usersFile = folder.appendingPathComponent("users")
        try "# NOC\nbob:\(bob)\n\n".write(to: usersFile, atomically: true, encoding: .utf8)
        let tokenFile = folder.appendingPathComponent("token")
        try "0123456789abcdef0123\n# the next one\nfedcba9876543210fedc\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        let http = try AgentConfiguration.parse("""
            http:
              listen: 0.0.0.0:9470
              auth:
                metrics:
                  bearer: {token_env: METRICS_TOKEN}
                ui:
                  basic:
                    users_file: \(usersFile.path)
                    users:
                      - name: alice
                        password_hash: "\(alice)"
                  bearer: {token_file: \(tokenFile.path)}
              max_body_size: 8KiB
              rate_limit: {requests_per_second: 0.5, burst: 3}
            """, file: "agent.yaml", environment: ["METRICS_TOKEN": "prometheus-token-1234"]).http
        #expect(!http.isLoopback)
        #expect(http.metricsAuth?.tokens == ["prometheus-token-1234"])
        #expect(http.metricsAuth?.users.isEmpty == true)
        #expect(http.uiAuth?.users == ["alice": alice, "bob": bob])
        #expect(http.uiAuth?.tokens == ["0123456789abcdef0123", "fedcba9876543210fedc"])
        #expect(http.uiAuth?.challenges.count == 2)
        #expect(http.maxBodySize == 8192)
        #expect(http.rateLimit == HTTPRateLimit(requestsPerSecond: 0.5, burst: 3))
        #expect(try AgentConfiguration.parse("http:\n  rate_limit: off\n", file: "a.yaml").http.rateLimit == nil)
    }

    @Test("a plain password, a short token, a missing file or variable is an error at its line")
    func mistakes() throws {
        let plain = Self.parseError("""
            http:
              auth:
                ui:
                  basic:
                    users:
                      - name: alice
                        password_hash: hunter2
            """)
        #expect(plain?.file == "agent.yaml" && plain?.line == 7, "\(String(describing: plain))")
        #expect(plain?.message.contains("hash-password") == true)
        let plainKey = Self.parseError("""
            http:
              auth:
                ui:
                  basic:
                    users: [{name: alice, password: hunter2}]
            """)
        #expect(plainKey?.line == 5 && plainKey?.message.contains("plain password") == true, "\(String(describing: plainKey))")
        let shortToken = Self.parseError("http:\n  auth:\n    metrics:\n      bearer: {token_env: T}\n", environment: ["T": "short"])
        #expect(shortToken?.line == 4 && shortToken?.message.contains("16") == true, "\(String(describing: shortToken))")
        let unset = Self.parseError("http:\n  auth:\n    metrics:\n      bearer: {token_env: NOT_SET}\n")
        #expect(unset?.message.contains("NOT_SET") == true)
        let missing = Self.parseError("http:\n  auth:\n    ui:\n      basic: {users_file: /nonexistent/users}\n")
        #expect(missing?.line == 4 && missing?.message.contains("/nonexistent/users") == true, "\(String(describing: missing))")
        let empty = Self.parseError("http:\n  auth:\n    ui: {}\n")
        #expect(empty?.line == 3)
        let size = Self.parseError("http:\n  max_body_size: 12 parsecs\n")
        #expect(size?.line == 2)
        let rate = Self.parseError("http:\n  rate_limit: {requests_per_second: 0}\n")
        #expect(rate?.line == 2)

        // A plain password in a users file: the users file's own line.
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let usersFile = folder.appendingPathComponent("users")
        try "alice:\(PasswordHash.make("x", cost: 4))\n\nbob:hunter2\n".write(to: usersFile, atomically: true, encoding: .utf8)
        let inFile = Self.parseError("http:\n  auth:\n    ui:\n      basic: {users_file: \(usersFile.path)}\n")
        #expect(inFile?.file == usersFile.path && inFile?.line == 3, "\(String(describing: inFile))")
        #expect(inFile?.message.contains("bob") == true && inFile?.message.contains("hunter2") == false)
    }

    @Test("TLS: a missing or invalid certificate or key names the file")
    func tlsFiles() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = Self.parseError("""
            http:
              tls:
                certificate: \(folder.path)/cert.pem
                key: \(folder.path)/key.pem
            """)
        #expect(missing?.line == 3 && missing?.message.contains("\(folder.path)/cert.pem") == true, "\(String(describing: missing))")
        try "not a certificate\n".write(to: folder.appendingPathComponent("cert.pem"), atomically: true, encoding: .utf8)
        try "not a key\n".write(to: folder.appendingPathComponent("key.pem"), atomically: true, encoding: .utf8)
        let invalid = Self.parseError("http:\n  tls: {certificate: \(folder.path)/cert.pem, key: \(folder.path)/key.pem}\n")
        #expect(invalid?.message.contains("cert.pem") == true && invalid?.message.contains("PEM") == true,
                "\(String(describing: invalid))")
        let half = Self.parseError("http:\n  tls: {certificate: \(folder.path)/cert.pem}\n")
        #expect(half?.message.contains("both") == true)
    }

    @Test("bcrypt hashes: made, verified, $2y$ accepted, plain text refused")
    func passwordHashes() {
        let hash = PasswordHash.make("correct horse", cost: 4)
        #expect(hash.hasPrefix("$2b$04$") && hash.count == 60)
        #expect(PasswordHash.isWellFormed(hash))
        #expect(PasswordHash.verify("correct horse", hash: hash))
        #expect(!PasswordHash.verify("correct horse ", hash: hash))
        #expect(PasswordHash.verify("correct horse", hash: "$2y" + hash.dropFirst(3)))
        for text in ["hunter2", "", "$2b$04$short", "$2b$99$" + String(repeating: "a", count: 53), "$2x$04$" + hash.suffix(53),
                     "$2b$04$" + String(repeating: "!", count: 53)] {
            #expect(!PasswordHash.isWellFormed(text), "\(text)")
            #expect(!PasswordHash.verify(text, hash: text))
        }
    }

    @Test("tokens compare in constant time and exactly")
    func constantTimeComparison() {
        let token = Array("0123456789abcdef".utf8)
        #expect(HTTPAuthenticator.constantTimeEqual(token, token))
        #expect(!HTTPAuthenticator.constantTimeEqual(token, Array("0123456789abcdeF".utf8)))
        #expect(!HTTPAuthenticator.constantTimeEqual(token, Array("0123456789abcde".utf8)))
        #expect(!HTTPAuthenticator.constantTimeEqual(token, token + [0]))
        #expect(!HTTPAuthenticator.constantTimeEqual([], token))
        #expect(HTTPAuthenticator.constantTimeEqual([], []))
    }

    @Test("the authenticator: Basic and Bearer, wrong and malformed credentials")
    func authenticator() async {
        let policy = HTTPAuthPolicy(users: ["alice": PasswordHash.make("s3cret:with colon", cost: 4)],
                                    tokens: ["0123456789abcdef0123"], realm: "test")
        let check = HTTPAuthenticator(policy: policy, clock: { 1_000 })
        func basic(_ text: String) -> String { "Basic " + Data(text.utf8).base64EncodedString() }
        #expect(await check.check(basic("alice:s3cret:with colon")) == .allowed("alice"))
        // Remembered: the same pair again passes without bcrypt, a wrong one still fails.
        #expect(await check.check(basic("alice:s3cret:with colon")) == .allowed("alice"))
        #expect(await check.check(basic("alice:s3cret")) == .denied)
        #expect(await check.check(basic("mallory:s3cret:with colon")) == .denied)
        #expect(await check.check("Basic !!!") == .denied)
        #expect(await check.check(nil) == .denied)
        #expect(await check.check("Bearer 0123456789abcdef0123") == .allowed("bearer"))
        #expect(await check.check("bearer  0123456789abcdef0123 ") == .allowed("bearer"))
        #expect(await check.check("Bearer 0123456789abcdef012") == .denied)
        #expect(await check.check("Digest x") == .denied)
        let basicOnly = HTTPAuthenticator(policy: HTTPAuthPolicy(users: policy.users, realm: "b"), clock: { 0 })
        #expect(await basicOnly.check("Bearer 0123456789abcdef0123") == .denied)
    }

    @Test("the rate limiter: a burst, then one request per refill; other clients are not affected")
    func rateLimiter() {
        let time = TestClock(1_000)
        let limiter = RateLimiter(HTTPRateLimit(requestsPerSecond: 2, burst: 3), clock: { time.now })
        for _ in 0..<3 { #expect(limiter.take("192.0.2.1") == .allowed) }
        #expect(limiter.take("192.0.2.1") == .refused(retryAfter: 1))
        #expect(limiter.take("192.0.2.2") == .allowed)
        time.now += 0.5
        #expect(limiter.take("192.0.2.1") == .allowed)
        #expect(limiter.take("192.0.2.1") == .refused(retryAfter: 1))
        let slow = RateLimiter(HTTPRateLimit(requestsPerSecond: 0.01, burst: 1), clock: { time.now })
        #expect(slow.take("a") == .allowed)
        #expect(slow.take("a") == .refused(retryAfter: 100))
        // Clients whose buckets have filled again are forgotten.
        time.now += 1_000
        #expect(limiter.take("192.0.2.3") == .allowed)
        #expect(limiter.clientCount == 1)
    }

    @Test("which part of the listener a path belongs to")
    func areas() {
        #expect(Gate.area(of: "/metrics") == .metrics)
        #expect(Gate.area(of: "/metrics/x") == .ui)
        #expect(Gate.area(of: "/") == .ui)
        #expect(Gate.area(of: "/api/v1/silences") == .ui)
        #expect(Gate.area(of: "/-/healthy") == .open)
        #expect(Gate.area(of: "/assets/dashboard.css") == .open)
        #expect(Gate.area(of: "//metrics/") == .metrics && Gate.area(of: "/./metrics") == .metrics)
        #expect(Gate.area(of: "/%6detrics") == .metrics && Gate.area(of: "/-/healthy/") == .open)
        #expect(Gate.area(of: "/assets/../api/v1/status") == nil && Gate.area(of: "/%2e%2e/metrics") == nil)
        #expect(Gate.area(of: "/bad%zz") == nil)
        #expect(Gate.isLoopback("127.0.0.1") && Gate.isLoopback("::1"))
        #expect(!Gate.isLoopback("192.0.2.1") && !Gate.isLoopback(nil))
    }
}

private typealias Gate = HTTPGuard<RouterResponder<BasicRequestContext>>
