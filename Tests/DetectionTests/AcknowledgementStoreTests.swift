import Foundation
import GRDB
import IXPCore
import StateDatabase
import Testing
@testable import Detection

/// The findings' acknowledgements in `state.sqlite`: the `detection.v2` migration adds their
/// table to a database made before it (keeping the findings), and the store acknowledges,
/// replaces, expires, withdraws and prunes.
@Suite struct AcknowledgementStoreTests {
    let now = 1_800_000_000.0

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Only the first detection migration, as a database written before acknowledgements.
    static func registerVersion1(_ migrator: inout DatabaseMigrator) {
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
    }

    @Test func theMigrationAddsTheTableToAnOlderDatabaseAndKeepsItsFindings() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let finding = Finding(rule: .portErrors, severity: .warning, subject: .port(switch: "sw1", interface: "Et1"),
                              summary: "errors", message: LocalizedText("port_errors.summary"), state: .firing,
                              firstSeen: now - 600, lastSeen: now, firingSince: now - 300)
        do {
            let old = try StateDatabase.open(directory: directory, migrations: [Self.registerVersion1])
            try FindingStore(writer: old).saveFindings([finding], at: now)
            #expect(try old.read { try $0.tableExists("detection_acknowledgement") } == false)
        }
        let writer = try StateDatabase.open(directory: directory, migrations: [FindingStore.registerMigrations])
        let applied = try writer.read { try DatabaseMigrator().appliedIdentifiers($0) }
        #expect(applied.contains("detection.v1") && applied.contains("detection.v2"))
        #expect(try writer.read { try $0.tableExists("detection_acknowledgement") })
        #expect(try FindingStore(writer: writer).loadFindings().findings.map(\.id) == [finding.id])
        let store = AcknowledgementStore(writer: writer)
        try store.acknowledge(FindingAcknowledgement(findingID: finding.id, by: "alice", comment: "optic ordered", at: now))
        // Reopened: the acknowledgement is still there, the migration does not run again.
        let reopened = try StateDatabase.open(directory: directory, migrations: [FindingStore.registerMigrations])
        #expect(try AcknowledgementStore(writer: reopened).inForce(now: now + 60)[finding.id]?.by == "alice")
    }

    @Test func acknowledgeReplaceExpireWithdrawAndPrune() throws {
        let writer = try StateDatabase.open(directory: nil, migrations: [FindingStore.registerMigrations])
        let store = AcknowledgementStore(writer: writer)
        try store.acknowledge(FindingAcknowledgement(findingID: "a|x", by: "alice", comment: "first", at: now))
        try store.acknowledge(FindingAcknowledgement(findingID: "a|x", by: "bob", comment: "second", at: now + 10))
        try store.acknowledge(FindingAcknowledgement(findingID: "b|y", by: "carol", comment: "for a day", at: now,
                                                     expiresAt: now + 86_400))
        try store.acknowledge(FindingAcknowledgement(findingID: "c|z", by: "dave", comment: "gone", at: now))
        var inForce = try store.inForce(now: now + 20)
        #expect(inForce.count == 3)
        #expect(inForce["a|x"]?.by == "bob" && inForce["a|x"]?.comment == "second")
        #expect(try store.inForce(now: now + 86_401)["b|y"] == nil, "expired")
        #expect(try store.withdraw(findingID: "a|x"))
        #expect(try store.withdraw(findingID: "a|x") == false)
        // c|z resolved: pruned with its finding; b|y kept while active.
        #expect(try store.prune(keeping: ["b|y"], now: now + 30) == 1)
        inForce = try store.inForce(now: now + 30)
        #expect(Array(inForce.keys) == ["b|y"])
        #expect(try store.prune(keeping: ["b|y"], now: now + 86_401) == 1, "an expired one is deleted")
    }

    @Test func theFingerprintIsStableAndURLSafe() {
        let id = "port_errors|sw1 Ethernet1/1"
        #expect(Finding.fingerprint(of: id) == Finding.fingerprint(of: id))
        #expect(Finding.fingerprint(of: id).count == 16)
        #expect(Finding.fingerprint(of: id).allSatisfy { $0.isHexDigit })
        #expect(Finding.fingerprint(of: id) != Finding.fingerprint(of: "port_errors|sw1 Ethernet1/2"))
        #expect(Finding.fingerprint(of: "") == "cbf29ce484222325", "FNV-1a 64 of nothing is its offset basis")
    }
}
