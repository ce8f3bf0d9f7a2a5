public import Members
public import TimeSeries
public import IXPCore

/// Everything one evaluation looks at: the clock, the store's history, the member list and its
/// history, the probes' health and the peering LAN. Views that several rules share (the port
/// inventory, each port's percentiles, the exchange's daily peaks) are computed once per
/// evaluation, from the store's tiers, never by rescanning raw data.
///
/// Not thread-safe: one evaluation runs on one thread.
public final class DetectionContext {
    /// The evaluation's time (seconds since the epoch).
    public let now: Double
    /// The history.
    public let store: TimeSeriesStore
    /// The configuration.
    public let configuration: DetectionConfiguration
    /// The current member list, if one is configured and was ever loaded.
    public let members: MemberRegistry?
    /// Joins and leaves over time, if known.
    public let membership: MembershipHistory?
    /// PeeringDB's view of the exchange, if configured.
    public let peeringDB: PeeringDBExchange?
    /// Whether the member list loads.
    public let memberListStatus: MemberListStatus?
    /// The probes' runs.
    public let probes: [ProbeStatus]
    /// The peering-LAN capture's last interval, if a capture runs.
    public let lan: LANObservations?
    /// State rules keep between evaluations (Holt-Winters per port), persisted with the findings.
    public let ruleState: RuleStateBox
    /// The agent's own active findings and what was done about them; nil where the agent's
    /// findings are not known (a report from a history file).
    public let findingHistory: FindingHistory?

    /// A context.
    public init(now: Double, store: TimeSeriesStore, configuration: DetectionConfiguration = DetectionConfiguration(),
                members: MemberRegistry? = nil, membership: MembershipHistory? = nil, peeringDB: PeeringDBExchange? = nil,
                memberListStatus: MemberListStatus? = nil, probes: [ProbeStatus] = [], lan: LANObservations? = nil,
                ruleState: RuleStateBox = RuleStateBox(), findingHistory: FindingHistory? = nil) {
        self.now = now
        self.store = store
        self.configuration = configuration
        self.members = members
        self.membership = membership
        self.peeringDB = peeringDB
        self.memberListStatus = memberListStatus
        self.probes = probes
        self.lan = lan
        self.ruleState = ruleState
        self.findingHistory = findingHistory
    }

    /// The settings of `rule`.
    public func settings(_ rule: RuleID) -> RuleSettings { configuration.settings(for: rule) }

    /// The thresholds `definition`'s rule id runs with, as its rule declared them.
    public func thresholds<Thresholds>(_ definition: RuleDefinition<Thresholds>) -> Thresholds {
        configuration.thresholds(definition)
    }

    // MARK: - Shared views

    /// The ports the store knows, with their newest status.
    public private(set) lazy var inventory: PortInventory = PortInventory.load(
        from: store, now: now, staleAfter: max(store.configuration.staleAfter, 3 * Double(store.configuration.tiers[0].step)))

    /// The member ports.
    public private(set) lazy var memberPorts: [MonitoredPort] = inventory.memberPorts

    /// The keys of the member ports' received bytes: the exchange's aggregate traffic is their sum.
    public private(set) lazy var memberReceiveKeys: [SeriesKey] = memberKeys([StoreSeries.receiveBytes])

    /// The keys of the series `names` of each member port, port after port (`memberPorts` order).
    func memberKeys(_ names: [String]) -> [SeriesKey] {
        if let cached = memberKeyCache[names] { return cached }
        var keys: [SeriesKey] = []
        keys.reserveCapacity(memberPorts.count * names.count)
        for port in memberPorts {
            guard let first = names.first else { break }
            let key = port.key(first)
            keys.append(key)
            for name in names.dropFirst() { keys.append(key.renamed(name)) }
        }
        memberKeyCache[names] = keys
        return keys
    }
    private var memberKeyCache: [[String]: [SeriesKey]] = [:]

    /// Member ports read per lock round trip of the store.
    private static let portsPerRead = 256

    /// Reads the series `names` of every member port over `from...to` from one tier, a chunk of
    /// ports per store read, and calls `body` with each port's index in `memberPorts` and its
    /// rows: `rows[i]` holds the values of `names[i]`, nil where the store has no such series
    /// (as `store.query(key, tier:from:to:function:)` reads them). Calls nothing when the tier
    /// does not keep `function` or the window is invalid.
    func forEachMemberPort(reading names: [String], tier: Int, from: Double, to: Double, function: ConsolidationFunction,
                           _ body: (Int, PortRows) -> Void) {
        let keys = memberKeys(names)
        let width = names.count
        var first = 0
        var previous: SeriesBlock?
        while first < memberPorts.count {
            let last = min(memberPorts.count, first + Self.portsPerRead)
            guard let block = store.query(Array(keys[(width * first)..<(width * last)]), tier: tier, from: from, to: to,
                                          function: function, reusing: previous.take())
            else { return }
            defer { previous = block }
            block.values.withUnsafeBufferPointer { values in
                block.found.withUnsafeBufferPointer { found in
                    for port in first..<last {
                        body(port, PortRows(values: values, found: found, width: block.width, first: (port - first) * width))
                    }
                }
            }
            first = last
        }
    }

    /// Reads both directions of every member port (received, transmitted bytes/s); see `forEachMemberPort`.
    private func forEachMemberTraffic(tier: Int, from: Double, to: Double, function: ConsolidationFunction,
                                      _ body: (Int, UnsafeBufferPointer<Double>?, UnsafeBufferPointer<Double>?) -> Void) {
        forEachMemberPort(reading: Self.trafficNames, tier: tier, from: from, to: to, function: function) { index, rows in
            body(index, rows[0], rows[1])
        }
    }
    static let trafficNames = [StoreSeries.receiveBytes, StoreSeries.transmitBytes]

    /// The finest tier with a step of at least `minimumStep` seconds that keeps `function` and
    /// reaches back to `from`; else the store's own choice for `from`.
    public func tier(from: Double, function: ConsolidationFunction, minimumStep: Double = 0) -> Int {
        let tiers = store.configuration.tiers
        let rawStep = Double(tiers[0].step)
        let newest = ((now / rawStep).rounded(.down) + 1) * rawStep
        for (index, tier) in tiers.enumerated() where Double(tier.step) >= minimumStep || index == tiers.count - 1 {
            guard index == 0 || tier.functions.contains(function) else { continue }
            if from >= newest - Double(tier.step * tier.rows) { return index }
        }
        return store.tier(covering: from, function: function)
    }

    /// Each day's peak of the exchange's aggregate traffic (bytes/s) over the last `days` days,
    /// oldest first, from the daily tier's maximum rings (each port's daily peak, summed: an
    /// upper bound of the aggregate's own peak, and the same measure for every day compared).
    public func dailyPeaks(days: Int) -> [DailyPeak] {
        let key = days
        if let cached = dailyPeakCache[key] { return cached }
        let dayStart = (now / 86_400).rounded(.down) * 86_400
        let from = dayStart - Double(days) * 86_400
        let to = dayStart - 1  // today's peak is not complete
        let tier = self.tier(from: from, function: .maximum, minimumStep: 86_400)
        var peaks: [DailyPeak] = []
        if let range = store.sum(of: memberReceiveKeys, tier: tier, from: from, to: to, function: .maximum) {
            var byDay: [Double: Double] = [:]
            for (index, value) in range.values.enumerated() where !value.isNaN {
                let day = ((range.start + Double(index) * range.step) / 86_400).rounded(.down) * 86_400
                byDay[day] = max(byDay[day] ?? -.infinity, value)
            }
            var day = from
            while day <= to {
                peaks.append(DailyPeak(day: day, peak: byDay[day] ?? .nan))
                day += 86_400
            }
        }
        dailyPeakCache[key] = peaks
        return peaks
    }
    private var dailyPeakCache: [Int: [DailyPeak]] = [:]

    /// Per member, each day's peak of its connection (bytes/s) over the last `days` days, oldest
    /// first, NaN where the day is unknown; from the daily tier's maximum rings. Each port's
    /// daily peak is summed over the member's ports per direction, and the larger direction
    /// counts: for a LAG or several ports the same upper bound as `dailyPeaks` is for the
    /// exchange. Every port of the member counts, administratively down or not, so traffic that
    /// moved to a new port stays in the member's total.
    public func memberDailyPeaks(days: Int) -> [UInt32: [Double]] {
        if let cached = memberPeakCache[days] { return cached }
        guard days > 0 else { return [:] }
        let dayStart = (now / 86_400).rounded(.down) * 86_400
        let from = dayStart - Double(days) * 86_400
        let to = dayStart - 1  // today's peak is not complete
        let tier = self.tier(from: from, function: .maximum, minimumStep: 86_400)
        let step = store.step(ofTier: tier) ?? 86_400
        let start = (from / step).rounded(.down) * step
        var sums: [UInt32: [[Double]]] = [:]
        var portPeaks = [Double](repeating: .nan, count: days)
        forEachMemberPort(reading: Self.trafficNames, tier: tier, from: from, to: to, function: .maximum) { index, rows in
            guard let asn = memberPorts[index].memberASN else { return }
            var member = sums[asn] ?? [[Double](repeating: .nan, count: days), [Double](repeating: .nan, count: days)]
            for direction in 0..<2 {
                guard let row = rows[direction] else { continue }
                for day in 0..<days { portPeaks[day] = .nan }
                for i in 0..<row.count where !row[i].isNaN {
                    let day = Int(((start + Double(i) * step - from) / 86_400).rounded(.down))
                    guard day >= 0, day < days else { continue }
                    if !(row[i] <= portPeaks[day]) { portPeaks[day] = row[i] }
                }
                for day in 0..<days where !portPeaks[day].isNaN {
                    member[direction][day] = member[direction][day].isNaN ? portPeaks[day] : member[direction][day] + portPeaks[day]
                }
            }
            sums[asn] = member
        }
        var result: [UInt32: [Double]] = [:]
        for (asn, member) in sums {
            result[asn] = (0..<days).map { day in
                let receive = member[0][day], transmit = member[1][day]
                return receive.isNaN ? transmit : (transmit.isNaN ? receive : max(receive, transmit))
            }
        }
        memberPeakCache[days] = result
        return result
    }
    private var memberPeakCache: [Int: [UInt32: [Double]]] = [:]

    /// A value several rules read, made by `make` once per evaluation and kept under `key`
    /// (e.g. the capacity runway, which `no_investment` also weighs).
    func shared<Value>(_ key: String, _ make: () -> Value) -> Value {
        if let cached = sharedValues[key] as? Value { return cached }
        let value = make()
        sharedValues[key] = value
        return value
    }
    private var sharedValues: [String: Any] = [:]

    /// Per member port, the p-th percentile over the last `seconds` of the larger of its two
    /// directions (bytes/s), from the finest tier of at least `minimumStep` covering the window,
    /// reading `function` rings; with the fraction of the window known.
    public func portPercentiles(_ p: Double, seconds: Double, function: ConsolidationFunction,
                                minimumStep: Double) -> [MonitoredPort: WindowStatistic] {
        let cacheKey = "\(p)|\(seconds)|\(function.rawValue)|\(minimumStep)"
        if let cached = percentileCache[cacheKey] { return cached }
        let from = now - seconds
        let tier = self.tier(from: from, function: function, minimumStep: minimumStep)
        var result: [MonitoredPort: WindowStatistic] = [:]
        result.reserveCapacity(memberPorts.count)
        var scratch: [Double] = []
        let window = EvidenceWindow(from: from, to: now)
        forEachMemberTraffic(tier: tier, from: from, to: now, function: function) { index, receive, transmit in
            guard let receive else { return }
            var known = 0
            scratch.removeAll(keepingCapacity: true)
            for index in 0..<receive.count {
                let inbound = receive[index]
                let outbound = transmit?[index] ?? .nan
                let value = inbound.isNaN ? outbound : (outbound.isNaN ? inbound : max(inbound, outbound))
                if !value.isNaN {
                    known += 1
                    scratch.append(value)
                }
            }
            result[memberPorts[index]] = WindowStatistic(value: Quantile.nearestRank(&scratch, p), known: known, total: receive.count,
                                                         window: window)
        }
        percentileCache[cacheKey] = result
        return result
    }
    private var percentileCache: [String: [MonitoredPort: WindowStatistic]] = [:]

    /// Per member, the mean of its ports' received traffic (bytes/s) over the last `seconds`,
    /// summed over its ports; with the fraction known.
    public func memberMeans(seconds: Double) -> [UInt32: WindowStatistic] {
        if let cached = meanCache[seconds] { return cached }
        let from = now - seconds
        let tier = self.tier(from: from, function: .average, minimumStep: min(3_600, seconds / 24))
        var result: [UInt32: WindowStatistic] = [:]
        forEachMemberTraffic(tier: tier, from: from, to: now, function: .average) { index, range, outbound in
            guard let asn = memberPorts[index].memberASN, let range else { return }
            var sum = 0.0, known = 0
            for index in 0..<range.count {
                let value = range[index]
                let other = outbound?[index] ?? .nan
                // A member exchanges traffic when either direction carries it; count the larger.
                let both = value.isNaN ? other : (other.isNaN ? value : max(value, other))
                if !both.isNaN {
                    sum += both
                    known += 1
                }
            }
            let mean = known > 0 ? sum / Double(known) : .nan
            var entry = result[asn] ?? WindowStatistic(value: .nan, known: 0, total: 0, window: EvidenceWindow(from: from, to: now))
            entry.value = entry.value.isNaN ? mean : (mean.isNaN ? entry.value : entry.value + mean)
            entry.known += known
            entry.total += range.count
            result[asn] = entry
        }
        meanCache[seconds] = result
        return result
    }
    private var meanCache: [Double: [UInt32: WindowStatistic]] = [:]

    /// The member's name from the list, else `AS…`.
    public func memberName(_ asn: UInt32) -> String {
        if let name = members?.member(asn: asn)?.name, !name.isEmpty { return "\(name) (AS\(asn))" }
        return "AS\(asn)"
    }

    /// How far back the store's history of member traffic reaches from now, in seconds (0 when none).
    public private(set) lazy var trafficHistorySpan: Double = {
        let peaks = dailyPeaks(days: 730)
        guard let first = peaks.first(where: { !$0.peak.isNaN }) else { return 0 }
        return now - first.day
    }()
}

/// The rows of one port in a block the context read: `rows[i]` is the i-th series asked for,
/// nil where the store has no such series. Valid only inside the reading call.
struct PortRows {
    let values: UnsafeBufferPointer<Double>
    let found: UnsafeBufferPointer<Bool>
    let width: Int
    let first: Int

    subscript(_ index: Int) -> UnsafeBufferPointer<Double>? {
        guard found[first + index], let base = values.baseAddress else { return nil }
        return UnsafeBufferPointer(start: base + (first + index) * width, count: width)
    }
}

/// A statistic over a window, with how much of the window was known.
public struct WindowStatistic: Sendable, Hashable {
    /// The value; NaN when nothing was known.
    public var value: Double
    /// Known values.
    public var known: Int
    /// Values in the window.
    public var total: Int
    /// The window.
    public var window: EvidenceWindow

    /// A statistic.
    public init(value: Double, known: Int, total: Int, window: EvidenceWindow) {
        self.value = value
        self.known = known
        self.total = total
        self.window = window
    }

    /// The fraction of the window known (0 for an empty window).
    public var knownFraction: Double { total > 0 ? Double(known) / Double(total) : 0 }
}
