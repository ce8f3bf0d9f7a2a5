import Foundation
public import GRDB

/// Keeps the detector's findings and the rules' state in the state database, so that a
/// restart neither forgets a firing finding nor re-announces it, and the traffic models
/// (Holt-Winters) keep what they learnt. Its tables are the detector's own (`detection_*`).
public struct FindingStore: Sendable {
    private let writer: any DatabaseWriter

    /// A store on `writer`, whose migrations (`registerMigrations`) have run.
    public init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Registers the detector's tables: findings and rule state (`detection.v1`), and the
    /// findings' acknowledgements (`detection.v2`, ``AcknowledgementStore``).
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("detection.v1") { db in
            try db.create(table: "detection_finding") { table in
                table.primaryKey("id", .text)
                table.column("rule", .text).notNull()
                table.column("state", .text).notNull()
                table.column("updated_at", .double).notNull()
                table.column("body", .blob).notNull()
            }
            try db.create(table: "detection_rule_state") { table in
                table.primaryKey("name", .text)
                table.column("updated_at", .double).notNull()
                table.column("body", .blob).notNull()
            }
        }
        migrator.registerMigration("detection.v2") { db in
            try AcknowledgementStore.createTable(db)
        }
    }

    /// Every stored finding; a row that cannot be decoded is skipped and named in `skipped`.
    public func loadFindings() throws -> (findings: [Finding], skipped: [String]) {
        try writer.read { db in
            var findings: [Finding] = []
            var skipped: [String] = []
            let decoder = JSONDecoder()
            for row in try Row.fetchAll(db, sql: "SELECT id, body FROM detection_finding") {
                let id: String = row["id"]
                let body: Data = row["body"]
                if let finding = try? decoder.decode(Finding.self, from: body) { findings.append(finding) } else { skipped.append(id) }
            }
            return (findings, skipped)
        }
    }

    /// Replaces the stored findings with `findings` in one transaction.
    public func saveFindings(_ findings: [Finding], at time: Double) throws {
        let encoder = JSONEncoder()
        let rows = try findings.map { ($0.id, $0.rule.rawValue, $0.state.rawValue, try encoder.encode($0)) }
        try writer.write { db in
            try db.execute(sql: "DELETE FROM detection_finding")
            for (id, rule, state, body) in rows {
                try db.execute(sql: "INSERT INTO detection_finding (id, rule, state, updated_at, body) VALUES (?, ?, ?, ?, ?)",
                               arguments: [id, rule, state, time, body])
            }
        }
    }

    /// The stored state `name`, decoded; nil when absent or unreadable.
    public func loadState<State: Decodable>(_ type: State.Type, name: String) throws -> State? {
        let body = try writer.read { db in
            try Data.fetchOne(db, sql: "SELECT body FROM detection_rule_state WHERE name = ?", arguments: [name])
        }
        return body.flatMap { try? JSONDecoder().decode(type, from: $0) }
    }

    /// Stores `state` as `name`.
    public func saveState<State: Encodable>(_ state: State, name: String, at time: Double) throws {
        let body = try JSONEncoder().encode(state)
        try writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO detection_rule_state (name, updated_at, body) VALUES (?, ?, ?)",
                           arguments: [name, time, body])
        }
    }
}
