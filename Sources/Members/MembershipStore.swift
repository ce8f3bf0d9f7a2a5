import Foundation
public import GRDB

/// The membership history in the state database: every member-list snapshot (when, how many,
/// from where), who was in it, the joins and leaves derived from them, and the last good list.
///
/// Tables (all `members_*`, created by ``registerMigrations(in:)``):
/// - `members_snapshot(at, set_id, member_count, source, timestamp)`: one row per recorded list;
/// - `members_set` / `members_set_member(set_id, asn, name, member_since)`: who was a member;
///   consecutive snapshots with the same members share one set, so an hourly refresh of an
///   unchanged list costs one small row;
/// - `members_event(kind, asn, name, at)`: the joins and leaves, recomputed from the snapshots
///   whenever one is added (see ``MembershipHistory`` for how they are dated);
/// - `members_latest`: the newest recorded registry, encoded, for a restart while the source is
///   unreachable.
public struct MembershipStore: Sendable {
    private let writer: any DatabaseWriter

    /// A store on `writer` (a `DatabasePool` or `DatabaseQueue` on which
    /// ``registerMigrations(in:)`` has run, e.g. from `StateDatabase.open`).
    public init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Registers the store's migrations (ids `members.*`).
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("members.v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE members_set (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        member_count INTEGER NOT NULL
                    );
                    CREATE TABLE members_set_member (
                        set_id INTEGER NOT NULL REFERENCES members_set(id) ON DELETE CASCADE,
                        asn INTEGER NOT NULL,
                        name TEXT,
                        member_since REAL,
                        PRIMARY KEY (set_id, asn)
                    ) WITHOUT ROWID;
                    CREATE TABLE members_snapshot (
                        at REAL PRIMARY KEY NOT NULL,
                        set_id INTEGER NOT NULL REFERENCES members_set(id),
                        member_count INTEGER NOT NULL,
                        source TEXT NOT NULL,
                        timestamp TEXT
                    );
                    CREATE INDEX members_snapshot_set ON members_snapshot(set_id);
                    CREATE TABLE members_event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL CHECK (kind IN ('join', 'leave')),
                        asn INTEGER NOT NULL,
                        name TEXT,
                        at REAL NOT NULL
                    );
                    CREATE INDEX members_event_at ON members_event(at);
                    CREATE TABLE members_latest (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        at REAL NOT NULL,
                        source TEXT NOT NULL,
                        registry BLOB NOT NULL
                    );
                    """)
        }
    }

    /// Records `registry` as the member list current at `at` (epoch seconds; pass the list's
    /// ``MemberRegistry/timestampSeconds`` when it has one, else the fetch time), read from
    /// `source` (a path or URL, for the record). Returns the events this snapshot adds.
    ///
    /// Recording the same members at the same time again changes nothing and returns no events.
    /// A snapshot older than the newest (an archive loaded by `import --ixf`) is merged in
    /// chronological order and the events are recomputed; what it returns are the events that
    /// were not there before. Only the newest snapshot's registry is kept as
    /// ``latestRegistry()``.
    @discardableResult
    public func record(_ registry: MemberRegistry, at: Double, source: String) throws(MembershipStoreError) -> [MembershipEvent] {
        guard at.isFinite else { throw MembershipStoreError("membership snapshot from \(source): time is not finite") }
        let snapshot = MembershipSnapshot(at: at, registry: registry)
        let encoded: Data
        do {
            encoded = try JSONEncoder().encode(registry)
        } catch {
            throw MembershipStoreError("membership snapshot from \(source): cannot encode the registry: \(error)")
        }
        return try access("recording the member list from \(source)") {
            try writer.write { db in
                try Self.record(snapshot, registry: registry, encoded: encoded, source: source, in: db)
            }
        }
    }

    /// The membership history of all recorded snapshots.
    public func history() throws(MembershipStoreError) -> MembershipHistory {
        try access("reading the membership history") {
            try writer.read { db in try Self.history(in: db) }
        }
    }

    /// The stored join and leave events, ascending by time.
    public func events() throws(MembershipStoreError) -> [MembershipEvent] {
        try access("reading membership events") {
            try writer.read { db in try Self.storedEvents(in: db) }
        }
    }

    /// The newest recorded registry (the last good list), its time and source; nil when none
    /// was recorded.
    public func latestRegistry() throws(MembershipStoreError) -> (registry: MemberRegistry, at: Double, source: String)? {
        let row = try access("reading the last member list") {
            try writer.read { db in try Row.fetchOne(db, sql: "SELECT at, source, registry FROM members_latest WHERE id = 1") }
        }
        guard let row else { return nil }
        let data: Data = row["registry"]
        do {
            return (try JSONDecoder().decode(MemberRegistry.self, from: data), row["at"], row["source"])
        } catch {
            throw MembershipStoreError(
                "the stored member list cannot be decoded (\(error)); it is replaced at the next successful load")
        }
    }

    /// Runs a database access, turning its errors into ``MembershipStoreError``.
    private func access<T>(_ what: String, _ body: () throws -> T) throws(MembershipStoreError) -> T {
        do {
            return try body()
        } catch let error as MembershipStoreError {
            throw error
        } catch {
            throw MembershipStoreError("state database, \(what): \(error)")
        }
    }
}

extension MembershipStore {
    private static func record(
        _ snapshot: MembershipSnapshot, registry: MemberRegistry, encoded: Data, source: String, in db: Database
    ) throws -> [MembershipEvent] {
        let at = snapshot.at
        if let existing = try Int64.fetchOne(db, sql: "SELECT set_id FROM members_snapshot WHERE at = ?", arguments: [at]) {
            if try members(ofSet: existing, in: db) == snapshot.members {
                try updateLatest(at: at, source: source, encoded: encoded, in: db)
                return []
            }
            try db.execute(sql: "DELETE FROM members_snapshot WHERE at = ?", arguments: [at])
        }
        // Share the set of the snapshot just before, when the members are the same.
        var setID: Int64?
        if let previous = try Int64.fetchOne(
            db, sql: "SELECT set_id FROM members_snapshot WHERE at < ? ORDER BY at DESC LIMIT 1", arguments: [at]),
            try members(ofSet: previous, in: db) == snapshot.members
        {
            setID = previous
        }
        if setID == nil {
            try db.execute(sql: "INSERT INTO members_set (member_count) VALUES (?)", arguments: [snapshot.members.count])
            let id = db.lastInsertedRowID
            for entry in snapshot.members {
                try db.execute(
                    sql: "INSERT INTO members_set_member (set_id, asn, name, member_since) VALUES (?, ?, ?, ?)",
                    arguments: [id, Int64(entry.asn), entry.name, entry.memberSince])
            }
            setID = id
        }
        try db.execute(
            sql: "INSERT INTO members_snapshot (at, set_id, member_count, source, timestamp) VALUES (?, ?, ?, ?, ?)",
            arguments: [at, setID, snapshot.members.count, source, registry.timestamp])
        try db.execute(sql: "DELETE FROM members_set WHERE id NOT IN (SELECT set_id FROM members_snapshot)")

        let before = try storedEvents(in: db)
        let after = try history(in: db).events
        if before != after {
            try db.execute(sql: "DELETE FROM members_event")
            for event in after {
                try db.execute(
                    sql: "INSERT INTO members_event (kind, asn, name, at) VALUES (?, ?, ?, ?)",
                    arguments: [event.kind.rawValue, Int64(event.asn), event.name, event.at])
            }
        }
        try updateLatest(at: at, source: source, encoded: encoded, in: db)
        let known = Set(before)
        return after.filter { !known.contains($0) }
    }

    /// Replaces the last good list when `at` is not older than it.
    private static func updateLatest(at: Double, source: String, encoded: Data, in db: Database) throws {
        let newest = try Double.fetchOne(db, sql: "SELECT at FROM members_latest WHERE id = 1")
        guard newest.map({ at >= $0 }) ?? true else { return }
        try db.execute(
            sql: "INSERT OR REPLACE INTO members_latest (id, at, source, registry) VALUES (1, ?, ?, ?)",
            arguments: [at, source, encoded])
    }

    private static func members(ofSet id: Int64, in db: Database) throws -> [MembershipSnapshot.Entry] {
        try Row.fetchAll(
            db, sql: "SELECT asn, name, member_since FROM members_set_member WHERE set_id = ? ORDER BY asn",
            arguments: [id]
        ).compactMap(entry)
    }

    private static func entry(_ row: Row) -> MembershipSnapshot.Entry? {
        let asn: Int64 = row["asn"]
        guard let asn = UInt32(exactly: asn) else { return nil }
        return MembershipSnapshot.Entry(asn: asn, name: row["name"], memberSince: row["member_since"])
    }

    private static func history(in db: Database) throws -> MembershipHistory {
        var sets: [Int64: [MembershipSnapshot.Entry]] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT set_id, asn, name, member_since FROM members_set_member ORDER BY set_id, asn")
        {
            guard let entry = entry(row) else { continue }
            sets[row["set_id"], default: []].append(entry)
        }
        var snapshots: [MembershipSnapshot] = []
        for row in try Row.fetchAll(db, sql: "SELECT at, set_id FROM members_snapshot ORDER BY at") {
            // Snapshots of one set share one array, so the history compares them cheaply.
            snapshots.append(MembershipSnapshot(at: row["at"], sortedMembers: sets[row["set_id"]] ?? []))
        }
        return MembershipHistory(snapshots: snapshots)
    }

    private static func storedEvents(in db: Database) throws -> [MembershipEvent] {
        try Row.fetchAll(db, sql: "SELECT kind, asn, name, at FROM members_event ORDER BY id").compactMap { row in
            let asn: Int64 = row["asn"]
            guard let kind = MembershipEvent.Kind(rawValue: row["kind"]), let asn = UInt32(exactly: asn) else {
                return nil
            }
            return MembershipEvent(kind: kind, asn: asn, name: row["name"], at: row["at"])
        }
    }
}
