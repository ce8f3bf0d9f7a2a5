import Foundation
import GRDB

/// The probes' learnt state (baselines) in the state database: one row per probe key, the
/// bytes the probe gave, and when they were saved. The agent owns the table `probe_state`;
/// probes only see their own bytes (`PersistentStateProbe`).
struct ProbeStateStore: Sendable {
    let writer: any DatabaseWriter

    /// Registers the table's migrations (ids prefixed `agent.`).
    static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("agent.probe_state.v1") { db in
            try db.execute(sql: """
                CREATE TABLE probe_state (
                    key TEXT PRIMARY KEY NOT NULL,
                    data BLOB NOT NULL,
                    saved_at REAL NOT NULL
                ) WITHOUT ROWID
                """)
        }
    }

    /// The bytes saved under `key`, or nil.
    func load(_ key: String) throws -> Data? {
        try writer.read { db in
            try Data.fetchOne(db, sql: "SELECT data FROM probe_state WHERE key = ?", arguments: [key])
        }
    }

    /// Saves `data` under `key`, replacing what was there.
    func save(_ key: String, _ data: Data, at time: Double) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO probe_state (key, data, saved_at) VALUES (?, ?, ?)",
                arguments: [key, data, time])
        }
    }
}
