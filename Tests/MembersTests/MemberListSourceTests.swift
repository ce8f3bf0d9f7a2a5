import Foundation
import Testing
@testable import Members

private func servedDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("member-list-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
        at: URL(fileURLWithPath: ixfFixture("exix.ixpmanager.1.0.json")), to: directory.appendingPathComponent("members.json"))
    try FileManager.default.copyItem(
        at: URL(fileURLWithPath: ixfFixture("exix.peeringdb.json")), to: directory.appendingPathComponent("pdb.json"))
    try Data("<html>maintenance</html>".utf8).write(to: directory.appendingPathComponent("maintenance.html"))
    return directory
}

private func reason(_ source: MemberListSource) async -> MemberListError.Reason? {
    do {
        _ = try await source.load()
        return nil
    } catch {
        return error.reason
    }
}

@Suite struct MemberListSourceFileTests {
    @Test func filePathAndFileURL() async throws {
        let path = ixfFixture("exix.ixpmanager.1.0.json")
        let loaded = try await MemberListSource(location: path).load()
        #expect(loaded.registry.exchangeName == "Example Internet Exchange")
        #expect(loaded.data == (try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(loaded.source == path)
        let viaURL = try await MemberListSource(location: URL(fileURLWithPath: path).absoluteString).load()
        #expect(viaURL.registry == loaded.registry)
        let exchange = try await MemberListSource(location: ixfFixture("exix.peeringdb.json")).loadPeeringDB()
        #expect(exchange.memberCount == 4)
    }

    @Test func fileErrors() async {
        #expect(await reason(MemberListSource(location: "/nonexistent/members.json")) == .unreadable)
        #expect(await reason(MemberListSource(location: ixfFixture("exix.ixpmanager.1.0.json"), maxBytes: 100)) == .tooLarge)
        #expect(await reason(MemberListSource(location: "ftp://example.net/members.json")) == .badLocation)
        #expect(!MemberListSource(location: "/x.json").isRemote)
        #expect(MemberListSource(location: "HTTPS://x/y.json").isRemote)
    }
}

@Suite(.enabled(if: TestHTTPServer.python != nil, "needs python3 for the test HTTP server"))
struct MemberListSourceHTTPTests {
    @Test func fetchesParsesAndFollowsRedirects() async throws {
        let directory = try servedDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer(serving: directory)
        let loaded = try await MemberListSource(location: server.url("/files/members.json")).load()
        #expect(loaded.registry.members.count == 6)
        #expect(loaded.registry.routeServers.count == 2)
        #expect(loaded.data == (try Data(contentsOf: directory.appendingPathComponent("members.json"))))
        let redirected = try await MemberListSource(location: server.url("/redirect")).load()
        #expect(redirected.registry == loaded.registry)
        let exchange = try await MemberListSource(location: server.url("/files/pdb.json")).loadPeeringDB()
        #expect(exchange.ixID == 9999)
    }

    @Test func notFoundAndNotJSON() async throws {
        let directory = try servedDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer(serving: directory)
        #expect(await reason(MemberListSource(location: server.url("/files/missing.json"))) == .httpStatus(404))
        do {
            _ = try await MemberListSource(location: server.url("/files/maintenance.html")).load()
            Issue.record("an HTML page parsed as a member list")
        } catch {
            #expect(error.reason == .invalid)
            #expect(error.message.hasPrefix(server.url("/files/maintenance.html")))
        }
    }

    @Test func timeouts() async throws {
        let directory = try servedDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer(serving: directory)
        #expect(await reason(MemberListSource(location: server.url("/slow"), timeout: .milliseconds(300))) == .timeout)
        #expect(await reason(MemberListSource(location: server.url("/stall"), timeout: .milliseconds(300))) == .timeout)
    }

    @Test func oversize() async throws {
        let directory = try servedDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try TestHTTPServer(serving: directory)
        // By Content-Length, and while streaming a chunked body.
        #expect(await reason(MemberListSource(location: server.url("/files/members.json"), maxBytes: 1000)) == .tooLarge)
        #expect(await reason(MemberListSource(location: server.url("/chunked-big"), maxBytes: 100_000)) == .tooLarge)
    }

    @Test func unreachable() async throws {
        // A port that was just free: nothing listens there.
        let directory = try servedDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let port: Int
        do {
            let server = try TestHTTPServer(serving: directory)
            port = server.port
        }
        #expect(await reason(MemberListSource(location: "http://127.0.0.1:\(port)/files/members.json")) == .unreachable)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl"))
    func httpsWithAPrivateCA() async throws {
        let directory = try servedDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0)
        let server = try TestHTTPServer(serving: directory, certificate: (cert, key))
        let url = server.url("/files/members.json")
        #expect(url.hasPrefix("https://"))
        let loaded = try await MemberListSource(location: url, trustedCAFile: cert).load()
        #expect(loaded.registry.members.count == 6)
        // Without the CA the certificate is not trusted.
        #expect(await reason(MemberListSource(location: url)) == .unreachable)
        #expect(await reason(MemberListSource(location: url, trustedCAFile: "/nonexistent/ca.pem")) == .badLocation)
    }
}
