/// Why the listener's certificate or key cannot be used.
public struct HTTPTLSError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the file.
    public var message: String
    /// The file at fault.
    public var file: String

    /// An error with `message` about `file`.
    public init(_ message: String, file: String) {
        self.message = message
        self.file = file
    }

    /// The message.
    public var description: String { message }
}
