@testable import Agent
import Foundation
import Testing
import HTTPListener

/// What a reload (SIGHUP) changes in the listener's credentials, and what it leaves to a restart.
@Suite("listener credentials")
struct ListenerCredentialsTests {
    static func basic(_ text: String) -> String { "Basic " + Data(text.utf8).base64EncodedString() }

    static func configuration(users: [String: String], tokens: [String] = []) -> HTTPConfiguration {
        var http = HTTPConfiguration()
        http.uiAuth = HTTPAuthPolicy(users: users, tokens: tokens, realm: "ixp-health")
        return http
    }

    @Test("a changed users list replaces the authenticator: the new password passes, the old one is refused")
    func rotatedPassword() async throws {
        let credentials = try ListenerCredentials(Self.configuration(users: ["noc": PasswordHash.make("old", cost: 4)]),
                                                  clock: { 1_000 })
        #expect(await credentials.ui?.check(Self.basic("noc:old")) == .allowed("noc"))
        let notes = try credentials.apply(Self.configuration(users: ["noc": PasswordHash.make("new", cost: 4)]))
        #expect(notes.isEmpty, "\(notes)")
        #expect(await credentials.ui?.check(Self.basic("noc:new")) == .allowed("noc"))
        #expect(await credentials.ui?.check(Self.basic("noc:old")) == .denied, "the old password is not remembered")
        #expect(credentials.metrics == nil)
    }

    @Test("an unchanged policy keeps its authenticator; tokens and auth sections come and go")
    func unchangedAndRemoved() throws {
        let hash = PasswordHash.make("pw", cost: 4)
        let credentials = try ListenerCredentials(Self.configuration(users: ["noc": hash]), clock: { 0 })
        let before = try #require(credentials.ui)
        _ = try credentials.apply(Self.configuration(users: ["noc": hash]))
        #expect(credentials.ui === before, "the same users keep their remembered passwords")
        var metrics = Self.configuration(users: ["noc": hash])
        metrics.metricsAuth = HTTPAuthPolicy(tokens: ["0123456789abcdef0123"], realm: "ixp-health metrics")
        _ = try credentials.apply(metrics)
        #expect(credentials.metrics?.policy.tokens == ["0123456789abcdef0123"])
        _ = try credentials.apply(HTTPConfiguration())
        #expect(credentials.ui == nil && credentials.metrics == nil)
    }

    @Test("the address, HTTP against HTTPS and the limits are left to the next restart, and said so")
    func restartNotes() throws {
        let credentials = try ListenerCredentials(HTTPConfiguration(), clock: { 0 })
        var next = HTTPConfiguration()
        next.host = "0.0.0.0"
        next.port = 9471
        next.maxBodySize = 1024
        next.tls = HTTPTLSSettings(certificateFile: "/nonexistent/cert.pem", keyFile: "/nonexistent/key.pem")
        // A missing certificate is an error, and nothing is taken.
        #expect(throws: HTTPTLSError.self) { _ = try credentials.apply(next) }
        next.tls = nil
        next.uiAuth = HTTPAuthPolicy(tokens: ["0123456789abcdef0123"], realm: "ixp-health")
        let notes = try credentials.apply(next)
        #expect(notes.contains { $0.contains("http.listen") && $0.contains("0.0.0.0:9471") && $0.contains("restart") }, "\(notes)")
        #expect(notes.contains { $0.contains("max_body_size") }, "\(notes)")
        #expect(credentials.ui != nil, "the users and tokens are taken even so")
    }
}
