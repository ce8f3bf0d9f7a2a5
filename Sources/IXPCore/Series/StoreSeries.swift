/// The store series schema: every series name a probe writes to the store and others read
/// (the detector, the dashboard, the alert charts, the APIs), with its labels. The one owner of
/// these names: a probe writes through these constants and a reader selects through them, so a
/// renamed series is one change here. ``schema`` lists them all with their labels.
public enum StoreSeries {
    // MARK: Switch ports (IF-MIB probe, labels switch, interface, member_asn)

    /// Bytes/s into the exchange from the port.
    public static let receiveBytes = "ixp_interface_receive_bytes_per_second"
    /// Bytes/s out of the exchange to the port.
    public static let transmitBytes = "ixp_interface_transmit_bytes_per_second"
    /// Packets/s into the exchange, by `kind` (unicast, multicast, broadcast).
    public static let receivePackets = "ixp_interface_receive_packets_per_second"
    /// Packets/s out of the exchange, by `kind`.
    public static let transmitPackets = "ixp_interface_transmit_packets_per_second"
    /// Receive errors per second.
    public static let receiveErrors = "ixp_interface_receive_errors_per_second"
    /// Transmit errors per second.
    public static let transmitErrors = "ixp_interface_transmit_errors_per_second"
    /// Receive discards per second.
    public static let receiveDiscards = "ixp_interface_receive_discards_per_second"
    /// Transmit discards per second.
    public static let transmitDiscards = "ixp_interface_transmit_discards_per_second"
    /// 1 when the port is operationally up.
    public static let up = "ixp_interface_up"
    /// 1 when the port is administratively up.
    public static let adminUp = "ixp_interface_admin_up"
    /// Port speed, bytes/s.
    public static let speed = "ixp_interface_speed_bytes"
    /// Error and discard rates, per second.
    public static let errorSeries = [receiveErrors, transmitErrors, receiveDiscards, transmitDiscards]

    // MARK: Peering LAN (capture probe, label interface added by the probe)

    /// Frames per minute on the peering LAN, by traffic `class`.
    public static let lanFrames = "ixp_lan_frames_per_minute"
    /// Frames per minute that broke a peering-LAN rule (labels rule, severity).
    public static let lanViolations = "ixp_lan_violations_per_minute"
    /// ARP frames per minute.
    public static let lanARPFrames = "ixp_lan_arp_frames_per_minute"
    /// Neighbour solicitations and advertisements per minute.
    public static let lanNDFrames = "ixp_lan_nd_frames_per_minute"
    /// Frames per minute the capture saw from a member's MACs (label member_asn).
    public static let memberFrames = "ixp_lan_member_frames_per_minute"
    /// BGP sessions the capture saw between a member and the route servers (label member_asn).
    public static let routeServerSessions = "ixp_lan_route_server_sessions"

    // MARK: Route servers (BIRD probe, labels route_server, member_asn)

    /// Established BGP sessions of a member with a route server, read from the route server
    /// itself: the authoritative source where configured.
    public static let routeServerBIRDSessions = "ixp_route_server_sessions"
    /// Prefixes a member announces to a route server over its IX-F max_prefix (label family too).
    public static let routeServerMaxPrefixRatio = "ixp_route_server_max_prefix_ratio"
    /// Prefixes a member announces to a route server over an established session, per address
    /// `family`.
    public static let routeServerPrefixesReceived = "ixp_route_server_prefixes_received"
    /// Distinct prefixes (networks) a route server holds, per address `family` (labels
    /// route_server, family): the routes on offer through it.
    public static let routeServerRoutes = "ixp_route_server_routes"
    /// Distinct origin ASNs of a route server's best routes, per address `family` (labels
    /// route_server, family).
    public static let routeServerOriginASNs = "ixp_route_server_origin_asns"

    // MARK: Member pings (ping probe, labels member_asn, address, family)

    /// The share of a ping round's echo requests to a member router's address that got no reply.
    public static let pingLoss = "ixp_ping_loss_ratio"
    /// The median round trip of a ping round to a member router's address, in seconds.
    public static let pingMedian = "ixp_ping_rtt_median_seconds"

    // MARK: Declarative SNMP tables (Probes/*.yaml)

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

    // MARK: Switches (IF-MIB probe, label switch)

    /// 1 for the software and model a switch reports (labels switch, software, model), as
    /// node_exporter's `node_uname_info`: a new series key is a software or hardware change.
    public static let switchInfo = "ixp_switch_info"
    /// How long the switch's SNMP agent has been up, in seconds (label switch).
    public static let switchUptime = "ixp_switch_uptime_seconds"

    // MARK: sFlow (sFlow probe)

    /// Bytes/s from one member to another (labels src_asn, dst_asn; `other` for the pairs the
    /// probe does not list one by one).
    public static let sflowPairBytes = "ixp_sflow_member_pair_bytes_per_second"
    /// Bytes/s a member sends to other members (label member_asn).
    public static let sflowMemberSent = "ixp_sflow_member_sent_bytes_per_second"
    /// Bytes/s a member receives from other members (label member_asn).
    public static let sflowMemberReceived = "ixp_sflow_member_received_bytes_per_second"
    /// Bytes/s members send, exchange-wide, by `protocol` (ipv4, ipv6, arp, other).
    public static let sflowProtocolBytes = "ixp_sflow_protocol_bytes_per_second"

    /// Every series above with the labels its samples carry (in the order a probe writes them).
    public static let schema: [String: [String]] = {
        let port = ["switch", "interface", "member_asn"]
        let routeServer = ["route_server", "member_asn"]
        let ping = ["member_asn", "address", "family"]
        let optics = ["switch", "interface", "member_asn", "sensor"]
        let sensor = ["switch", "sensor", "description"]
        return [
            receiveBytes: port, transmitBytes: port, receivePackets: port + ["kind"], transmitPackets: port + ["kind"],
            receiveErrors: port, transmitErrors: port, receiveDiscards: port, transmitDiscards: port,
            up: port, adminUp: port, speed: port,
            lanFrames: ["class", "interface"], lanViolations: ["rule", "severity", "interface"],
            lanARPFrames: ["interface"], lanNDFrames: ["interface"],
            memberFrames: ["member_asn", "interface"], routeServerSessions: ["member_asn", "interface"],
            routeServerBIRDSessions: routeServer, routeServerMaxPrefixRatio: routeServer + ["family"],
            routeServerPrefixesReceived: routeServer + ["family"],
            routeServerRoutes: ["route_server", "family"], routeServerOriginASNs: ["route_server", "family"],
            pingLoss: ping, pingMedian: ping,
            opticsRxPower: optics, opticsRxLowAlarm: optics, opticsRxLowWarning: optics,
            lldpNeighborChange: ["switch", "interface", "member_asn", "previous", "current"],
            switchTemperature: sensor, switchTemperatureThreshold: sensor,
            sflowPairBytes: ["src_asn", "dst_asn"], sflowMemberSent: ["member_asn"], sflowMemberReceived: ["member_asn"],
            sflowProtocolBytes: ["protocol"],
            switchInfo: ["switch", "software", "model"], switchUptime: ["switch"],
        ]
    }()
}
