public import Foundation
public import GRDB

/// Opens the agent's state database, `state.sqlite` in the state directory, once; the modules
/// that keep state there (members, findings, the alert outbox) each register their own
/// migrations and then work on the writer it returns.
///
/// ```swift
/// let writer = try StateDatabase.open(
///     directory: stateDirectory,
///     migrations: [MembershipStore.registerMigrations, OtherStore.registerMigrations])
/// let membership = MembershipStore(writer: writer)
/// ```
public enum StateDatabase {
    /// The database's file name inside the state directory.
    public static let fileName = "state.sqlite"

    /// Opens (creating when needed) `<directory>/state.sqlite` as a `DatabasePool` in WAL mode,
    /// or an in-memory `DatabaseQueue` when `directory` is nil, and runs every registered
    /// migration that has not run yet. The directory is created when missing.
    ///
    /// Each function in `migrations` registers one module's migrations; their ids must be
    /// prefixed with the module's name (`members.v1`), as they share one migrator.
    public static func open(
        directory: URL?, migrations: [(inout DatabaseMigrator) -> Void]
    ) throws(StateDatabaseError) -> any DatabaseWriter {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "state"
        let path = directory?.appendingPathComponent(fileName).path ?? ":memory:"
        let writer: any DatabaseWriter
        do {
            if let directory {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                writer = try DatabasePool(path: path, configuration: configuration)
            } else {
                writer = try DatabaseQueue(configuration: configuration)
            }
        } catch {
            throw StateDatabaseError(path: path, message: "cannot open the state database: \(explain(error))")
        }
        var migrator = DatabaseMigrator()
        for register in migrations { register(&migrator) }
        do {
            try migrator.migrate(writer)
        } catch {
            throw StateDatabaseError(path: path, message: "cannot migrate the state database: \(explain(error))")
        }
        return writer
    }

    /// A sentence for an error, with advice for the cases a person can fix.
    private static func explain(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return "not an SQLite database (\(detail)); move the file away or restore it from a backup"
        case .SQLITE_CORRUPT:
            return "the database is corrupt (\(detail)); move the file away or restore it from a backup"
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
            return "cannot open or write the file (\(detail)); check the state directory's permissions"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "the database is locked (\(detail)); is another agent running on this state directory?"
        default:
            return detail
        }
    }
}
