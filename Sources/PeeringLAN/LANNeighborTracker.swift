import PacketCapture
import IXPCore

/// Storms, flooders and dead targets of one neighbour protocol (ARP, or IPv6 ND), with every
/// table capped. Driven by `PeeringLANAnalyzer`, which tells it about frames and about the end
/// of each minute.
struct LANNeighborTracker {
    struct Source {
        /// The fixed window the latest request fell in, and the requests in it so far.
        var window: Int64 = .min
        var windowCount: UInt64 = 0
        /// The requests of the window before `window` (0 when that window saw none).
        var previousWindowCount: UInt64 = 0
        var second: Int64 = .min
        var secondCount: UInt64 = 0
        var peakSecond: UInt64 = 0
        var peakWindow: UInt64 = 0
        var flagged = false
    }

    struct Target {
        var minute: Int64 = .min
        var minuteCount: UInt64 = 0
        var requesters: [MACAddress] = []
        var streak = 0
        var lastQualifiedMinute: Int64 = .min
        var total: UInt64 = 0
        var peakRequesters = 0
        var firstRequest = DecodedFrame()
        var firstRequestTime: Int64 = 0
        var dead = false
    }

    struct StormMinute {
        var minute: Int64
        var requests: UInt64
        var frames: UInt64
    }

    /// A dead target newly found at the end of a minute.
    struct DeadEvent {
        var ip: IPAddress
        var requests: UInt64
        var firstRequest: DecodedFrame
        var firstRequestTime: Int64
    }

    let thresholds: PeeringLANConfiguration.NeighborThresholds
    let cap: Int
    private let flooderWindowNanoseconds: Int64
    private let flooderLimit: UInt64

    // Per-minute totals.
    private(set) var framesThisMinute: UInt64 = 0
    private(set) var requestsThisMinute: UInt64 = 0
    private(set) var peakPerMinute: UInt64 = 0
    private var history: [UInt32] = []
    private var historyNext = 0
    private var aboveMedianStreak = 0
    private(set) var storms: [StormMinute] = []
    private(set) var firstFrameThisMinute = DecodedFrame()
    private(set) var firstFrameTimeThisMinute: Int64 = 0

    // Flooders and dead targets.
    private(set) var sources: LANHashTable<MACAddress, Source>
    private(set) var targets: LANHashTable<IPAddress, Target>
    private var touched: [IPAddress] = []
    private var senders: LANHashTable<IPAddress, Int64>
    private(set) var overflow: UInt64 = 0

    init(thresholds: PeeringLANConfiguration.NeighborThresholds, cap: Int) {
        self.thresholds = thresholds
        self.cap = cap
        let windowSeconds = max(1, thresholds.flooderWindowSeconds)
        self.flooderWindowNanoseconds = Int64(windowSeconds) * 1_000_000_000
        self.flooderLimit = UInt64(max(0, (thresholds.flooderPerSecond * Double(windowSeconds)).rounded(.down)))
        self.sources = LANHashTable(limit: cap, placeholderKey: MACAddress(rawValue: 0), placeholderValue: Source())
        self.targets = LANHashTable(limit: cap, placeholderKey: .zero, placeholderValue: Target())
        self.senders = LANHashTable(limit: cap, placeholderKey: .zero, placeholderValue: 0)
    }

    /// Counts one frame of the protocol (request or reply) for the storm rule.
    mutating func countFrame(_ frame: DecodedFrame, at time: Int64) {
        if framesThisMinute == 0 {
            firstFrameThisMinute = frame
            firstFrameTimeThisMinute = time
        }
        framesThisMinute &+= 1
    }

    /// What a request said about its source and target.
    struct RequestOutcome {
        /// The source is (now or already) a flooder: count the request against it.
        var fromFlooder: Bool
        /// The target was found dead earlier: count the request against it.
        var forDeadTarget: Bool
    }

    /// Counts a request from `source` for `target`.
    mutating func request(
        from source: MACAddress, for target: IPAddress, frame: DecodedFrame, at time: Int64, minute: Int64
    ) -> RequestOutcome {
        var deadTarget = false
        requestsThisMinute &+= 1
        var isFlooder = false
        // Flooder: requests per source over a window sliding with each request, and per second.
        let window = time / flooderWindowNanoseconds
        let second = time / 1_000_000_000
        if let slot = sources.slot(of: source) {
            if sources[slot: slot].window != window {
                let following = sources[slot: slot].window &+ 1 == window
                sources[slot: slot].previousWindowCount = following ? sources[slot: slot].windowCount : 0
                sources[slot: slot].window = window
                sources[slot: slot].windowCount = 0
            }
            if sources[slot: slot].second != second {
                sources[slot: slot].second = second
                sources[slot: slot].secondCount = 0
            }
            sources[slot: slot].windowCount &+= 1
            sources[slot: slot].secondCount &+= 1
            let state = sources[slot: slot]
            let sliding = slidingCount(state, at: time)
            if state.secondCount > state.peakSecond { sources[slot: slot].peakSecond = state.secondCount }
            if sliding > state.peakWindow { sources[slot: slot].peakWindow = sliding }
            if !state.flagged && sliding > flooderLimit {
                sources[slot: slot].flagged = true
            }
            isFlooder = sources[slot: slot].flagged
        } else {
            var state = Source()
            state.window = window
            state.windowCount = 1
            state.second = second
            state.secondCount = 1
            state.peakSecond = 1
            state.peakWindow = 1
            if flooderLimit == 0 { state.flagged = true; isFlooder = true }
            if sources.insert(source, state) == nil { overflow &+= 1 }
        }
        // Dead target: requests per target per minute, by distinct requesters.
        if let slot = targets.slot(of: target) {
            if targets[slot: slot].minute != minute {
                targets[slot: slot].minute = minute
                targets[slot: slot].minuteCount = 0
                targets[slot: slot].requesters.removeAll(keepingCapacity: true)
                touched.append(target)
            }
            targets[slot: slot].minuteCount &+= 1
            targets[slot: slot].total &+= 1
            deadTarget = targets[slot: slot].dead
            if targets[slot: slot].requesters.count < 16 && !targets[slot: slot].requesters.contains(source) {
                targets[slot: slot].requesters.append(source)
            }
        } else {
            var state = Target()
            state.minute = minute
            state.minuteCount = 1
            state.total = 1
            state.requesters = [source]
            state.firstRequest = frame
            state.firstRequestTime = time
            if targets.insert(target, state) != nil {
                touched.append(target)
            } else {
                overflow &+= 1
            }
        }
        return RequestOutcome(fromFlooder: isFlooder, forDeadTarget: deadTarget)
    }

    /// The requests of `state`'s source in the window that ends at `time`: all of the current
    /// fixed window plus the part of the previous one still inside the sliding window, taking
    /// the previous window's requests as spread evenly over it (the usual two-bucket estimate:
    /// constant memory per source, no per-request timestamps).
    @inline(__always)
    private func slidingCount(_ state: Source, at time: Int64) -> UInt64 {
        guard state.previousWindowCount > 0 else { return state.windowCount }
        let elapsed = time - state.window &* flooderWindowNanoseconds
        let remaining = max(0, flooderWindowNanoseconds - elapsed)
        let carried = Double(state.previousWindowCount) * Double(remaining) / Double(flooderWindowNanoseconds)
        return state.windowCount &+ UInt64(carried.rounded(.down))
    }

    /// Records that `address` was seen as a sender (so it is alive) at `time`.
    mutating func sender(_ address: IPAddress, at time: Int64) {
        if let slot = senders.slot(of: address) {
            senders[slot: slot] = time
        } else if senders.insert(address, time) == nil {
            overflow &+= 1
        }
    }

    /// True when `target` has been found dead.
    func isDead(_ target: IPAddress) -> Bool {
        guard let slot = targets.slot(of: target) else { return false }
        return targets[slot: slot].dead
    }

    /// Ends `minute` (the one whose frames were counted): evaluates storms and dead targets,
    /// and resets the per-minute counts. Returns whether the minute was a storm, and the
    /// targets newly found dead.
    mutating func closeMinute(_ minute: Int64, now: Int64) -> (storm: Bool, dead: [DeadEvent]) {
        let frames = framesThisMinute
        peakPerMinute = max(peakPerMinute, frames)
        var storm = frames >= UInt64(max(1, thresholds.stormPerMinute))
        if history.count >= max(1, thresholds.stormMedianMinimumHistoryMinutes) {
            let median = LANNeighborTracker.median(history)
            if median > 0 && Double(frames) >= thresholds.stormMedianFactor * median {
                aboveMedianStreak += 1
            } else {
                aboveMedianStreak = 0
            }
            if aboveMedianStreak >= max(1, thresholds.stormMedianMinutes) { storm = true }
        }
        if storm && storms.count < cap {
            storms.append(StormMinute(minute: minute, requests: requestsThisMinute, frames: frames))
        }
        appendHistory(UInt32(clamping: frames))

        var dead: [DeadEvent] = []
        let silence = Int64(thresholds.deadSenderSilenceSeconds) * 1_000_000_000
        for address in touched {
            guard let slot = targets.slot(of: address) else { continue }
            var state = targets[slot: slot]
            guard state.minute == minute else { continue }
            let qualifies = state.minuteCount >= UInt64(max(1, thresholds.deadRequestsPerMinute))
                && state.requesters.count >= max(1, thresholds.deadMinimumRequesters)
            if qualifies {
                state.streak = state.lastQualifiedMinute == minute - 1 ? state.streak + 1 : 1
                state.lastQualifiedMinute = minute
                state.peakRequesters = max(state.peakRequesters, state.requesters.count)
                let lastSent = senders.value(for: address)
                let silent = lastSent.map { now - $0 >= silence } ?? true
                if !state.dead && state.streak >= max(1, thresholds.deadMinutes) && silent {
                    state.dead = true
                    dead.append(DeadEvent(
                        ip: address, requests: state.total, firstRequest: state.firstRequest,
                        firstRequestTime: state.firstRequestTime))
                }
            } else {
                state.streak = 0
            }
            targets[slot: slot] = state
        }
        touched.removeAll(keepingCapacity: true)
        framesThisMinute = 0
        requestsThisMinute = 0
        return (storm, dead)
    }

    /// Records `count` minutes without any frame (a gap in the capture).
    mutating func idleMinutes(_ count: Int64) {
        let fill = min(count, Int64(max(1, thresholds.stormMedianWindowMinutes)))
        for _ in 0..<max(0, fill) { appendHistory(0) }
        aboveMedianStreak = 0
    }

    private mutating func appendHistory(_ value: UInt32) {
        let window = max(1, thresholds.stormMedianWindowMinutes)
        if history.count < window {
            history.append(value)
        } else {
            history[historyNext] = value
            historyNext = (historyNext + 1) % window
        }
    }

    /// The per-minute frame counts of the median window, oldest first.
    var chronologicalHistory: [UInt32] {
        guard historyNext > 0, historyNext < history.count else { return history }
        return Array(history[historyNext...] + history[..<historyNext])
    }

    /// Replaces the history with `minutes` (oldest first; only the window's last ones are kept).
    mutating func seedHistory(_ minutes: [UInt32]) {
        history = Array(minutes.suffix(max(1, thresholds.stormMedianWindowMinutes)))
        historyNext = 0
        aboveMedianStreak = 0
    }

    /// The median of `values` (the mean of the two middle ones for an even count); 0 when empty.
    static func median(_ values: [UInt32]) -> Double {
        Percentile.median(values.lazy.map(Double.init)) ?? 0
    }
}
