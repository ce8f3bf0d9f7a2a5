import ProcessTestSupport
import Alerting
import Detection
import Foundation
import GRDB
import Synchronization
import Testing

/// The durable outbox against a real SMTP server: nothing lost, nothing sent twice.
@Suite("Outbox and delivery")
struct OutboxTests {
    let start = 1_790_000_000.0

    /// A migrated database in a file of its own.
    static func database(at path: String) throws -> DatabasePool {
        let pool = try DatabasePool(path: path)
        var migrator = DatabaseMigrator()
        Outbox.registerMigrations(in: &migrator)
        try migrator.migrate(pool)
        return pool
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ixp-outbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func queueOne(_ outbox: Outbox, configuration: AlertingConfiguration) throws -> AlertNotification {
        var pipeline = NotificationPipeline(configuration: configuration)
        pipeline.ingest(findings: [TestFindings.memberDown(since: start)], now: start)
        let round = pipeline.tick(now: start + 30)
        try outbox.enqueue(round, renderer: AlertMailRenderer(configuration: configuration))
        return try #require(round.notifications.first)
    }

    @Test("queued, database closed and reopened, delivered: one mail with the same Message-ID")
    func restart() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none"])
        defer { server.finish() }
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = scratch.appendingPathComponent("state.sqlite").path
        let configuration = TestFindings.configuration(port: server.port)
        let notification: AlertNotification
        do {
            let outbox = Outbox(writer: try Self.database(at: path))
            notification = try queueOne(outbox, configuration: configuration)
        }
        let outbox = Outbox(writer: try Self.database(at: path))
        #expect(try outbox.statistics(now: start + 40).outboxMessages == 1)
        #expect(try outbox.statistics(now: start + 40).oldestAgeSeconds == 10)
        let log = try outbox.notificationLog(now: start + 40)
        #expect(log.map(\.lastMessageID) == [notification.messageID])
        let summary = try await OutboxDelivery(outbox: outbox).deliverDue(now: start + 40, client: SMTPClient(configuration: configuration.smtp))
        #expect(summary.delivered == [notification.messageID])
        _ = try await OutboxDelivery(outbox: outbox).deliverDue(now: start + 100, client: SMTPClient(configuration: configuration.smtp))
        let mails = try server.messages()
        #expect(mails.map(\.message_id) == ["<\(notification.messageID)>"])
        let statistics = try outbox.statistics(now: start + 100)
        #expect(statistics.sentTotal == 1)
        #expect(statistics.outboxMessages == 0)

        // A pipeline restored from the persisted log does not mail the unchanged group again.
        var pipeline = NotificationPipeline(configuration: configuration, log: try outbox.notificationLog(now: start + 100))
        pipeline.ingest(findings: [TestFindings.memberDown(since: start)], now: start + 100)
        #expect(pipeline.tick(now: start + 400).notifications.isEmpty)
    }

    @Test("server down, then up: delivered once, with backoff state on disk")
    func downThenUp() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none"])
        defer { server.finish() }
        server.stop()
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let configuration = TestFindings.configuration(port: server.port)
        let outbox = Outbox(writer: try Self.database(at: scratch.appendingPathComponent("state.sqlite").path))
        let notification = try queueOne(outbox, configuration: configuration)
        let delivery = OutboxDelivery(outbox: outbox)
        let client = SMTPClient(configuration: configuration.smtp)

        let first = try await delivery.deliverDue(now: start + 30, client: client)
        #expect(first.deferred == [notification.messageID])
        let pending = try #require(try outbox.messages(state: .pending).first)
        #expect(pending.attempts == 1)
        #expect(pending.nextAttemptAt == start + 60)
        #expect(try await delivery.deliverDue(now: start + 59, client: client).reports.isEmpty)

        try server.restart()
        let second = try await delivery.deliverDue(now: start + 60, client: client)
        #expect(second.delivered == [notification.messageID])
        _ = try await delivery.deliverDue(now: start + 600, client: client)
        #expect(try server.messages().count == 1)
        let statistics = try outbox.statistics(now: start + 600)
        #expect(statistics.sentTotal == 1)
        #expect(statistics.failedTotal["connection"] == 1)
    }

    @Test("4xx twice, then 250: delivered once after two backoffs")
    func transientThenAccepted() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none", "--defer-data", "2"])
        defer { server.finish() }
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let configuration = TestFindings.configuration(port: server.port)
        let outbox = Outbox(writer: try Self.database(at: scratch.appendingPathComponent("state.sqlite").path))
        _ = try queueOne(outbox, configuration: configuration)
        let delivery = OutboxDelivery(outbox: outbox)
        let client = SMTPClient(configuration: configuration.smtp)
        var now = start + 30
        var delivered = 0
        while now < start + 600 {
            delivered += try await delivery.deliverDue(now: now, client: client).delivered.count
            now += 10
        }
        #expect(delivered == 1)
        #expect(try server.messages().count == 1)
        let message = try #require(try outbox.messages(state: .delivered).first)
        #expect(message.attempts == 3)
        #expect(try outbox.statistics(now: now).failedTotal["transient"] == 2)
    }

    @Test("5xx: a permanent failure, kept and counted, never retried")
    func permanent() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none", "--reject-data"])
        defer { server.finish() }
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let configuration = TestFindings.configuration(port: server.port)
        let outbox = Outbox(writer: try Self.database(at: scratch.appendingPathComponent("state.sqlite").path))
        _ = try queueOne(outbox, configuration: configuration)
        let delivery = OutboxDelivery(outbox: outbox)
        let client = SMTPClient(configuration: configuration.smtp)
        let first = try await delivery.deliverDue(now: start + 30, client: client)
        #expect(first.failed.count == 1)
        var attempts = first.reports.count
        for step in 1...20 {
            attempts += try await delivery.deliverDue(now: start + 30 + Double(step) * 3600, client: client).reports.count
        }
        #expect(attempts == 1)
        let failed = try #require(try outbox.messages(state: .failed).first)
        #expect(failed.failureReason == "permanent")
        #expect(failed.lastError?.contains("554") == true)
        let statistics = try outbox.statistics(now: start + 100)
        #expect(statistics.failedTotal["permanent"] == 1)
        #expect(statistics.failedMessages == 1)
        #expect(statistics.outboxMessages == 0)
    }

    @Test("an hour-long SMTP outage with findings firing and resolving: nothing lost, nothing twice")
    func hourLongOutage() async throws {
        let server = try await SMTPTestServer.start(["--tls", "none"])
        defer { server.finish() }
        server.stop()
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let configuration = TestFindings.configuration(port: server.port, routes: [Route(receiver: "noc", groupBy: ["..."])])
        let outbox = Outbox(writer: try Self.database(at: scratch.appendingPathComponent("state.sqlite").path))
        let renderer = AlertMailRenderer(configuration: configuration)
        let delivery = OutboxDelivery(outbox: outbox)
        let client = SMTPClient(configuration: configuration.smtp)
        var pipeline = NotificationPipeline(configuration: configuration)
        var queued: [String] = []
        var now = start
        // Each 10 minutes a port goes down; each goes back up 20 minutes later. The server is
        // down for the first hour; the agent ticks every 10 s and tries the outbox every minute.
        var attemptsWhileDown = 0
        var serverUp = false
        while now <= start + 2 * 3600 {
            if now >= start + 3600, !serverUp {
                try server.restart()
                serverUp = true
            }
            var findings: [Finding] = []
            for index in 0..<6 {
                let downAt = start + Double(index) * 600
                guard now >= downAt else { continue }
                var finding = TestFindings.portDown(index, since: downAt)
                if now >= downAt + 1200 {
                    finding.state = .resolved
                    finding.resolvedAt = downAt + 1200
                }
                findings.append(finding)
            }
            pipeline.ingest(findings: findings, now: now)
            let round = pipeline.tick(now: now)
            try outbox.enqueue(round, renderer: renderer)
            queued += round.notifications.map(\.messageID)
            if Int(now - start) % 60 == 0 {
                let summary = try await delivery.deliverDue(now: now, client: client)
                if now < start + 3600 { attemptsWhileDown += summary.reports.count }
            }
            now += 10
        }
        _ = try await delivery.deliverDue(now: now + 3600, client: client)
        let received = try server.messages().map(\.message_id)
        #expect(queued.count == 12)
        #expect(received.count == queued.count)
        #expect(Set(received) == Set(queued.map { "<\($0)>" }))
        #expect(attemptsWhileDown > 0)
        let statistics = try outbox.statistics(now: now + 3600)
        #expect(statistics.sentTotal == 12)
        #expect(statistics.outboxMessages == 0)
        #expect(statistics.failedMessages == 0)
    }

    @Test("a mail with a chart is committed with its image: after a reopen the queued bytes hold the same PNG")
    func chartCommitted() throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = scratch.appendingPathComponent("state.sqlite").path
        let configuration = TestFindings.configuration()
        let finding = TestFindings.portDown(1, since: start)
        let series = ChartSeries(title: "sw1 Ethernet1", times: [start - 600, start - 300, start], values: [5e9, 4e9, 0],
                                 unit: .bitsPerSecond, highlightFrom: start)
        var pipeline = NotificationPipeline(configuration: configuration)
        pipeline.ingest(findings: [finding], now: start)
        let round = pipeline.tick(now: start + 30)
        let renderer = AlertMailRenderer(configuration: configuration)
        do {
            try Outbox(writer: try Self.database(at: path)).enqueue(round, renderer: renderer, charts: [finding.id: series])
        }
        let queued = try #require(try Outbox(writer: try Self.database(at: path)).due(now: start + 40).first)
        let notification = try #require(round.notifications.first)
        #expect(queued.data == renderer.message(for: notification, charts: [finding.id: series]).encoded())
        let mail = try SMTPTestServer.parse(queued.data)
        let image = try #require(mail.parts.first { $0.content_type == "image/png" })
        #expect(image.data == (try MailChart().png(series)))
    }

    @Test("silences persist: add, list, expire")
    func silences() throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store = SilenceStore(writer: try Self.database(at: scratch.appendingPathComponent("state.sqlite").path))
        let silence = try store.add(matchers: [SilenceMatcher(name: "rule", value: "port_down")], now: start, duration: 3600,
                                    createdBy: "noc", comment: "maintenance on sw1")
        #expect(try store.list(now: start + 10).map(\.id) == [silence.id])
        #expect(try store.expire(id: silence.id, now: start + 20))
        #expect(try store.list(now: start + 30).isEmpty)
        #expect(try store.list(now: start + 30, includeExpired: true).count == 1)
        #expect(try !store.expire(id: "no-such-silence", now: start))
        #expect(throws: AlertingConfigurationError.self) {
            try store.add(matchers: [], now: start, duration: 60, createdBy: "noc", comment: "")
        }
    }

    /// A transport that accepts every message and then, while its session would still be
    /// closing (QUIT), reads the outbox: the delivery must already be recorded there.
    final class SlowQuitTransport: MailTransport {
        let outbox: Outbox
        let now: Double
        let seenDuringQuit = Mutex<[Int]>([])

        init(outbox: Outbox, now: Double) {
            self.outbox = outbox
            self.now = now
        }

        func send(_ envelope: SMTPEnvelope) async -> SMTPDeliveryReport {
            await send(envelope) { _ in }
        }

        func send(_ envelope: SMTPEnvelope, accepted: @Sendable (SMTPAcceptance) async -> Void) async -> SMTPDeliveryReport {
            let acceptance = SMTPAcceptance(reply: SMTPReply(code: 250, lines: ["OK"]), accepted: envelope.recipients, refused: [])
            await accepted(acceptance)
            let pending = (try? outbox.statistics(now: now).outboxMessages) ?? -1
            seenDuringQuit.withLock { $0.append(pending) }
            return SMTPDeliveryReport(outcome: .success(acceptance), recipients: [], transcript: SMTPTranscript())
        }
    }

    @Test("a delivery is recorded when the server accepts the message, before the session ends")
    func recordedBeforeQuit() async throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outbox = Outbox(writer: try Self.database(at: scratch.appendingPathComponent("state.sqlite").path))
        _ = try queueOne(outbox, configuration: TestFindings.configuration(port: 25))
        let transport = SlowQuitTransport(outbox: outbox, now: start + 40)
        let summary = try await OutboxDelivery(outbox: outbox).deliverDue(now: start + 40, client: transport)
        #expect(summary.delivered.count == 1)
        // Killed during QUIT, the agent would find nothing left to send.
        #expect(transport.seenDuringQuit.withLock { $0 } == [0])
        #expect(try outbox.statistics(now: start + 40).sentTotal == 1)
    }
}
