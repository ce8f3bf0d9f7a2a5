import IXPCore
import TimeSeries

/// The switches' software and hardware over time, from the `ixp_switch_info{switch, software,
/// model}` keys the interface probe writes (one key per software and model a switch reported)
/// and their uptime (`ixp_switch_uptime_seconds`): when each switch last changed, and whether
/// it is known unchanged over a window.
struct SwitchSoftwareHistory {
    /// A switch's uptime as last polled.
    struct Uptime {
        var switchName: String
        var seconds: Double
    }

    /// How many switches report their software.
    private(set) var count = 0
    /// `sw1: EOS 4.28.3M (DCS-7280SR)`, the current software and model of each switch.
    private(set) var software: [String] = []
    /// The newest change: when a switch's current key first had data, after another key.
    private(set) var lastChange: (time: Double, switchName: String)?
    /// The switches known unchanged over the whole window.
    private(set) var unchanged: [String] = []
    /// Whether every switch with a known software is known unchanged over the window or changed
    /// within it (false when no switch reports its software: nothing is known).
    private(set) var known = false
    /// The switches' uptimes, from polls less than a day old.
    private(set) var uptimes: [Uptime] = []

    /// Reads the history over `window` seconds before `context.now` (and a month more, to see
    /// the key that was current when the window began).
    init(_ context: DetectionContext, window: Double) {
        let now = context.now
        let from = now - window - 30 * 86_400
        let tier = context.tier(from: from, function: .maximum, minimumStep: 86_400)
        var keys: [String: [(first: Double, last: Double, key: SeriesKey)]] = [:]
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.switchInfo)) {
            guard let name = key[label: "switch"],
                  let range = context.store.query(key, tier: tier, from: from, to: now, function: .maximum),
                  let first = range.values.firstIndex(where: { !$0.isNaN }),
                  let last = range.values.lastIndex(where: { !$0.isNaN })
            else { continue }
            keys[name, default: []].append((range.start + Double(first) * range.step, range.start + Double(last) * range.step, key))
        }
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.switchUptime)) {
            guard let name = key[label: "switch"], let latest = context.store.latest(key), now - latest.timestamp <= 86_400,
                  latest.value.isFinite else { continue }
            uptimes.append(Uptime(switchName: name, seconds: latest.value))
        }
        uptimes.sort { $0.switchName < $1.switchName }
        count = keys.count
        known = !keys.isEmpty
        for (name, history) in keys.sorted(by: { $0.key < $1.key }) {
            guard let current = history.max(by: { ($0.last, $0.first) < ($1.last, $1.first) }) else { continue }
            let model = current.key[label: "model"] ?? ""
            software.append("\(name): \(current.key[label: "software"] ?? "?")" + (model.isEmpty ? "" : " (\(model))"))
            let changed = history.contains { $0.first < current.first }
            if changed, current.first > (lastChange?.time ?? -.infinity) { lastChange = (current.first, name) }
            let uptime = uptimes.first { $0.switchName == name }?.seconds ?? 0
            if changed ? now - current.first >= window : (now - current.first >= window || uptime >= window) {
                unchanged.append(name)
            } else if !changed {
                known = false  // history too short, and no uptime long enough to vouch for it
            }
        }
    }
}
