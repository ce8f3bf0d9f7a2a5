/// libpcap's counters for a live capture (`pcap_stats`), cumulative since it was opened.
public struct CaptureStatistics: Sendable, Equatable {
    /// Frames the kernel handed to the capture.
    public var received: UInt64
    /// Frames dropped because the capture buffer was full.
    public var dropped: UInt64
    /// Frames dropped by the interface or its driver.
    public var droppedByInterface: UInt64

    /// Counters.
    public init(received: UInt64 = 0, dropped: UInt64 = 0, droppedByInterface: UInt64 = 0) {
        self.received = received
        self.dropped = dropped
        self.droppedByInterface = droppedByInterface
    }

    /// Drops as a fraction of frames seen (received + dropped), 0 when nothing was seen.
    public var dropRatio: Double {
        let seen = received + dropped
        return seen == 0 ? 0 : Double(dropped) / Double(seen)
    }
}
