/// The member ports whose utilisation over a window is beyond a fraction of their speed — the
/// scan the idle-port and outgrown-port symptoms share.
struct PortUtilisationScan {
    /// A port beyond the threshold, with its statistic.
    typealias Hit = (port: MonitoredPort, statistic: WindowStatistic)

    /// The ports beyond the threshold, ordered by utilisation (least used first when looking
    /// below it, fullest first when looking above).
    var hits: [Hit] = []
    /// Ports with a known speed and enough of the window known.
    var judged = 0
    /// The fraction of the window known over every port with a speed.
    var knownFraction = 0.0

    /// Scans `statistics` (per port, bytes/s) against `fraction` of each port's speed: ports
    /// below it when `below`, else above it. Ports with less than `minimumKnown` of the window
    /// known are not judged. Scans `ports` (default: every member port).
    init(_ context: DetectionContext, ports: [MonitoredPort]? = nil, statistics: [MonitoredPort: WindowStatistic], fraction: Double,
         below: Bool, minimumKnown: Double) {
        var known = 0, total = 0
        for port in ports ?? context.memberPorts where port.speedBytesPerSecond > 0 {
            guard let statistic = statistics[port] else { continue }
            known += statistic.known
            total += statistic.total
            guard statistic.knownFraction >= minimumKnown else { continue }
            judged += 1
            let limit = fraction * port.speedBytesPerSecond
            if below ? statistic.value < limit : statistic.value > limit { hits.append((port, statistic)) }
        }
        hits.sort {
            let left = $0.statistic.value / $0.port.speedBytesPerSecond, right = $1.statistic.value / $1.port.speedBytesPerSecond
            return below ? left < right : left > right
        }
        knownFraction = total > 0 ? Double(known) / Double(total) : 0
    }
}
