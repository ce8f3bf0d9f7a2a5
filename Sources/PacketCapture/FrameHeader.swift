/// The capture metadata of one frame.
public struct FrameHeader: Sendable, Equatable {
    /// Capture time, nanoseconds since 1970-01-01 UTC.
    public var timestampNanoseconds: Int64
    /// Bytes captured (at most the snap length).
    public var capturedLength: Int
    /// Bytes on the wire.
    public var wireLength: Int

    /// A header.
    public init(timestampNanoseconds: Int64, capturedLength: Int, wireLength: Int) {
        self.timestampNanoseconds = timestampNanoseconds
        self.capturedLength = capturedLength
        self.wireLength = wireLength
    }
}
