/// The peering LAN, for its page.
public struct LANView: Sendable, Hashable, Codable {
    /// Whether a capture runs at all.
    public var captureRunning: Bool
    /// Frames per minute of each traffic class over the last 6 hours, classes with traffic only.
    public var classes: [ClassSeries]
    /// Sources that broke a rule lately, most frames first.
    public var offenders: [LANOffender]
    /// ARP frames per minute over the last 6 hours.
    public var arpFrames: DashboardSeries
    /// Neighbour-discovery frames per minute over the last 6 hours.
    public var ndFrames: DashboardSeries
    /// BGP sessions between members and the route servers the capture sees, over the last 6 hours.
    public var routeServerSessions: DashboardSeries
    /// Members the capture sees without a route-server session.
    public var membersWithoutRouteServerSession: [UInt32]
    /// Frames captured and dropped in the last interval.
    public var receivedFrames: Double?
    /// See `receivedFrames`.
    public var droppedFrames: Double?

    /// A LAN view.
    public init(captureRunning: Bool, classes: [ClassSeries], offenders: [LANOffender], arpFrames: DashboardSeries,
                ndFrames: DashboardSeries, routeServerSessions: DashboardSeries, membersWithoutRouteServerSession: [UInt32],
                receivedFrames: Double?, droppedFrames: Double?) {
        self.captureRunning = captureRunning
        self.classes = classes
        self.offenders = offenders
        self.arpFrames = arpFrames
        self.ndFrames = ndFrames
        self.routeServerSessions = routeServerSessions
        self.membersWithoutRouteServerSession = membersWithoutRouteServerSession
        self.receivedFrames = receivedFrames
        self.droppedFrames = droppedFrames
    }
}

/// Frames per minute of one traffic class.
public struct ClassSeries: Sendable, Hashable, Codable {
    /// The class, e.g. `stp`.
    public var name: String
    /// Whether frames of this class should never be on a peering LAN.
    public var forbidden: Bool
    /// Frames per minute.
    public var series: DashboardSeries

    /// A class series.
    public init(name: String, forbidden: Bool, series: DashboardSeries) {
        self.name = name
        self.forbidden = forbidden
        self.series = series
    }
}

/// A source of frames that break the LAN's rules.
public struct LANOffender: Sendable, Hashable, Codable {
    /// The rule, e.g. `stp`, `ipv6_ra`.
    public var rule: String
    /// critical, warning or info.
    public var severity: String
    /// The source MAC address.
    public var mac: String
    /// The member it belongs to, if known.
    public var memberASN: UInt32?
    /// Frames seen.
    public var frames: Int
    /// One offending frame, decoded.
    public var example: String?

    /// An offender.
    public init(rule: String, severity: String, mac: String, memberASN: UInt32?, frames: Int, example: String?) {
        self.rule = rule
        self.severity = severity
        self.mac = mac
        self.memberASN = memberASN
        self.frames = frames
        self.example = example
    }
}
