public import GRDB

extension Outbox {
    /// Registers the Alerting module's tables: the outbox, the notification log, the
    /// persisted counters and the silences. Migration ids start with `alerting.`.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("alerting.v1") { db in
            try db.execute(sql: """
                CREATE TABLE alerting_outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_id TEXT NOT NULL,
                    group_key TEXT NOT NULL,
                    sender TEXT NOT NULL,
                    recipients TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    data BLOB NOT NULL,
                    created_at REAL NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    last_error TEXT,
                    failure_reason TEXT,
                    delivered_at REAL,
                    UNIQUE (message_id, recipients)
                );
                CREATE INDEX alerting_outbox_due ON alerting_outbox (state, next_attempt_at);
                CREATE TABLE alerting_notification_log (
                    group_key TEXT PRIMARY KEY,
                    entry TEXT NOT NULL,
                    last_sent_at REAL NOT NULL,
                    expires_at REAL
                );
                CREATE TABLE alerting_counter (
                    name TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    value INTEGER NOT NULL,
                    PRIMARY KEY (name, reason)
                );
                CREATE TABLE alerting_silence (
                    id TEXT PRIMARY KEY,
                    silence TEXT NOT NULL,
                    starts_at REAL NOT NULL,
                    ends_at REAL NOT NULL
                );
                """)
        }
    }
}
