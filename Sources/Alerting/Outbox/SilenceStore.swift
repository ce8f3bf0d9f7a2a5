import Foundation
public import GRDB

/// Silences added at run time (the API's `POST /api/v1/silences`, `ixp-health silence add`),
/// persisted in the state database. Expiring a silence ends it now; it stays listed as
/// expired until it is purged.
public struct SilenceStore: Sendable {
    /// The database (migrated with ``Outbox/registerMigrations(in:)``).
    public let writer: any DatabaseWriter

    /// A store in `writer`'s database.
    public init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Adds `silence` (replacing one with the same id) after checking it; returns it.
    @discardableResult
    public func add(_ silence: Silence) throws -> Silence {
        guard !silence.matchers.isEmpty else {
            throw AlertingConfigurationError("a silence needs at least one matcher (e.g. rule=port_down)")
        }
        guard silence.endsAt > silence.startsAt else {
            throw AlertingConfigurationError("a silence must end after it starts")
        }
        guard !silence.id.isEmpty else { throw AlertingConfigurationError("a silence needs an id") }
        let text = String(decoding: try JSONEncoder().encode(silence), as: UTF8.self)
        try writer.write { db in
            try db.execute(sql: """
                INSERT INTO alerting_silence (id, silence, starts_at, ends_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET silence = excluded.silence, starts_at = excluded.starts_at, ends_at = excluded.ends_at
                """, arguments: [silence.id, text, silence.startsAt, silence.endsAt])
        }
        return silence
    }

    /// A new silence with a fresh id, from `now` for `duration` seconds.
    @discardableResult
    public func add(matchers: [SilenceMatcher], now: Double, duration: Double, createdBy: String, comment: String) throws -> Silence {
        try add(Silence(id: UUID().uuidString.lowercased(), matchers: matchers, startsAt: now, endsAt: now + duration,
                        createdBy: createdBy, comment: comment))
    }

    /// The silences, soonest ending first; with `includeExpired` false only those not yet ended
    /// at `now`.
    public func list(now: Double, includeExpired: Bool = false) throws -> [Silence] {
        try writer.read { db in
            let rows = includeExpired
                ? try String.fetchAll(db, sql: "SELECT silence FROM alerting_silence ORDER BY ends_at, id")
                : try String.fetchAll(db, sql: "SELECT silence FROM alerting_silence WHERE ends_at > ? ORDER BY ends_at, id",
                                      arguments: [now])
            return rows.compactMap { try? JSONDecoder().decode(Silence.self, from: Data($0.utf8)) }
        }
    }

    /// The silence with `id`, if any.
    public func silence(id: String) throws -> Silence? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT silence FROM alerting_silence WHERE id = ?", arguments: [id])
                .flatMap { try? JSONDecoder().decode(Silence.self, from: Data($0.utf8)) }
        }
    }

    /// Ends the silence `id` at `now`. Returns false when there is no such silence or it had
    /// already ended.
    @discardableResult
    public func expire(id: String, now: Double) throws -> Bool {
        guard var silence = try silence(id: id), silence.endsAt > now else { return false }
        silence.endsAt = max(silence.startsAt, now)
        if silence.endsAt == silence.startsAt { silence.startsAt = now - 0.001; silence.endsAt = now }
        let text = String(decoding: try JSONEncoder().encode(silence), as: UTF8.self)
        try writer.write { db in
            try db.execute(sql: "UPDATE alerting_silence SET silence = ?, starts_at = ?, ends_at = ? WHERE id = ?",
                           arguments: [text, silence.startsAt, silence.endsAt, id])
        }
        return true
    }

    /// Deletes silences that ended more than `age` seconds before `now`.
    @discardableResult
    public func purge(now: Double, age: Double = 7 * 86_400) throws -> Int {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM alerting_silence WHERE ends_at < ?", arguments: [now - age])
            return db.changesCount
        }
    }
}
