import Alerting
import Detection
import Exposition
import Foundation
import Hummingbird
import HummingbirdTesting
import Presentation
import ProbeKit
import StateDatabase
import Testing
import TimeSeries
@testable import Agent
import IXPCore
import HTTPListener

/// The HTTP routes in process (HummingbirdTesting's router framework): `/metrics` negotiation,
/// gzip and caching, the JSON documents, pagination, and errors as `HTTPError` JSON.
@Suite("agent HTTP routes")
struct AgentHTTPRouterTests {
    static let now = 1_000_000.0

    /// Two interface counters of one switch and one gauge, in a registry.
    static func registry() -> MetricsRegistry {
        let registry = MetricsRegistry()
        let identity = ProbeIdentity(kind: "snmp_interfaces", name: "sw1")
        registry.register(identity)
        registry.recordSuccess(identity, duration: 0.25, at: now, metrics: [
            MetricFamily(name: "ixp_interface_receive_bytes_total", help: "Bytes received.", kind: .counter, samples: [
                MetricSample(labels: [("switch", "sw1"), ("interface", "Et1")], value: 1_000),
                MetricSample(labels: [("switch", "sw1"), ("interface", "Et2")], value: 2_000, created: now - 60),
            ]),
            MetricFamily(name: "ixp_interface_up", help: "1 if the port is up.", kind: .gauge, samples: [
                MetricSample(labels: [("switch", "sw1"), ("interface", "Et1")], value: 1),
            ]),
        ])
        return registry
    }

    /// A store with `count` series of `ixp_interface_up` (one sample each, a minute apart).
    static func store(series count: Int = 3) throws -> TimeSeriesStore {
        let store = try TimeSeriesStore(directory: nil, clock: { now })
        for index in 0..<count {
            let key = SeriesKey(name: "ixp_interface_up", labels: ["switch": "sw1", "interface": "Et\(index)"])
            for minute in 0..<5 { _ = store.append(key, timestamp: now - 300 + Double(minute) * 60, value: 1) }
        }
        return store
    }

    static func finding(_ rule: RuleID, _ state: FindingState, asn: UInt32) -> Finding {
        Finding(rule: rule, severity: .warning, subject: .member(asn: asn), summary: "AS\(asn) \(rule)",
                message: LocalizedText("\(rule.rawValue).summary"), state: state, firstSeen: now - 600, lastSeen: now)
    }

    static func gunzip(_ data: ByteBuffer) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-gzip-\(UUID().uuidString).gz")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(data.readableBytesView).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "gzip -d failed: not a gzip stream")
        return String(decoding: output, as: UTF8.self)
    }

    struct ErrorBody: Decodable {
        struct Inner: Decodable { var message: String }
        var error: Inner
    }

    // MARK: - /metrics

    @Test func metricsDefaultToTheTextFormat() async throws {
        let app = Application(router: AgentHTTPRouter.make(registry: Self.registry(), store: try Self.store()))
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                #expect(response.headers[.contentEncoding] == nil)
                let text = String(buffer: response.body)
                #expect(text.contains("# TYPE ixp_interface_receive_bytes_total counter\n"))
                #expect(text.contains("ixp_build_info{version=\"\(AgentBuildInfo.version)\",swift_version=\""))
                #expect(!text.contains("_created"))
                #expect(!text.contains("# EOF"))
            }
        }
    }

    @Test func prometheusAcceptHeaderGetsOpenMetrics() async throws {
        let app = Application(router: AgentHTTPRouter.make(registry: Self.registry(), store: try Self.store()))
        let accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get, headers: [.accept: accept]) { response in
                #expect(response.headers[.contentType] == "application/openmetrics-text; version=1.0.0; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(text.hasSuffix("# EOF\n"))
                #expect(text.contains("# TYPE ixp_interface_receive_bytes counter\n# UNIT ixp_interface_receive_bytes bytes\n"))
                #expect(text.contains("ixp_interface_receive_bytes_total{switch=\"sw1\",interface=\"Et1\"} 1000\n"
                    + "ixp_interface_receive_bytes_total{switch=\"sw1\",interface=\"Et2\"} 2000\n"
                    + "ixp_interface_receive_bytes_created{switch=\"sw1\",interface=\"Et2\"} \(Int(Self.now - 60))\n"))
                #expect(text.contains("# UNIT ixp_probe_duration_seconds seconds\n"))
                // The store's counters started with the agent.
                #expect(text.contains("ixp_store_samples_appended_created "))
            }
        }
    }

    @Test func gzipWhenAsked() async throws {
        let app = Application(router: AgentHTTPRouter.make(registry: Self.registry(), store: try Self.store()))
        try await app.test(.router) { client in
            let plain = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            try await client.execute(uri: "/metrics", method: .get, headers: [.acceptEncoding: "gzip, deflate"]) { response in
                #expect(response.headers[.contentEncoding] == "gzip")
                #expect(response.headers[.vary] == "Accept, Accept-Encoding")
                #expect(Array(response.body.readableBytesView.prefix(2)) == [0x1F, 0x8B])
                let decoded = try Self.gunzip(response.body)
                #expect(decoded == plain)
            }
            try await client.execute(uri: "/metrics", method: .get, headers: [.acceptEncoding: "gzip;q=0, identity"]) { response in
                #expect(response.headers[.contentEncoding] == nil)
                #expect(String(buffer: response.body) == plain)
            }
        }
    }

    @Test func acceptNegotiation() {
        #expect(ExpositionFormatTestCases.all.allSatisfy { ExpositionFormat.negotiate(accept: $0.0) == $0.1 })
        #expect(MetricsEndpoint.acceptsGzip("gzip"))
        #expect(MetricsEndpoint.acceptsGzip("deflate, GZIP;q=0.5"))
        #expect(MetricsEndpoint.acceptsGzip("*"))
        #expect(!MetricsEndpoint.acceptsGzip("gzip;q=0"))
        #expect(!MetricsEndpoint.acceptsGzip("identity"))
        #expect(!MetricsEndpoint.acceptsGzip(nil))
    }

    @Test func theExpositionIsRenderedOncePerCollectionNotOncePerScrape() {
        let registry = Self.registry()
        let clock = TestClock(Self.now)
        let endpoint = MetricsEndpoint(ttl: 2, clock: { clock.now }, generation: { registry.generation }) { registry.families() }
        let first = endpoint.body(format: .prometheusText, gzip: false)
        for _ in 0..<50 { _ = endpoint.body(format: .prometheusText, gzip: false) }
        _ = endpoint.body(format: .prometheusText, gzip: true)
        #expect(endpoint.renderCount == 1)
        // A probe publishes: the next scrape renders again and sees it.
        registry.recordSuccess(ProbeIdentity(kind: "snmp_interfaces", name: "sw2"), duration: 1, at: Self.now, metrics: [
            MetricFamily(name: "ixp_interface_up", help: "1 if the port is up.", kind: .gauge,
                         samples: [MetricSample(labels: [("switch", "sw2"), ("interface", "Et9")], value: 0)]),
        ])
        let second = endpoint.body(format: .prometheusText, gzip: false)
        #expect(endpoint.renderCount == 2)
        #expect(String(buffer: second.bytes).contains("switch=\"sw2\""))
        #expect(!String(buffer: first.bytes).contains("switch=\"sw2\""))
        // Nothing published, but the store's own metrics age out after the TTL.
        clock.now += 3
        _ = endpoint.body(format: .prometheusText, gzip: false)
        #expect(endpoint.renderCount == 3)
        // Each format has its own rendering.
        _ = endpoint.body(format: .openMetrics, gzip: false)
        #expect(endpoint.renderCount == 4)
    }

    // MARK: - JSON API

    @Test func statusListsTheProbes() async throws {
        let app = Application(router: AgentHTTPRouter.make(registry: Self.registry(), store: nil))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/status", method: .get) { response in
                #expect(response.status == .ok)
                let status = try JSONResponse.decoder.decode(AgentHTTPRouter.StatusDocument.self, from: Data(response.body.readableBytesView))
                #expect(status.probes.map(\.name) == ["sw1"])
                #expect(status.probes.first?.last_success == true)
                #expect(status.version == AgentBuildInfo.version)
            }
        }
    }

    @Test func seriesArePaginated() async throws {
        let app = Application(router: AgentHTTPRouter.make(registry: MetricsRegistry(), store: try Self.store(series: 25)))
        try await app.test(.router) { client in
            var seen: [HistoryAPI.SeriesDocument] = []
            var offset: Int? = 0
            while let next = offset {
                try await client.execute(uri: "/api/v1/series?name=ixp_interface_up&limit=10&offset=\(next)", method: .get) { response in
                    #expect(response.status == .ok)
                    let page = try JSONResponse.decoder.decode(HistoryAPI.SeriesListDocument.self, from: Data(response.body.readableBytesView))
                    #expect(page.page.total == 25)
                    #expect(page.series.count <= 10)
                    seen += page.series
                    offset = page.page.next_offset
                }
            }
            #expect(seen.count == 25)
            #expect(Set(seen.compactMap { $0.labels["interface"] }).count == 25)
            try await client.execute(uri: "/api/v1/series?name=ixp_interface_up&limit=0", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                #expect(body.error.message.contains("limit"))
            }
        }
    }

    @Test func rangesAndTheirErrors() async throws {
        let app = Application(router: AgentHTTPRouter.make(registry: MetricsRegistry(), store: try Self.store()))
        let window = "start=\(Int(Self.now - 600))&end=\(Int(Self.now))"
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/query_range?name=ixp_interface_up&switch=sw1&interface=Et1&\(window)", method: .get) { response in
                #expect(response.status == .ok)
                let range = try JSONResponse.decoder.decode(HistoryAPI.RangeDocument.self, from: Data(response.body.readableBytesView))
                #expect(range.step == 60)
                #expect(range.values.contains(1))
                #expect(range.values.contains(nil), "minutes before the first sample are null")
            }
            try await client.execute(uri: "/api/v1/sum_range?name=ixp_interface_up&\(window)", method: .get) { response in
                let range = try JSONResponse.decoder.decode(HistoryAPI.RangeDocument.self, from: Data(response.body.readableBytesView))
                #expect(range.values.contains(3))
            }
            let failures: [(String, HTTPResponse.Status, String)] = [
                ("/api/v1/query_range?name=ixp_interface_up&switch=nope&\(window)", .notFound, "no series"),
                ("/api/v1/sum_range?name=ixp_nothing&\(window)", .notFound, "no series match"),
                ("/api/v1/query_range?switch=sw1", .badRequest, "metric name"),
                ("/api/v1/query_range?name=ixp_interface_up&start=yesterday", .badRequest, "Unix seconds"),
                ("/api/v1/query_range?name=ixp_interface_up&start=10&end=5", .badRequest, "before end"),
                ("/api/v1/query_range?name=ixp_interface_up&function=median", .badRequest, "function must be"),
            ]
            for (uri, status, message) in failures {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == status, "\(uri)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                    let body = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                    #expect(body.error.message.contains(message), "\(uri): \(body.error.message)")
                }
            }
        }
    }

    @Test func findingsFilterPaginateAndTheReportWaitsForTheFirstEvaluation() async throws {
        let state = DetectionState()
        let app = Application(router: AgentHTTPRouter.make(registry: MetricsRegistry(), store: nil, detection: state))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/report", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
            }
            let findings = (0..<7).map { Self.finding("idle_member_ports", $0 < 5 ? .firing : .resolved, asn: 64_500 + UInt32($0)) }
            let report = HealthReport(
                generatedAt: Self.now, language: .english,
                exchange: ExchangeOverview(name: "Test IX", members: 7, activeMembers: 7, ports: 7, portsUp: 7,
                                           capacityBitsPerSecond: 7e10, traffic: TrafficOverview(), historyFrom: nil, historyTo: nil),
                symptoms: [], findings: findings, members: [], charts: ReportCharts())
            state.setDetection(findings: findings, report: report, at: Self.now)
            try await client.execute(uri: "/api/v1/findings?state=firing&limit=2&offset=4", method: .get) { response in
                #expect(response.status == .ok)
                let page = try JSONResponse.decoder.decode(DetectionAPI.FindingsDocument.self, from: Data(response.body.readableBytesView))
                #expect(page.page == PageInfo(total: 5, offset: 4, limit: 2, next_offset: nil))
                #expect(page.findings.count == 1)
                #expect(page.evaluatedAt == Self.now)
            }
            try await client.execute(uri: "/api/v1/findings?state=broken", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/report", method: .get) { response in
                #expect(response.status == .ok)
                let decoded = try HealthReportJSON.decode(Data(response.body.readableBytesView))
                #expect(decoded.findings.count == 7)
            }
            try await client.execute(uri: "/report?lang=xx", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func silencesCreateListExpireAndRefuseBadBodies() async throws {
        let database = try StateDatabase.open(directory: nil, migrations: [Outbox.registerMigrations])
        let router = AgentHTTPRouter.make(registry: MetricsRegistry(), store: nil)
        let configured = Silence(id: "from-file", matchers: [SilenceMatcher(name: "rule", value: "port_down")],
                                 startsAt: Self.now - 60, endsAt: Self.now + 86_400, createdBy: "ops", comment: "")
        SilencesAPI.register(on: router, store: SilenceStore(writer: database), configured: [configured], clock: { Self.now })
        let app = Application(router: router)
        try await app.test(.router) { client in
            let body = ByteBuffer(string: #"{"matchers": [{"name": "member_asn", "value": "64500"}], "duration": "2h", "comment": "maintenance"}"#)
            let created = try await client.execute(uri: "/api/v1/silences", method: .post, body: body) { response in
                #expect(response.status == .created)
                return try JSONResponse.decoder.decode(SilencesAPI.SilenceDocument.self, from: Data(response.body.readableBytesView))
            }
            #expect(created.ends_at == Self.now + 7_200)
            #expect(created.state == "active" && created.source == "api")
            try await client.execute(uri: "/api/v1/silences?limit=1", method: .get) { response in
                let page = try JSONResponse.decoder.decode(SilencesAPI.SilencesDocument.self, from: Data(response.body.readableBytesView))
                #expect(page.page.total == 2 && page.page.next_offset == 1)
                #expect(page.silences.map(\.id) == ["from-file"])
            }
            try await client.execute(uri: "/api/v1/silences/\(created.id)", method: .delete) { response in
                #expect(response.status == .ok)
                let expired = try JSONResponse.decoder.decode(SilencesAPI.SilenceDocument.self, from: Data(response.body.readableBytesView))
                #expect(expired.state == "expired")
            }
            try await client.execute(uri: "/api/v1/silences/from-file", method: .delete) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/api/v1/silences/nope", method: .delete) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/silences", method: .post, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .badRequest)
                let error = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                #expect(error.error.message.contains("matchers"))
            }
            let huge = ByteBuffer(string: "{\"comment\": \"" + String(repeating: "x", count: SilencesAPI.maximumBodySize) + "\"}")
            try await client.execute(uri: "/api/v1/silences", method: .post, body: huge) { #expect($0.status == .contentTooLarge) }
        }
    }
}

/// Accept headers and the format each one gets.
enum ExpositionFormatTestCases {
    static let all: [(String?, ExpositionFormat)] = [
        (nil, .prometheusText),
        ("", .prometheusText),
        ("text/plain", .prometheusText),
        ("*/*", .prometheusText),
        ("application/openmetrics-text", .openMetrics),
        ("application/openmetrics-text; version=1.0.0; charset=utf-8", .openMetrics),
        ("application/openmetrics-text;version=0.0.1", .prometheusText),
        ("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5", .prometheusText),
        ("application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.5", .openMetrics),
        ("application/openmetrics-text;q=0", .prometheusText),
    ]
}

/// A clock a test moves by hand.
// @unchecked Sendable: all state behind `lock`.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Double

    init(_ value: Double) { self.value = value }

    var now: Double {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
