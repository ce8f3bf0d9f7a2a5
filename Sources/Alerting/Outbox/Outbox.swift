import Foundation
public import GRDB

/// The durable outbox: rendered mail is committed here before any SMTP transaction starts,
/// counts as delivered only after the server's 250 to the end of DATA, and is retried with
/// backoff (state on disk) after 4xx replies and connection failures. A 5xx fails it for good;
/// it is kept for inspection. The notification log and the counters live beside it, written in
/// the same transactions. Works on any GRDB `DatabaseWriter` (the agent's `state.sqlite`).
public struct Outbox: Sendable {
    /// The database.
    public let writer: any DatabaseWriter
    /// How failed deliveries are retried.
    public var retry: RetryPolicy

    /// An outbox in `writer`'s database, whose migrations (``registerMigrations(in:)``) have run.
    public init(writer: any DatabaseWriter, retry: RetryPolicy = RetryPolicy()) {
        self.writer = writer
        self.retry = retry
    }

    // MARK: Queueing

    /// Queues `messages` and persists `log` in one transaction: either the mails and the
    /// record that they were made are both on disk, or neither is. A message already queued
    /// (same Message-ID and recipients) is not queued twice.
    public func enqueue(_ messages: [OutboxMessage], log: [NotificationLogEntry] = []) throws {
        try writer.write { db in
            for message in messages {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO alerting_outbox
                        (message_id, group_key, sender, recipients, subject, data, created_at, state, attempts,
                         next_attempt_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)
                    """, arguments: [message.messageID, message.groupKey, message.sender,
                                     message.recipients.joined(separator: "\n"), message.subject, Data(message.data),
                                     message.createdAt, message.nextAttemptAt])
            }
            for entry in log { try Self.save(entry, in: db) }
        }
    }

    /// Renders the round's notifications with `renderer` (with `charts` by finding id, drawn
    /// into the mail as images) and queues them with every log entry of the round, in one
    /// transaction: what the agent does after each pipeline tick. The rendered mail, images
    /// and all, is what is committed and later sent.
    public func enqueue(_ round: NotificationRound, renderer: AlertMailRenderer, charts: [String: ChartSeries] = [:]) throws {
        let messages = round.notifications.map { OutboxMessage(renderer.message(for: $0, charts: charts), groupKey: $0.groupKey) }
        try enqueue(messages, log: round.notifications.map(\.logEntry) + round.logUpdates)
    }

    // MARK: Reading

    /// Pending messages whose next attempt is due at `now`, oldest first.
    public func due(now: Double) throws -> [OutboxMessage] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM alerting_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY created_at, id
                """, arguments: [now]).map(Self.message)
        }
    }

    /// Messages in `state` (all when nil), oldest first: for inspection.
    public func messages(state: OutboxState? = nil) throws -> [OutboxMessage] {
        try writer.read { db in
            if let state {
                return try Row.fetchAll(db, sql: "SELECT * FROM alerting_outbox WHERE state = ? ORDER BY created_at, id",
                                        arguments: [state.rawValue]).map(Self.message)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM alerting_outbox ORDER BY created_at, id").map(Self.message)
        }
    }

    /// The earliest time a pending message is due, nil when none waits.
    public func nextAttemptAt() throws -> Double? {
        try writer.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(next_attempt_at) FROM alerting_outbox WHERE state = 'pending'")
        }
    }

    /// The numbers for the agent's metrics at `now`.
    public func statistics(now: Double) throws -> AlertingStatistics {
        try writer.read { db in
            let sent = try Int.fetchOne(db, sql: "SELECT value FROM alerting_counter WHERE name = 'sent' AND reason = ''") ?? 0
            var failed: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT reason, value FROM alerting_counter WHERE name = 'failed'") {
                failed[row["reason"]] = row["value"]
            }
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alerting_outbox WHERE state = 'pending'") ?? 0
            let oldest = try Double.fetchOne(db, sql: "SELECT MIN(created_at) FROM alerting_outbox WHERE state = 'pending'")
            let failedMessages = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alerting_outbox WHERE state = 'failed'") ?? 0
            return AlertingStatistics(sentTotal: sent, failedTotal: failed, outboxMessages: pending,
                                      oldestAgeSeconds: oldest.map { max(0, now - $0) } ?? 0, failedMessages: failedMessages)
        }
    }

    // MARK: Delivery results

    /// Records that the server accepted message `id` at `now`.
    func markDelivered(_ id: Int64, now: Double) throws {
        try writer.write { db in
            try db.execute(sql: """
                UPDATE alerting_outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL
                WHERE id = ? AND state = 'pending'
                """, arguments: [now, id])
            if db.changesCount > 0 { try Self.count("sent", "", in: db) }
        }
    }

    /// Records a failed attempt of message `id`: retried after the backoff, or failed for good
    /// when `permanent` or too old.
    func recordFailure(_ id: Int64, reason: String, error: String, permanent: Bool, now: Double) throws {
        try writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT attempts, created_at FROM alerting_outbox WHERE id = ? AND state = 'pending'",
                                             arguments: [id]) else { return }
            let attempts: Int = row["attempts"] + 1
            let createdAt: Double = row["created_at"]
            let next = now + retry.delay(afterAttempts: attempts)
            if permanent || next - createdAt > retry.maximumAge {
                let finalReason = permanent ? reason : "expired"
                try db.execute(sql: """
                    UPDATE alerting_outbox SET state = 'failed', attempts = ?, last_error = ?, failure_reason = ? WHERE id = ?
                    """, arguments: [attempts, error, finalReason, id])
                try Self.count("failed", reason, in: db)
                if finalReason != reason { try Self.count("failed", finalReason, in: db) }
            } else {
                try db.execute(sql: """
                    UPDATE alerting_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?
                    """, arguments: [attempts, next, error, id])
                try Self.count("failed", reason, in: db)
            }
        }
    }

    /// Records that message `id` was accepted for some recipients: it is delivered, the
    /// recipients refused with 4xx are queued again as a copy (same Message-ID), those refused
    /// with 5xx are counted as `recipient_refused`.
    func markPartiallyDelivered(_ message: OutboxMessage, retryFor deferred: [String], refusedForGood: Int, now: Double) throws {
        guard let id = message.id else { return }
        try writer.write { db in
            try db.execute(sql: """
                UPDATE alerting_outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1 WHERE id = ? AND state = 'pending'
                """, arguments: [now, id])
            guard db.changesCount > 0 else { return }
            try Self.count("sent", "", in: db)
            for _ in 0..<refusedForGood { try Self.count("failed", "recipient_refused", in: db) }
            if !deferred.isEmpty {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO alerting_outbox
                        (message_id, group_key, sender, recipients, subject, data, created_at, state, attempts, next_attempt_at, last_error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 1, ?, 'recipients deferred (4xx)')
                    """, arguments: [message.messageID, message.groupKey, message.sender, deferred.joined(separator: "\n"),
                                     message.subject, Data(message.data), message.createdAt,
                                     now + retry.delay(afterAttempts: 1)])
                try Self.count("failed", SMTPFailureKind.transient.rawValue, in: db)
            }
        }
    }

    /// Deletes delivered messages older than `age` seconds and failed ones older than
    /// `failedAge` (kept longer, for inspection). Returns how many went.
    @discardableResult
    public func purge(now: Double, deliveredAge: Double = 7 * 86_400, failedAge: Double = 30 * 86_400) throws -> Int {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM alerting_outbox WHERE state = 'delivered' AND delivered_at < ?",
                           arguments: [now - deliveredAge])
            var removed = db.changesCount
            try db.execute(sql: "DELETE FROM alerting_outbox WHERE state = 'failed' AND created_at < ?",
                           arguments: [now - failedAge])
            removed += db.changesCount
            return removed
        }
    }

    // MARK: Rows

    static func count(_ name: String, _ reason: String, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO alerting_counter (name, reason, value) VALUES (?, ?, 1)
            ON CONFLICT (name, reason) DO UPDATE SET value = value + 1
            """, arguments: [name, reason])
    }

    static func message(_ row: Row) -> OutboxMessage {
        let recipients: String = row["recipients"]
        let data: Data = row["data"]
        var message = OutboxMessage(
            messageID: row["message_id"], groupKey: row["group_key"], sender: row["sender"],
            recipients: recipients.split(separator: "\n").map(String.init), subject: row["subject"], data: Array(data),
            createdAt: row["created_at"])
        message.id = row["id"]
        message.state = OutboxState(rawValue: row["state"]) ?? .pending
        message.attempts = row["attempts"]
        message.nextAttemptAt = row["next_attempt_at"]
        message.lastError = row["last_error"]
        message.failureReason = row["failure_reason"]
        message.deliveredAt = row["delivered_at"]
        return message
    }
}
