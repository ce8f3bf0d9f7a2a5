/// How to open a live capture.
public struct LiveCaptureOptions: Sendable, Equatable, Codable {
    /// The interface, e.g. `eth1` (a NIC on a monitor port of the peering LAN).
    public var interface: String
    /// A BPF filter expression (tcpdump syntax); empty for all frames.
    public var filter: String
    /// Bytes captured per frame; 256 holds every header the decoder reads.
    public var snapLength: Int
    /// The kernel capture buffer in bytes.
    public var bufferSize: Int
    /// Promiscuous mode.
    public var promiscuous: Bool
    /// How long a read waits before returning with no frame, in milliseconds.
    public var timeoutMilliseconds: Int
    /// The user to switch to after the device is open (nil: stay as is).
    public var dropPrivilegesTo: String?

    /// Options with the defaults above: snap length 256, 64 MiB buffer, promiscuous, 250 ms.
    public init(
        interface: String, filter: String = "", snapLength: Int = 256, bufferSize: Int = 64 << 20,
        promiscuous: Bool = true, timeoutMilliseconds: Int = 250, dropPrivilegesTo: String? = nil
    ) {
        self.interface = interface
        self.filter = filter
        self.snapLength = snapLength
        self.bufferSize = bufferSize
        self.promiscuous = promiscuous
        self.timeoutMilliseconds = timeoutMilliseconds
        self.dropPrivilegesTo = dropPrivilegesTo
    }
}
