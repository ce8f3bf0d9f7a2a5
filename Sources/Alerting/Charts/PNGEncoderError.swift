/// Why an image cannot be written as PNG (a size or pixel buffer that does not fit, or zlib
/// failing to deflate the image data, which happens only when memory runs out).
public struct PNGEncoderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { "PNG: \(message)" }
}
