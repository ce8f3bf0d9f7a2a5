public import Members
public import ProbeKit
public import TimeSeries
public import IXPCore

/// Reads one BIRD 2 route server over its control socket (`show status`, then
/// `show protocols all`) and exports, for each BGP neighbour: whether the session is up, its
/// state and how long it has been in it, and per channel the prefixes received, imported,
/// filtered and exported, against the member's IX-F `max_prefix` where the member list gives it.
///
/// Into the store go, per member (label `member_asn`) and route server: its established
/// sessions (`ixp_route_server_sessions`, the detector's authoritative input for
/// `no_route_server_session`), its prefixes received, and the largest share of its `max_prefix`
/// (`ixp_route_server_max_prefix_ratio`, for `route_server_max_prefix`). Exchange-wide, per
/// address family: the prefixes the route server holds (`show route count`, every collection)
/// and the distinct origin ASNs of its best routes (`show route primary`, every
/// `originInterval`), which `routes_available` reads.
public struct BIRDProbe: Probe {
    /// The route server read.
    public let routeServer: BIRDSettings.RouteServer
    private let members: MemberListFile?

    init(routeServer: BIRDSettings.RouteServer, members: MemberListFile?) {
        self.routeServer = routeServer
        self.members = members
    }

    /// A probe of `routeServer` without a member list (tests).
    public init(routeServer: BIRDSettings.RouteServer) {
        self.init(routeServer: routeServer, members: nil)
    }

    public var identity: ProbeIdentity { ProbeIdentity(kind: BIRDSettings.kindName, name: routeServer.name) }

    public var interval: Double { routeServer.interval }

    public func collect(at time: Double) async throws -> ProbeOutput {
        let replies = try await BIRDControlClient.query(
            routeServer.controlSocket, commands: ["show status", "show protocols all", "show route count"],
            timeout: routeServer.timeout, maxBytes: routeServer.maxBytes)
        guard replies.count == 3 else { throw ProbeError("\(routeServer.controlSocket): BIRD answered \(replies.count) of 3 commands") }
        let neighbors = try BIRDProtocolsParser.neighbors(replies[1])
        let serverTime = BIRDProtocolsParser.serverTime(replies[0])
        var output = Self.output(neighbors, routeServer: routeServer.name, serverTime: serverTime, members: members?.registry(), at: time)
        var origins: [String: Set<UInt32>]?
        if originPassIsDue(at: time) {
            // One line per prefix: a pass of its own, so that a table too large for the reply
            // limit costs the origin count only (unknown, with a warning), never the rest.
            do {
                let primary = try await BIRDControlClient.query(
                    routeServer.controlSocket, commands: ["show route primary"], timeout: routeServer.timeout, maxBytes: routeServer.maxBytes)
                origins = primary.first.map(BIRDRouteTableParser.originASNs)
            } catch {
                output.warnings.append("route server \(routeServer.name): origin ASNs not counted: \(error)")
            }
        }
        let routes = Self.routeOutput(BIRDRouteTableParser.counts(replies[2]), origins: origins, routeServer: routeServer, at: time)
        output.samples += routes.samples
        output.metrics += routes.metrics
        return output
    }

    /// Whether the collection at `time` runs the origin-ASN pass: the first collection in each
    /// `originInterval` (stateless: the one whose previous collection fell in the interval before).
    func originPassIsDue(at time: Double) -> Bool {
        let every = routeServer.originInterval
        guard every > 0 else { return false }
        return (time / every).rounded(.down) != ((time - routeServer.interval) / every).rounded(.down)
    }

    /// The exchange-wide routes on offer, per address family: the networks of the route
    /// server's IPv4 and IPv6 tables (`show route count`) and, when `origins` was read, the
    /// distinct origin ASNs of their best routes. Tables other than the two named are skipped.
    public static func routeOutput(_ tables: [BIRDRouteTableParser.Table], origins: [String: Set<UInt32>]?,
                                   routeServer: BIRDSettings.RouteServer, at time: Double) -> (samples: [Sample], metrics: [MetricFamily]) {
        var routes = MetricFamily(name: StoreSeries.routeServerRoutes, help: "Distinct prefixes (networks) the route server holds, per address family.", kind: .gauge)
        var originASNs = MetricFamily(name: StoreSeries.routeServerOriginASNs,
                                      help: "Distinct origin ASNs of the route server's best routes, per address family (counted every origin_interval).", kind: .gauge)
        var samples: [Sample] = []
        func add(_ family: inout MetricFamily, _ name: String, _ addressFamily: String, _ value: Int) {
            family.samples.append(MetricSample(labels: [("route_server", routeServer.name), ("family", addressFamily)], value: Double(value)))
            samples.append(Sample(key: SeriesKey(name: name, labels: ["route_server": routeServer.name, "family": addressFamily]),
                                  timestamp: time, value: Double(value)))
        }
        for table in tables {
            guard let family = routeServer.family(ofTable: table.name) else { continue }
            add(&routes, StoreSeries.routeServerRoutes, family, table.networks)
        }
        for (table, asns) in (origins ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let family = routeServer.family(ofTable: table) else { continue }
            add(&originASNs, StoreSeries.routeServerOriginASNs, family, asns.count)
        }
        return (samples, [routes, originASNs].filter { !$0.samples.isEmpty })
    }

    /// The metrics and store samples of `neighbors`, read from route server `routeServer`.
    public static func output(_ neighbors: [BIRDNeighbor], routeServer: String, serverTime: Double?, members: MemberRegistry?,
                              at time: Double) -> ProbeOutput {
        func family(_ name: String, _ help: String) -> MetricFamily { MetricFamily(name: name, help: help, kind: .gauge) }
        var up = family("ixp_route_server_session_up", "1 if the BGP session between the route server and the neighbour is established, else 0.")
        var info = family("ixp_route_server_session_info", "The BGP state of each route-server session and the member it maps to (always 1).")
        var stateSeconds = family("ixp_route_server_session_state_seconds", "How long the session has been in its current state (its uptime when established).")
        var received = family("ixp_route_server_prefixes_received", "Prefixes the neighbour announces to the route server (imported plus filtered), per address family.")
        var imported = family("ixp_route_server_prefixes_imported", "Prefixes from the neighbour that the route server's import filter accepted.")
        var filtered = family("ixp_route_server_prefixes_filtered", "Prefixes from the neighbour that the import filter rejected (counted when BIRD keeps filtered routes).")
        var exported = family("ixp_route_server_prefixes_exported", "Prefixes the route server sends to the neighbour.")
        var maxPrefix = family("ixp_route_server_max_prefix", "The member's max_prefix for the address family, from the IX-F member list.")
        var ratio = family("ixp_route_server_max_prefix_ratio", "Prefixes received over the member's max_prefix (a warning from 0.8).")
        var sessions: [UInt32: Int] = [:]
        var receivedByMember: [String: (asn: UInt32, family: String, count: Int)] = [:]
        var ratioByMember: [String: (asn: UInt32, family: String, ratio: Double)] = [:]
        var warnings: [String] = []

        for neighbor in neighbors {
            guard let asn = neighbor.neighborAS else {
                warnings.append("route server \(routeServer): protocol \(neighbor.name) gives no neighbour AS; skipped")
                continue
            }
            let member = members?.member(asn: asn)
            let labels: [(name: String, value: String)] = [
                ("route_server", routeServer), ("neighbor", neighbor.name), ("member_asn", String(asn)),
                ("address", neighbor.neighborAddress ?? ""),
            ]
            up.samples.append(MetricSample(labels: labels, value: neighbor.isEstablished ? 1 : 0))
            info.samples.append(MetricSample(
                labels: labels + [("bgp_state", neighbor.bgpState ?? neighbor.protocolState), ("member_name", member?.name ?? "")], value: 1))
            if let serverTime, let seconds = BIRDProtocolsParser.secondsInState(since: neighbor.since, now: serverTime) {
                stateSeconds.samples.append(MetricSample(labels: labels, value: seconds))
            }
            sessions[asn, default: 0] += neighbor.isEstablished ? 1 : 0
            guard neighbor.isEstablished else { continue }
            for channel in neighbor.channels {
                let channelLabels = labels + [("family", channel.family)]
                if let count = channel.received {
                    received.samples.append(MetricSample(labels: channelLabels, value: Double(count)))
                    let key = "\(asn)/\(channel.family)"
                    receivedByMember[key] = (asn, channel.family, (receivedByMember[key]?.count ?? 0) + count)
                }
                if let count = channel.imported { imported.samples.append(MetricSample(labels: channelLabels, value: Double(count))) }
                if let count = channel.filtered { filtered.samples.append(MetricSample(labels: channelLabels, value: Double(count))) }
                if let count = channel.exported { exported.samples.append(MetricSample(labels: channelLabels, value: Double(count))) }
                let limit = channel.family == "ipv6" ? member?.maxPrefixIPv6 : channel.family == "ipv4" ? member?.maxPrefixIPv4 : nil
                if let limit, limit > 0 {
                    maxPrefix.samples.append(MetricSample(labels: channelLabels, value: Double(limit)))
                    if let count = channel.received {
                        let share = Double(count) / Double(limit)
                        ratio.samples.append(MetricSample(labels: channelLabels, value: share))
                        let key = "\(asn)/\(channel.family)"
                        ratioByMember[key] = (asn, channel.family, max(ratioByMember[key]?.ratio ?? 0, share))
                    }
                }
            }
        }

        var samples: [Sample] = []
        for (asn, count) in sessions.sorted(by: { $0.key < $1.key }) {
            samples.append(Sample(key: SeriesKey(name: StoreSeries.routeServerBIRDSessions, labels: ["route_server": routeServer, "member_asn": String(asn)]),
                                  timestamp: time, value: Double(count)))
        }
        for (_, entry) in receivedByMember.sorted(by: { $0.key < $1.key }) {
            samples.append(Sample(key: SeriesKey(name: StoreSeries.routeServerPrefixesReceived, labels: [
                "route_server": routeServer, "member_asn": String(entry.asn), "family": entry.family]), timestamp: time, value: Double(entry.count)))
        }
        for (_, entry) in ratioByMember.sorted(by: { $0.key < $1.key }) {
            samples.append(Sample(key: SeriesKey(name: StoreSeries.routeServerMaxPrefixRatio, labels: [
                "route_server": routeServer, "member_asn": String(entry.asn), "family": entry.family]), timestamp: time, value: entry.ratio))
        }
        let families = [up, info, stateSeconds, received, imported, filtered, exported, maxPrefix, ratio].filter { !$0.samples.isEmpty }
        return ProbeOutput(samples: samples, metrics: families, warnings: warnings)
    }
}
