/// One interface (or LAG) of a member's connection, from IX-F `if_list`.
public struct MemberPort: Sendable, Equatable, Codable {
    /// The exchange's ID of the switch the port is on (`switch_id`), when given.
    public var switchID: Int?
    /// The switch's name from the exchange's `ixp_list[].switch` list, when the list names it.
    public var switchName: String?
    /// The port speed in Mbit/s (`if_speed`, so 10G is 10000), when given.
    public var speedMbps: Int?
    /// The interface type (`if_type`, e.g. `LR4`), when given.
    public var ifType: String?

    /// A port.
    public init(switchID: Int? = nil, switchName: String? = nil, speedMbps: Int? = nil, ifType: String? = nil) {
        self.switchID = switchID
        self.switchName = switchName
        self.speedMbps = speedMbps
        self.ifType = ifType
    }
}
