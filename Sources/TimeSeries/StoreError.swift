/// Errors of the time-series store, each with a message a person can act on.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The configuration is inconsistent; the message names the field.
    case invalidConfiguration(String)
    /// A file could not be read or written; `path`, the operation and the system's reason.
    case io(path: String, operation: String, reason: String)
    /// The state directory holds data written with a different shape.
    case incompatibleState(path: String, reason: String)
    /// A store without a directory cannot checkpoint.
    case notPersistent
    /// An import was refused before anything was committed.
    case importRefused(String)

    /// The message.
    public var description: String {
        switch self {
        case .invalidConfiguration(let message): return "invalid time-series configuration: \(message)"
        case .io(let path, let operation, let reason): return "\(path): \(operation) failed: \(reason)"
        case .incompatibleState(let path, let reason): return "\(path): \(reason)"
        case .notPersistent: return "the store has no state directory, so it cannot checkpoint"
        case .importRefused(let message): return "import refused, nothing was written: \(message)"
        }
    }
}
