import Foundation
import GRDB

extension Outbox {
    /// The persisted notification log, without entries that expired at `now` (which are
    /// deleted): what ``NotificationPipeline/init(configuration:log:silences:)`` takes after a
    /// restart. An entry whose group still fires never expires.
    public func notificationLog(now: Double) throws -> [NotificationLogEntry] {
        try purgeNotificationLog(now: now)
        return try writer.read { db in
            try String.fetchAll(db, sql: "SELECT entry FROM alerting_notification_log ORDER BY group_key").compactMap { text in
                try? JSONDecoder().decode(NotificationLogEntry.self, from: Data(text.utf8))
            }
        }
    }

    /// Persists log entries that no mail carries (see ``NotificationRound/logUpdates``).
    public func saveLog(_ entries: [NotificationLogEntry]) throws {
        try writer.write { db in
            for entry in entries { try Self.save(entry, in: db) }
        }
    }

    /// Deletes the entries that expired at `now`: 2 × max(repeat, group interval) after the
    /// last mail, and only once the group no longer fires. Returns how many went.
    @discardableResult
    public func purgeNotificationLog(now: Double) throws -> Int {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM alerting_notification_log WHERE expires_at IS NOT NULL AND expires_at <= ?",
                           arguments: [now])
            return db.changesCount
        }
    }

    static func save(_ entry: NotificationLogEntry, in db: Database) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(entry), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO alerting_notification_log (group_key, entry, last_sent_at, expires_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (group_key) DO UPDATE SET entry = excluded.entry, last_sent_at = excluded.last_sent_at,
                expires_at = excluded.expires_at
            """, arguments: [entry.groupKey, text, entry.lastSentAt, entry.expiresAt])
    }
}
