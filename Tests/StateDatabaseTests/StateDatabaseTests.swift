import Foundation
import GRDB
import StateDatabase
import Testing

private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("state-db-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func registerExample(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("example.v1") { db in
        try db.execute(sql: "CREATE TABLE example_item (id INTEGER PRIMARY KEY, value TEXT NOT NULL)")
    }
}

private func registerOther(_ migrator: inout DatabaseMigrator) {
    migrator.registerMigration("other.v1") { db in
        try db.execute(sql: "CREATE TABLE other_item (id INTEGER PRIMARY KEY)")
    }
}

@Suite struct StateDatabaseTests {
    @Test func filePoolInWALModeRunsEveryModulesMigrations() throws {
        let directory = try temporaryDirectory().appendingPathComponent("nested/state")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent().deletingLastPathComponent()) }
        let writer = try StateDatabase.open(directory: directory, migrations: [registerExample, registerOther])
        #expect(writer is DatabasePool)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("state.sqlite").path))
        let mode = try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        try writer.write { db in try db.execute(sql: "INSERT INTO example_item (value) VALUES ('kept')") }
        let applied = try writer.read { db in try DatabaseMigrator().appliedIdentifiers(db) }
        #expect(applied == ["example.v1", "other.v1"])
    }

    @Test func reopenKeepsDataAndDoesNotRerunMigrations() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let writer = try StateDatabase.open(directory: directory, migrations: [registerExample])
            try writer.write { db in try db.execute(sql: "INSERT INTO example_item (value) VALUES ('kept')") }
        }
        let writer = try StateDatabase.open(directory: directory, migrations: [registerExample, registerOther])
        let value = try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM example_item") }
        #expect(value == "kept")
        let hasOther = try writer.read { db in try db.tableExists("other_item") }
        #expect(hasOther)
    }

    @Test func inMemoryWhenNoDirectory() throws {
        let writer = try StateDatabase.open(directory: nil, migrations: [registerExample])
        #expect(writer is DatabaseQueue)
        let exists = try writer.read { db in try db.tableExists("example_item") }
        #expect(exists)
    }

    @Test func aFileThatIsNotSQLiteGivesAClearError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        let garbage = String(repeating: "this is not an SQLite database, just text. ", count: 200)
        try Data(garbage.utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try StateDatabase.open(directory: directory, migrations: [registerExample])
        } throws: { error in
            guard let error = error as? StateDatabaseError else { return false }
            return error.path == path && "\(error)".hasPrefix(path) && error.message.contains("not an SQLite database")
        }
    }

    @Test func aDirectoryThatCannotBeCreatedGivesAClearError() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        #expect {
            _ = try StateDatabase.open(directory: file.appendingPathComponent("state"), migrations: [])
        } throws: { error in
            "\(error)".contains("plain-file/state/state.sqlite") && "\(error)".contains("cannot open")
        }
    }
}
