import Detection
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPListener
import IXPCore
import StateDatabase
import Testing
@testable import Agent

/// `POST` and `DELETE /api/v1/findings/{finding}/acknowledge`, and `acknowledged` in the
/// findings list, in process (HummingbirdTesting).
@Suite("acknowledging findings through the API")
struct AcknowledgementsAPITests {
    static let now = 1_000_000.0

    struct ErrorBody: Decodable {
        struct Message: Decodable { var message: String }
        var error: Message
    }

    /// A state with a firing and a resolved finding; the router over it and an in-memory store.
    static func setUp() throws -> (Router<BasicRequestContext>, DetectionState, AcknowledgementStore, firing: Finding, resolved: Finding) {
        let database = try StateDatabase.open(directory: nil, migrations: [FindingStore.registerMigrations])
        let store = AcknowledgementStore(writer: database)
        let state = DetectionState()
        let firing = Finding(rule: .portErrors, severity: .warning, subject: .port(switch: "sw1", interface: "Ethernet1/1"),
                             summary: "errors", message: LocalizedText("port_errors.summary"), state: .firing,
                             firstSeen: now - 600, lastSeen: now, firingSince: now - 300)
        let resolved = Finding(rule: .portDown, severity: .warning, subject: .port(switch: "sw1", interface: "Et2"),
                               summary: "down", message: LocalizedText("port_down.summary"), state: .resolved,
                               firstSeen: now - 900, lastSeen: now - 600, firingSince: now - 800, resolvedAt: now - 500)
        let report = HealthReport(
            generatedAt: now, language: .english,
            exchange: ExchangeOverview(name: "Test IX", members: 1, activeMembers: 1, ports: 2, portsUp: 1,
                                       capacityBitsPerSecond: 2e10, traffic: TrafficOverview(), historyFrom: nil, historyTo: nil),
            symptoms: [], findings: [firing, resolved], members: [], charts: ReportCharts())
        state.setDetection(findings: [firing, resolved], report: report, at: now)
        let router = AgentHTTPRouter.make(registry: MetricsRegistry(), store: nil, detection: state, acknowledgements: store,
                                          clock: { now })
        return (router, state, store, firing, resolved)
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    @Test func acknowledgeShowWithdrawAndRefuse() async throws {
        let (router, _, store, firing, resolved) = try Self.setUp()
        let app = Application(router: router)
        try await app.test(.router) { client in
            let body = ByteBuffer(string: #"{"by": "alice", "comment": "optic ordered", "expires": "2d"}"#)
            try await client.execute(uri: "/api/v1/findings/\(firing.fingerprint)/acknowledge", method: .post, headers: Self.json,
                                     body: body) { response in
                #expect(response.status == .created)
                let document = try JSONResponse.decoder.decode(FindingDocument.self, from: Data(response.body.readableBytesView))
                #expect(document.finding.id == firing.id)
                #expect(document.acknowledgement == FindingAcknowledgement(findingID: firing.id, by: "alice", comment: "optic ordered",
                                                                           at: Self.now, expiresAt: Self.now + 2 * 86_400))
            }
            #expect(try store.inForce(now: Self.now)[firing.id]?.by == "alice")
            // The list shows it, as {by, comment, at, …} on the acknowledged one and null on the other.
            try await client.execute(uri: "/api/v1/findings", method: .get) { response in
                let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                let findings = object?["findings"] as? [[String: Any]] ?? []
                let acknowledged = findings.first { $0["id"] as? String == firing.id }?["acknowledged"] as? [String: Any]
                #expect(acknowledged?["by"] as? String == "alice")
                #expect(acknowledged?["comment"] as? String == "optic ordered")
                #expect(acknowledged?["at"] as? Double == Self.now)
                #expect(findings.first { $0["id"] as? String == firing.id }?["fingerprint"] as? String == firing.fingerprint)
                #expect(findings.first { $0["id"] as? String == resolved.id }?["acknowledged"] is NSNull)
            }
            // Named by its id, percent-encoded, it is the same finding.
            let encoded = try #require(firing.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            try await client.execute(uri: "/api/v1/findings/\(encoded)/acknowledge", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: #"{"by": "bob", "comment": "taking over"}"#)) { response in
                #expect(response.status == .created)
            }
            #expect(try store.inForce(now: Self.now)[firing.id]?.by == "bob")
            // Refusals.
            func refused(_ path: String, _ body: String, headers: HTTPFields = Self.json, _ status: HTTPResponse.Status,
                         saying words: String) async throws {
                try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(path) \(body)")
                    let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                    #expect(error.error.message.contains(words), "\(error.error.message)")
                }
            }
            let path = "/api/v1/findings/\(firing.fingerprint)/acknowledge"
            try await refused(path, #"{"by": "alice"}"#, .badRequest, saying: "comment")
            try await refused(path, #"{"by": " ", "comment": "x"}"#, .badRequest, saying: "who")
            try await refused(path, #"{"by": "a", "comment": "x", "expires": "forever"}"#, .badRequest, saying: "expires")
            try await refused(path, #"{"by": "a", "comment": "x"}"#, headers: [.contentType: "text/plain"], .unsupportedMediaType,
                              saying: "application/json")
            try await refused("/api/v1/findings/0000000000000000/acknowledge", #"{"by": "a", "comment": "x"}"#, .notFound,
                              saying: "no finding")
            try await refused("/api/v1/findings/\(resolved.fingerprint)/acknowledge", #"{"by": "a", "comment": "x"}"#, .conflict,
                              saying: "resolved")
            // Withdrawn: gone, and a second withdrawal finds nothing.
            try await client.execute(uri: path, method: .delete) { response in
                #expect(response.status == .ok)
                let document = try JSONResponse.decoder.decode(FindingDocument.self, from: Data(response.body.readableBytesView))
                #expect(document.acknowledgement == nil)
            }
            #expect(try store.inForce(now: Self.now).isEmpty)
            try await client.execute(uri: path, method: .delete) { #expect($0.status == .notFound) }
        }
    }

    @Test func withoutAStoreTheFindingsSayNullAndThereIsNoEndpoint() async throws {
        let state = DetectionState()
        let finding = Finding(rule: .portErrors, severity: .warning, subject: .port(switch: "sw1", interface: "Et1"),
                              summary: "errors", message: LocalizedText("port_errors.summary"), state: .firing,
                              firstSeen: Self.now - 600, lastSeen: Self.now)
        state.setDetection(findings: [finding], report: try Self.setUp().1.report!, at: Self.now)
        let app = Application(router: AgentHTTPRouter.make(registry: MetricsRegistry(), store: nil, detection: state))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/findings", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("\"acknowledged\":null"), "\(text)")
            }
            try await client.execute(uri: "/api/v1/findings/\(finding.fingerprint)/acknowledge", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: #"{"by": "a", "comment": "x"}"#)) { #expect($0.status == .notFound) }
        }
    }
}
