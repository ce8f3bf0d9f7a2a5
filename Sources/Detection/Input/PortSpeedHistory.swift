import IXPCore
import TimeSeries

/// The member ports' speeds over a window, from `ixp_interface_speed_bytes`: the newest new
/// port speed (a port whose speed changed, or a port that appeared with a speed no port had
/// before), and whether the speeds' history reaches back over the window.
struct PortSpeedHistory {
    /// The newest new port speed: when, and on which port.
    private(set) var lastChange: (time: Double, port: String)?
    /// Whether the speeds are known from the window's first days (within 5 % of it).
    private(set) var coversWindow = false

    /// Reads the daily mean speeds of every member port over the `window` seconds before `context.now`.
    init(_ context: DetectionContext, window: Double) {
        let days = max(1, Int((window / 86_400).rounded()))
        let dayStart = (context.now / 86_400).rounded(.down) * 86_400
        let from = dayStart - Double(days) * 86_400
        let tier = context.tier(from: from, function: .average, minimumStep: 86_400)
        let step = context.store.step(ofTier: tier) ?? 86_400
        let start = (from / step).rounded(.down) * step
        var firstSeen: [Double: Int] = [:]       // speed → the first day any port had it
        var newPorts: [(day: Int, speed: Double, port: Int)] = []
        var earliest = Int.max
        var changes: [(day: Int, port: Int)] = []
        context.forEachMemberPort(reading: [StoreSeries.speed], tier: tier, from: from, to: dayStart - 1,
                                  function: .average) { index, rows in
            guard let row = rows[0] else { return }
            var previous: Double?
            var first: Int?
            for i in 0..<row.count where row[i].isFinite && row[i] > 0 {
                let day = Int(((start + Double(i) * step - from) / 86_400).rounded(.down))
                let speed = (row[i] / 1e6).rounded() * 1e6  // a day's mean blends a change: compare by the megabyte
                if first == nil {
                    first = day
                    newPorts.append((day, speed, index))
                }
                firstSeen[speed] = min(firstSeen[speed] ?? Int.max, day)
                if let previous, abs(speed - previous) > 0.01 * previous { changes.append((day, index)) }
                previous = speed
            }
            if let first { earliest = min(earliest, first) }
        }
        guard earliest != Int.max else { return }
        coversWindow = Double(earliest) <= 0.05 * Double(days)
        let grace = earliest + 7  // ports seen in the history's first week are the starting point, not new
        for port in newPorts where port.day > grace && firstSeen[port.speed] == port.day { changes.append((port.day, port.port)) }
        if let newest = changes.max(by: { $0.day < $1.day }) {
            lastChange = (from + Double(newest.day) * 86_400, context.memberPorts[newest.port].displayName)
        }
    }
}
