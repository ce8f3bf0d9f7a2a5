import Foundation
import IXPCore

/// One port of a scenario, flattened, with what the generator needs to know about it.
struct PortEntry: Sendable {
    /// Position among all ports (a coordinate of the noise hash).
    let index: Int
    let port: ScenarioPort
    /// The member's ASN; nil for a core port.
    let asn: UInt32?
    /// Connected from (inclusive) until (exclusive).
    let from: Double, until: Double
    /// Growth is counted from here (the scenario start, or the join).
    let growthOrigin: Double
    /// Traffic ramps up linearly from `from` until here (joiners only).
    let rampEnd: Double
    /// Counter resets, sorted.
    let resets: [Double]

    var labels: [String: String] {
        ["switch": port.switchName, "interface": port.interface, "member_asn": asn.map(String.init) ?? ""]
    }
}

/// The step grid of a scenario and the exchange-wide factors at each step, shared by all ports.
struct TrafficGrid: Sendable {
    let start: Double
    let step: Int
    let count: Int
    /// diurnal × weekly × trend × dip, per step.
    var exchangeFactor: [Double]
    /// diurnal × weekly, per step (for idle ports).
    var shape: [Double]
    /// Whether the step falls in a gap (nothing is emitted then).
    var inGap: [Bool]

    func time(_ k: Int) -> Double { start + Double(k) * Double(step) }

    /// The first step at or after `time`, clamped to 0...count.
    func firstStep(atOrAfter time: Double) -> Int {
        guard time.isFinite else { return time < 0 ? 0 : count }
        let k = ((time - start) / Double(step)).rounded(.up)
        return Int(min(Double(count), max(0, k)))
    }
}

/// One generated series in the form a switch reports it: integer counter or gauge values at
/// integer timestamps (emitted samples only).
struct RawColumn {
    var times: [Int64] = []
    var values: [UInt64] = []
}

extension ExchangeScenario {
    static let secondsPerYear = 365.25 * 86_400
    static let secondsPerDay = 86_400.0

    /// Every port, members' first (in member order), then the core ports.
    var portEntries: [PortEntry] {
        var entries: [PortEntry] = []
        var resetsByPort: [String: [Double]] = [:]
        for reset in counterResets { resetsByPort[reset.switchName + "\u{1}" + reset.interface, default: []].append(reset.time) }
        func resets(_ port: ScenarioPort) -> [Double] { (resetsByPort[port.switchName + "\u{1}" + port.interface] ?? []).sorted() }
        for member in members {
            let joinsDuring = member.joined > start
            for port in member.ports {
                entries.append(PortEntry(
                    index: entries.count, port: port, asn: member.asn, from: max(member.joined, port.connectedFrom ?? -.infinity),
                    until: member.left ?? .infinity,
                    growthOrigin: max(start, member.joined),
                    rampEnd: joinsDuring ? member.joined + member.rampDays * Self.secondsPerDay : -.infinity,
                    resets: resets(port)))
            }
        }
        for port in corePorts {
            entries.append(PortEntry(index: entries.count, port: port, asn: nil, from: -.infinity, until: .infinity,
                                     growthOrigin: start, rampEnd: -.infinity, resets: resets(port)))
        }
        return entries
    }

    /// The diurnal factor at `time`: 1 at 20:00 local, `diurnalTrough` at 04:00, smooth between.
    public func diurnalFactor(at time: Double) -> Double {
        let local = time + utcOffsetHours * 3_600
        var hour = local.truncatingRemainder(dividingBy: Self.secondsPerDay) / 3_600
        if hour < 0 { hour += 24 }
        let value: Double
        if hour >= 4, hour < 20 {
            value = 0.5 - 0.5 * cos(Double.pi * (hour - 4) / 16)
        } else {
            let sincePeak = hour >= 20 ? hour - 20 : hour + 4
            value = 0.5 + 0.5 * cos(Double.pi * sincePeak / 8)
        }
        return diurnalTrough + (1 - diurnalTrough) * value
    }

    /// The weekly factor at `time`: `weekendFactor` on Saturdays and Sundays (local time), else 1.
    public func weeklyFactor(at time: Double) -> Double {
        let day = ((time + utcOffsetHours * 3_600) / Self.secondsPerDay).rounded(.down)
        let weekday = (Int(day) % 7 + 7 + 3) % 7  // 1970-01-01 was a Thursday; Monday = 0
        return weekday >= 5 ? weekendFactor : 1
    }

    /// The exchange-wide trend at `time` (piecewise linear through `trend`).
    public func trendFactor(at time: Double) -> Double {
        guard let first = trend.first else { return 1 }
        if time <= first.time { return first.factor }
        for (a, b) in zip(trend, trend.dropFirst()) where time < b.time {
            let span = b.time - a.time
            return span > 0 ? a.factor + (b.factor - a.factor) * (time - a.time) / span : b.factor
        }
        return trend[trend.count - 1].factor
    }

    /// The product of every dip's factor at `time`.
    public func dipFactor(at time: Double) -> Double {
        dips.reduce(1) { $0 * $1.factor(at: time) }
    }

    /// The noise-free receive rate of a member's port at a weekday's 20:00 peak (bytes/s) at
    /// `time`, dips excluded: 0 when the member is not connected.
    public func expectedPeak(of port: ScenarioPort, member: ScenarioMember, at time: Double) -> Double {
        guard member.isPresent(at: time), time >= port.connectedFrom ?? -.infinity else { return 0 }
        let joinsDuring = member.joined > start
        let entry = PortEntry(index: 0, port: port, asn: member.asn, from: member.joined, until: member.left ?? .infinity,
                              growthOrigin: max(start, member.joined),
                              rampEnd: joinsDuring ? member.joined + member.rampDays * Self.secondsPerDay : -.infinity, resets: [])
        return Self.receiveLevel(entry, time: time, exchange: trendFactor(at: time), shape: 1)
    }

    /// The noise-free weekday peak of a member's traffic (all its ports) at `time`, dips excluded.
    public func expectedPeak(of member: ScenarioMember, at time: Double) -> Double {
        member.ports.reduce(0) { $0 + expectedPeak(of: $1, member: member, at: time) }
    }

    /// The noise-free weekday peak of all member traffic at `time`, dips excluded.
    public func expectedTotalPeak(at time: Double) -> Double {
        members.reduce(0) { $0 + expectedPeak(of: $1, at: time) }
    }

    /// Receive rate before noise: `exchange` is the exchange-wide factor (trend × dip × shape)
    /// for normal traffic and `shape` the diurnal × weekly factor for idle traffic.
    @inline(__always)
    static func receiveLevel(_ entry: PortEntry, time: Double, exchange: Double, shape: Double) -> Double {
        let port = entry.port
        let idleRate = port.silentWhenIdle ? 0 : port.speed * ScenarioPort.idleLevel * shape
        if let idleFrom = port.idleFrom, time >= idleFrom { return idleRate }
        var level = port.peak * exchange
        if let shiftFrom = port.levelShiftFrom, time >= shiftFrom { level *= port.levelShiftFactor ?? 1 }
        if port.growthPerYear != 0 {
            level *= exp(log1p(port.growthPerYear) * (time - entry.growthOrigin) / secondsPerYear)
        }
        if time < entry.rampEnd {
            let rampSeconds = entry.rampEnd - entry.from
            level *= rampSeconds > 0 ? max(0.02, (time - entry.from) / rampSeconds) : 1
        }
        if let idleFrom = port.idleFrom {
            let fadeSeconds = ScenarioPort.idleRampDays * secondsPerDay
            if time > idleFrom - fadeSeconds {
                let remaining = (idleFrom - time) / fadeSeconds
                level = remaining * level + (1 - remaining) * port.speed * ScenarioPort.idleLevel * shape
            }
        }
        return level
    }

    /// The grid for `step`, with the exchange-wide factors precomputed.
    func grid(step: Int) -> TrafficGrid {
        let step = max(1, step)
        let count = max(0, Int(((end - start) / Double(step)).rounded(.up)))
        var exchangeFactor = [Double](repeating: 0, count: count)
        var shape = [Double](repeating: 0, count: count)
        var inGap = [Bool](repeating: false, count: count)
        for k in 0..<count {
            let time = start + Double(k) * Double(step)
            let weekly = diurnalFactor(at: time) * weeklyFactor(at: time)
            shape[k] = weekly
            exchangeFactor[k] = weekly * trendFactor(at: time) * dipFactor(at: time)
            inGap[k] = gaps.contains { $0.contains(time) }
        }
        return TrafficGrid(start: start, step: step, count: count, exchangeFactor: exchangeFactor, shape: shape, inGap: inGap)
    }

    @inline(__always)
    func noiseFactor(_ entry: PortEntry, _ metric: PortMetric, _ k: Int) -> Double {
        let u = SplitMix64.unit(SplitMix64.hash(seed, UInt64(entry.index), UInt64(metric.rawValue), UInt64(k)))
        return 1 + noise * (2 * u - 1)
    }

    @inline(__always)
    func uniform(_ entry: PortEntry, _ metric: PortMetric, _ k: Int) -> Double {
        SplitMix64.unit(SplitMix64.hash(seed ^ 0x5EED_F00D, UInt64(entry.index), UInt64(metric.rawValue), UInt64(k)))
    }

    /// The receive rate (bytes/s, with noise) of step `k`.
    @inline(__always)
    func receiveRate(_ entry: PortEntry, _ k: Int, grid: TrafficGrid) -> Double {
        let time = grid.time(k)
        return Self.receiveLevel(entry, time: time, exchange: grid.exchangeFactor[k], shape: grid.shape[k]) * noiseFactor(entry, .receiveBytes, k)
    }

    /// What the switch reports for `metric` of one port: counters integrate the rate of each
    /// step (and keep counting through gaps), gauges are sampled; only samples outside gaps and
    /// while the port is connected are emitted.
    func rawColumn(_ entry: PortEntry, _ metric: PortMetric, grid: TrafficGrid, into column: inout RawColumn) {
        column.times.removeAll(keepingCapacity: true)
        column.values.removeAll(keepingCapacity: true)
        let first = grid.firstStep(atOrAfter: entry.from)
        let last = grid.firstStep(atOrAfter: entry.until)
        guard first < last else { return }
        column.times.reserveCapacity(last - first)
        column.values.reserveCapacity(last - first)
        let step = Double(grid.step)
        let port = entry.port
        let idleFrom = port.idleFrom ?? .infinity
        var counter: UInt64 = 0
        if metric.isCounter {
            let bound: UInt64 = metric == .receiveBytes || metric == .transmitBytes ? 1_000_000_000_000 : 10_000
            counter = SplitMix64.hash(seed, UInt64(entry.index), UInt64(metric.rawValue), 0xC0_FFEE) % bound
        }
        var nextReset = 0
        let firstTime = grid.time(first)
        while nextReset < entry.resets.count, entry.resets[nextReset] <= firstTime { nextReset += 1 }  // before it reports
        let speedValue = UInt64(max(0, port.speed).rounded())
        for k in first..<last {
            let time = grid.time(k)
            var value: UInt64
            switch metric {
            case .up:
                value = port.silentWhenIdle && time >= idleFrom ? 0 : 1
            case .adminUp:
                value = port.adminDownWhenIdle && time >= idleFrom ? 0 : 1
            case .speed:
                value = speedValue
            case .receiveBytes, .transmitBytes, .receiveErrors, .receiveDiscards:
                var increment: Double
                switch metric {
                case .receiveBytes:
                    increment = receiveRate(entry, k, grid: grid) * step
                case .transmitBytes:
                    let level = Self.receiveLevel(entry, time: time, exchange: grid.exchangeFactor[k], shape: grid.shape[k])
                    increment = level * port.transmitRatio * noiseFactor(entry, .transmitBytes, k) * step
                case .receiveErrors:
                    increment = port.errorRate > 0 ? (port.errorRate * step + uniform(entry, metric, k)).rounded(.down) : 0
                default:
                    let utilisation = port.speed > 0 ? receiveRate(entry, k, grid: grid) / port.speed : 0
                    let perSecond = utilisation > 0.8 ? (utilisation - 0.8) * 50 : 0
                    increment = perSecond > 0 ? (perSecond * step + uniform(entry, metric, k)).rounded(.down) : 0
                }
                if k == first {
                    value = counter  // the counter as found when the port first reports
                } else if nextReset < entry.resets.count, time >= entry.resets[nextReset] {
                    while nextReset < entry.resets.count, time >= entry.resets[nextReset] { nextReset += 1 }
                    counter = 0
                    value = 0
                } else {
                    counter &+= UInt64(max(0, increment.rounded()))
                    value = counter
                }
            }
            if !grid.inGap[k] {
                column.times.append(Int64(time))
                column.values.append(value)
            }
        }
    }

    /// The store's view of a raw column: rates between consecutive emitted counter samples
    /// (NaN across a reset, none for the first sample), or the gauge values.
    static func storeValues(_ column: RawColumn, metric: PortMetric, timestamps: inout [Double], values: inout [Double]) {
        timestamps.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        let count = column.times.count
        guard count > 0 else { return }
        if metric.isCounter {
            guard count > 1 else { return }
            for index in 1..<count {
                let delta = Double(column.values[index]) - Double(column.values[index - 1])
                let seconds = Double(column.times[index] - column.times[index - 1])
                timestamps.append(Double(column.times[index]))
                values.append(delta >= 0 ? delta / seconds : .nan)
            }
        } else {
            for index in 0..<count {
                timestamps.append(Double(column.times[index]))
                values.append(Double(column.values[index]))
            }
        }
    }
}
