import Foundation
public import GRDB

/// The acknowledgements of findings (`POST /api/v1/findings/{id}/acknowledge`, `ixp-health
/// ack`), in the state database's `detection_acknowledgement` table, which
/// ``FindingStore/registerMigrations(in:)`` creates. One per finding: acknowledging again
/// replaces it. The detector deletes those of findings that are no longer active
/// (``prune(keeping:now:)``), so an acknowledgement ends when its finding resolves.
public struct AcknowledgementStore: Sendable {
    private let writer: any DatabaseWriter

    /// A store on `writer`, whose detection migrations have run.
    public init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Creates the table (migration `detection.v2`).
    static func createTable(_ db: Database) throws {
        try db.create(table: "detection_acknowledgement") { table in
            table.primaryKey("finding_id", .text)
            table.column("acknowledged_by", .text).notNull()
            table.column("comment", .text).notNull()
            table.column("acknowledged_at", .double).notNull()
            table.column("expires_at", .double)
        }
    }

    /// Stores `acknowledgement`, replacing an earlier one of the same finding.
    public func acknowledge(_ acknowledgement: FindingAcknowledgement) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO detection_acknowledgement (finding_id, acknowledged_by, comment, acknowledged_at, expires_at)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [acknowledgement.findingID, acknowledgement.by, acknowledgement.comment, acknowledgement.at,
                                 acknowledgement.expiresAt])
        }
    }

    /// Withdraws the acknowledgement of `findingID`; false when there was none.
    @discardableResult
    public func withdraw(findingID: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM detection_acknowledgement WHERE finding_id = ?", arguments: [findingID])
            return db.changesCount > 0
        }
    }

    /// The acknowledgements in force at `now`, by finding id.
    public func inForce(now: Double) throws -> [String: FindingAcknowledgement] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT finding_id, acknowledged_by, comment, acknowledged_at, expires_at FROM detection_acknowledgement
                WHERE expires_at IS NULL OR expires_at > ?
                """, arguments: [now])
            var byFinding: [String: FindingAcknowledgement] = [:]
            for row in rows {
                let acknowledgement = FindingAcknowledgement(findingID: row["finding_id"], by: row["acknowledged_by"],
                                                             comment: row["comment"], at: row["acknowledged_at"],
                                                             expiresAt: row["expires_at"])
                byFinding[acknowledgement.findingID] = acknowledgement
            }
            return byFinding
        }
    }

    /// Deletes the acknowledgements of findings not in `activeIDs` (resolved or gone) and
    /// those expired at `now`; returns how many.
    @discardableResult
    public func prune(keeping activeIDs: Set<String>, now: Double) throws -> Int {
        try writer.write { db in
            let ids = try String.fetchAll(db, sql: "SELECT finding_id FROM detection_acknowledgement")
            var removed = 0
            for id in ids where !activeIDs.contains(id) {
                try db.execute(sql: "DELETE FROM detection_acknowledgement WHERE finding_id = ?", arguments: [id])
                removed += db.changesCount
            }
            try db.execute(sql: "DELETE FROM detection_acknowledgement WHERE expires_at IS NOT NULL AND expires_at <= ?",
                           arguments: [now])
            return removed + db.changesCount
        }
    }
}
