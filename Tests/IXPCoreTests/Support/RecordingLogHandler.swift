import Logging
import Synchronization

/// A log handler that keeps what is logged, for tests that check what a service reports.
struct RecordingLogHandler: LogHandler {
    /// The messages logged through every copy of the handler, with their levels.
    final class Records: Sendable {
        private let entries = Mutex<[(level: Logger.Level, message: String)]>([])

        /// What was logged, oldest first.
        var all: [(level: Logger.Level, message: String)] { entries.withLock { $0 } }

        func append(_ level: Logger.Level, _ message: String) { entries.withLock { $0.append((level, message)) } }
    }

    let records: Records
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    /// A logger writing to a new handler, and the handler's records.
    static func logger() -> (Logger, Records) {
        let records = Records()
        return (Logger(label: "test") { _ in RecordingLogHandler(records: records) }, records)
    }

    func log(event: LogEvent) { records.append(event.level, event.message.description) }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
}
