/// The store series the rules read, named as the probes write them.
public enum StoreSeries {
    /// Bytes/s into the exchange from the port (labels switch, interface, member_asn).
    public static let receiveBytes = "ixp_interface_receive_bytes_per_second"
    /// Bytes/s out of the exchange to the port.
    public static let transmitBytes = "ixp_interface_transmit_bytes_per_second"
    /// 1 when the port is operationally up.
    public static let up = "ixp_interface_up"
    /// 1 when the port is administratively up.
    public static let adminUp = "ixp_interface_admin_up"
    /// Port speed, bytes/s.
    public static let speed = "ixp_interface_speed_bytes"
    /// Error and discard rates, per second.
    public static let errorSeries = [
        "ixp_interface_receive_errors_per_second", "ixp_interface_transmit_errors_per_second",
        "ixp_interface_receive_discards_per_second", "ixp_interface_transmit_discards_per_second",
    ]
    /// Frames per minute the capture saw from a member's MACs (label member_asn).
    public static let memberFrames = "ixp_lan_member_frames_per_minute"
    /// BGP sessions the capture saw between a member and the route servers (label member_asn).
    public static let routeServerSessions = "ixp_lan_route_server_sessions"
    /// Established BGP sessions of a member with a route server, read from the route server
    /// itself (labels route_server, member_asn): the authoritative source where configured.
    public static let routeServerBIRDSessions = "ixp_route_server_sessions"
    /// Prefixes a member announces to a route server over its IX-F max_prefix (labels
    /// route_server, member_asn, family).
    public static let routeServerMaxPrefixRatio = "ixp_route_server_max_prefix_ratio"
    /// Prefixes a member announces to a route server over an established session, per address
    /// family (labels route_server, member_asn, family), from the route-server probe.
    public static let routeServerPrefixesReceived = "ixp_route_server_prefixes_received"
    /// The share of a ping round's echo requests to a member router's address that got no
    /// reply (labels member_asn, address, family).
    public static let pingLoss = "ixp_ping_loss_ratio"
    /// The median round trip of a ping round to a member router's address, in seconds.
    public static let pingMedian = "ixp_ping_rtt_median_seconds"
    /// Receive light level of a transceiver, dBm (labels switch, interface, member_asn, sensor).
    public static let opticsRxPower = "ixp_optics_rx_power_dbm"
    /// The module's receive low-alarm threshold, dBm (same labels as the reading).
    public static let opticsRxLowAlarm = "ixp_optics_rx_power_low_alarm_dbm"
    /// The module's receive low-warning threshold, dBm.
    public static let opticsRxLowWarning = "ixp_optics_rx_power_low_warning_dbm"
    /// When a port's LLDP neighbour last changed (labels switch, interface, member_asn, previous, current).
    public static let lldpNeighborChange = "ixp_lldp_neighbor_change_timestamp_seconds"
    /// A switch temperature sensor, °C (labels switch, sensor, description).
    public static let switchTemperature = "ixp_switch_temperature_celsius"
    /// The switch's own threshold for the sensor, °C (same labels).
    public static let switchTemperatureThreshold = "ixp_switch_temperature_threshold_celsius"
    /// Bytes/s from one member to another, from sFlow (labels src_asn, dst_asn; `other` for the
    /// pairs the probe does not list one by one).
    public static let sflowPairBytes = "ixp_sflow_member_pair_bytes_per_second"
    /// Bytes/s a member sends to other members, from sFlow (label member_asn).
    public static let sflowMemberSent = "ixp_sflow_member_sent_bytes_per_second"
    /// Bytes/s members send, exchange-wide, by protocol (label protocol: ipv4, ipv6, arp, other),
    /// from sFlow.
    public static let sflowProtocolBytes = "ixp_sflow_protocol_bytes_per_second"
    /// Bytes/s a member receives from other members, from sFlow (label member_asn).
    public static let sflowMemberReceived = "ixp_sflow_member_received_bytes_per_second"
}
