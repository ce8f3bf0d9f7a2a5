public import Alerting
public import Dashboard
public import Detection
import Foundation
import Members
import PacketCapture
import PeeringLAN
public import ProbeKit
import Synchronization
public import TimeSeries
public import IXPCore
import Presentation

/// The dashboard's data, read from what the agent already keeps: the store (traffic, ports,
/// LAN classes), the detector's state (report, findings, member list), the probes' statuses
/// and observations, the outbox and the silences. Reads only; the monthly 95th percentiles are
/// cached for five minutes (a new 5-minute sample at most).
public struct LiveDashboardSource: DashboardDataSource {
    let store: TimeSeriesStore
    let registry: MetricsRegistry
    let state: DetectionState
    /// The captures running now: asked on every read, so that after a reload (SIGHUP) the pages
    /// show the new generation's captures, not the stopped ones of the first.
    let currentObservationSources: @Sendable () -> [any ObservationSource]
    let outbox: Outbox?
    let silences: SilenceStore?
    /// The findings' acknowledgements, shown with the findings; nil: none are kept.
    public var acknowledgements: AcknowledgementStore? = nil
    let stateDirectory: String?
    let clock: @Sendable () -> Double

    private final class Cache: Sendable {
        let monthly = Mutex<(bucket: Double, values: [SeriesKey: (p95: Double, samples: Int)])?>(nil)
    }
    private let cache = Cache()

    public init(store: TimeSeriesStore, registry: MetricsRegistry, state: DetectionState,
         observationSources: @escaping @Sendable () -> [any ObservationSource],
         outbox: Outbox?, silences: SilenceStore?, stateDirectory: String?, clock: @escaping @Sendable () -> Double) {
        self.store = store
        self.registry = registry
        self.state = state
        self.currentObservationSources = observationSources
        self.outbox = outbox
        self.silences = silences
        self.stateDirectory = stateDirectory
        self.clock = clock
    }

    public var exchangeName: String {
        state.report?.exchange.name ?? state.members?.exchangeName ?? "ixp-health"
    }

    public var version: String { AgentBuildInfo.version }

    // MARK: Exchange

    public func exchange(language: Language) -> ExchangeView {
        let localizer = ReportLocalizer(language: language)
        let polled = store.keys(matching: SeriesSelector(name: StoreSeries.receiveBytes)).filter { $0[label: "switch"] != nil }
        let polledSwitches = Set(polled.compactMap { $0[label: "switch"] }).count
        guard let report = state.report else {
            return ExchangeView(name: exchangeName, evaluatedAt: nil, members: state.members?.activeMembers.count,
                                activeMembers: nil, ports: polled.filter(Self.isMemberPort).count, portsUp: nil,
                                capacityBitsPerSecond: nil, currentBitsPerSecond: nil, peakLastDayBitsPerSecond: nil,
                                symptoms: [], activeFindings: [], polledSwitches: polledSwitches, polledPorts: polled.count)
        }
        let overview = report.exchange
        let symptoms = localizer.orderedSymptoms(report).map { symptom in
            SymptomView(rule: symptom.rule.rawValue, title: localizer.title(of: symptom.rule), verdict: symptom.verdict,
                        summary: localizer.summary(of: symptom))
        }
        let active = findingViews(state.findings.filter { $0.state != .resolved }, language: language)
        return ExchangeView(
            name: overview.name, evaluatedAt: state.evaluatedAt, members: overview.members, activeMembers: overview.activeMembers,
            ports: overview.ports, portsUp: overview.portsUp, capacityBitsPerSecond: finite(overview.capacityBitsPerSecond),
            currentBitsPerSecond: finite(overview.traffic.currentBitsPerSecond),
            peakLastDayBitsPerSecond: finite(overview.traffic.peakLastDayBitsPerSecond), symptoms: symptoms, activeFindings: active,
            polledSwitches: polledSwitches, polledPorts: polled.count)
    }

    public func traffic(_ range: TrafficRange) -> TrafficHistory {
        let now = clock()
        // The members' traffic; when no port is mapped to a member, the polled ports' own.
        var keys = memberKeys(StoreSeries.receiveBytes)
        let unmapped = keys.isEmpty
        if unmapped { keys = store.keys(matching: SeriesSelector(name: StoreSeries.receiveBytes)) }
        let from = now - range.seconds
        if range.showsDailyPeaks {
            return TrafficHistory(range: range, series: dailyPeaks(keys: keys, from: from, to: now), ofUnmappedPorts: unmapped)
        }
        let tier = store.tier(covering: from, function: .average)
        guard let sum = store.sum(of: keys, tier: tier, from: from, to: now, function: .average) else {
            return TrafficHistory(range: range, series: .empty, ofUnmappedPorts: unmapped)
        }
        return TrafficHistory(range: range, series: DashboardSeries(start: sum.start, step: sum.step, nanValues: sum.values.map { $0 * 8 }),
                              ofUnmappedPorts: unmapped)
    }

    /// Each UTC day's peak of the sum of `keys`, bits per second.
    private func dailyPeaks(keys: [SeriesKey], from: Double, to: Double) -> DashboardSeries {
        let firstDay = (from / 86_400).rounded(.up) * 86_400
        let tier = store.tier(covering: firstDay, function: .maximum)
        guard let sum = store.sum(of: keys, tier: tier, from: firstDay, to: to, function: .maximum) else { return .empty }
        var peaks = [Double](repeating: .nan, count: max(1, Int(((to - firstDay) / 86_400).rounded(.up))))
        for (index, value) in sum.values.enumerated() where !value.isNaN {
            let day = Int(((sum.start + Double(index) * sum.step) - firstDay) / 86_400)
            guard day >= 0, day < peaks.count else { continue }
            if peaks[day].isNaN || value > peaks[day] { peaks[day] = value }
        }
        return DashboardSeries(start: firstDay, step: 86_400, nanValues: peaks.map { $0 * 8 })
    }

    // MARK: Members

    public func members(language: Language) -> [MemberRow] {
        let overviews = memberOverviews()
        let findingsByMember = activeFindingCounts()
        let sparklines = memberSeries(StoreSeries.receiveBytes, days: 7)
        return overviews.map { overview in
            row(overview, findings: findingsByMember[overview.asn] ?? 0, sparkline: sparklines[overview.asn] ?? .empty)
        }
    }

    /// The members without sparklines: `/members` reads the store for the page's only.
    public func membersForPaging(language: Language) -> [MemberRow] {
        let findingsByMember = activeFindingCounts()
        return memberOverviews().map { row($0, findings: findingsByMember[$0.asn] ?? 0, sparkline: .empty) }
    }

    public func memberSparklines(_ asns: [UInt32]) -> [UInt32: DashboardSeries] {
        memberSeries(StoreSeries.receiveBytes, days: 7, only: Set(asns))
    }

    public func member(asn: UInt32, language: Language) -> MemberDetail? {
        let overview = memberOverviews().first { $0.asn == asn }
        let listed = state.members?.member(asn: asn)
        guard overview != nil || listed != nil else { return nil }
        let summaryOverview = overview ?? MemberOverview(asn: asn, name: listed?.name, memberSince: listed?.memberSince, ports: [],
                                                         trafficP95BitsPerSecond: .nan, trafficShare: .nan,
                                                         routeServerSession: listed?.peersWithRouteServer)
        let trafficIn = memberSeries(StoreSeries.receiveBytes, days: 7, only: asn)[asn] ?? .empty
        let trafficOut = memberSeries(StoreSeries.transmitBytes, days: 7, only: asn)[asn] ?? .empty
        var errors: DashboardSeries = .empty
        for name in StoreSeries.errorSeries {
            let series = memberSeries(name, days: 7, only: asn, scale: 1)[asn] ?? .empty
            errors = errors.values.isEmpty ? series : Self.add(errors, series)
        }
        let ports = ports().ports.filter { $0.memberASN == asn }
        let macs = Self.macsSeen(listed: listed?.macAddresses ?? [], asn: asn, on: lanObservations())
        let addresses = ((listed?.ipv4Addresses ?? []) + (listed?.ipv6Addresses ?? [])).map {
            AddressSeen(address: $0, registered: true, framesPerMinute: nil)
        }
        let seenSessions = store.latest(SeriesKey(name: StoreSeries.routeServerSessions, labels: ["member_asn": String(asn)]))
        var sessions: [RouteServerSessionView] = []
        let routeServers = state.members?.routeServers ?? []
        for server in routeServers {
            let name = server.name ?? "AS\(server.asn)"
            sessions.append(RouteServerSessionView(
                routeServer: "\(name) \(server.addresses.joined(separator: ", "))",
                established: seenSessions.map { $0.value > 0 } ?? summaryOverview.routeServerSession,
                detail: seenSessions.map { "\(Int($0.value)) session(s) seen by the capture" } ?? "from the member list and the detector"))
        }
        if routeServers.isEmpty, let session = summaryOverview.routeServerSession ?? seenSessions.map({ $0.value > 0 }) {
            sessions.append(RouteServerSessionView(routeServer: "route servers", established: session, detail: ""))
        }
        let findings = findingViews(state.findings.filter { $0.memberASN == asn }, language: language)
        let summary = row(summaryOverview, findings: findings.filter { $0.state != .resolved }.count,
                          sparkline: memberSeries(StoreSeries.receiveBytes, days: 7, only: asn)[asn] ?? .empty)
        return MemberDetail(summary: summary, memberSince: summaryOverview.memberSince ?? listed?.memberSince, ports: ports,
                            trafficIn: trafficIn, trafficOut: trafficOut, errors: errors, macs: macs, addresses: addresses,
                            routeServerSessions: sessions, findings: findings, topPeers: topPeers(asn))
    }

    /// A member's MACs with the frames per minute the captures saw from each over their window
    /// (nil when they did not see it): the listed ones first, then any other the captures gave
    /// to the member through a violation (unregistered).
    static func macsSeen(listed: [String], asn: UInt32, on observations: LANObservations?) -> [AddressSeen] {
        func normalized(_ mac: String) -> String { MACAddress(mac)?.description ?? mac.lowercased() }
        let rates = observations?.framesPerMinuteByMAC ?? [:]
        var macs = listed.map { AddressSeen(address: $0, registered: true, framesPerMinute: rates[normalized($0)]) }
        let minutes = (observations?.seconds ?? 0) / 60
        for violation in observations?.violations ?? [] where violation.memberASN == asn
            && !macs.contains(where: { normalized($0.address) == normalized(violation.mac) }) {
            let rate = rates[normalized(violation.mac)] ?? (minutes > 0 ? Double(violation.frames) / minutes : nil)
            macs.append(AddressSeen(address: violation.mac, registered: false, framesPerMinute: rate))
        }
        return macs
    }

    /// The ten members `asn` exchanged most traffic with in the last day, from the sFlow pair
    /// series (pairs the probe lists one by one; `other` cannot be attributed): the mean rate of
    /// the known values (the raw tier, so a new agent shows its first minutes).
    func topPeers(_ asn: UInt32, days: Double = 1, count: Int = 10) -> [PeerTraffic] {
        let now = clock()
        let seconds = days * 86_400
        var sent: [UInt32: Double] = [:]
        var received: [UInt32: Double] = [:]
        for (direction, label, peerLabel) in [(0, "src_asn", "dst_asn"), (1, "dst_asn", "src_asn")] {
            let results = store.aggregateEach(.average, of: SeriesSelector(name: StoreSeries.sflowPairBytes, matching: [label: String(asn)]),
                                              from: now - seconds, to: now)
            for (key, result) in results where result.value.isFinite && result.value > 0 {
                guard let peer = key[label: peerLabel].flatMap({ UInt32($0) }), peer != asn else { continue }
                if direction == 0 { sent[peer, default: 0] += result.value * 8 } else { received[peer, default: 0] += result.value * 8 }
            }
        }
        return Set(sent.keys).union(received.keys).map { peer in
            PeerTraffic(asn: peer, name: state.members?.member(asn: peer)?.name ?? "", sentBitsPerSecond: sent[peer] ?? 0,
                        receivedBitsPerSecond: received[peer] ?? 0)
        }.sorted {
            let left = $0.sentBitsPerSecond + $0.receivedBitsPerSecond, right = $1.sentBitsPerSecond + $1.receivedBitsPerSecond
            return left != right ? left > right : $0.asn < $1.asn
        }.prefix(count).map { $0 }
    }

    private func memberOverviews() -> [MemberOverview] {
        if let report = state.report, !report.members.isEmpty { return report.members }
        return (state.members?.activeMembers ?? []).map { member in
            MemberOverview(asn: member.asn, name: member.name, memberSince: member.memberSince, ports: [],
                           trafficP95BitsPerSecond: .nan, trafficShare: .nan, routeServerSession: member.peersWithRouteServer)
        }
    }

    private func row(_ overview: MemberOverview, findings: Int, sparkline: DashboardSeries) -> MemberRow {
        let capacity = overview.ports.reduce(0.0) { $0 + ($1.speedBitsPerSecond.isFinite ? $1.speedBitsPerSecond : 0) }
        // Unknown, not 0, when none of its ports has a known status.
        let known = overview.ports.compactMap(\.up)
        return MemberRow(
            asn: overview.asn, name: overview.name ?? "", ports: overview.ports.count,
            portsUp: known.isEmpty ? nil : known.filter { $0 }.count, capacityBitsPerSecond: capacity > 0 ? capacity : nil,
            trafficP95BitsPerSecond: finite(overview.trafficP95BitsPerSecond), trafficShare: finite(overview.trafficShare),
            routeServerSession: overview.routeServerSession, activeFindings: findings, sparkline: sparkline)
    }

    private func activeFindingCounts() -> [UInt32: Int] {
        var counts: [UInt32: Int] = [:]
        for finding in state.findings where finding.state != .resolved {
            if let asn = finding.memberASN { counts[asn, default: 0] += 1 }
        }
        return counts
    }

    /// The keys of series `name` that belong to a member port (an unmapped port's `member_asn` is "").
    private func memberKeys(_ name: String) -> [SeriesKey] {
        store.keys(matching: SeriesSelector(name: name)).filter(Self.isMemberPort)
    }

    /// True when `key` is a member port's series: its `member_asn` is an AS number.
    static func isMemberPort(_ key: SeriesKey) -> Bool {
        key[label: "member_asn"].flatMap { UInt32($0) } != nil
    }

    /// Per member, the sum of its ports' series `name` over the last `days` days, at about an
    /// hour per value, times `scale` (8: bytes to bits).
    private func memberSeries(_ name: String, days: Double, only: UInt32, scale: Double = 8) -> [UInt32: DashboardSeries] {
        memberSeries(name, days: days, only: [only], scale: scale)
    }

    private func memberSeries(_ name: String, days: Double, only: Set<UInt32>? = nil, scale: Double = 8) -> [UInt32: DashboardSeries] {
        let now = clock()
        let from = now - days * 86_400
        var keys = memberKeys(name)
        if let only {
            let wanted = Set(only.map(String.init))
            keys = keys.filter { $0[label: "member_asn"].map(wanted.contains) ?? false }
        }
        guard !keys.isEmpty else { return [:] }
        // Hourly values where a tier has them: the finest tier with a step of an hour or more that covers the range.
        var tier = store.tier(covering: from, function: .average)
        for (index, layout) in store.configuration.tiers.enumerated() where index >= tier && layout.step >= 3_600 {
            tier = index
            break
        }
        var sums: [UInt32: [Double]] = [:]
        var start = from, step = 3_600.0
        var first = 0
        var previous: SeriesBlock?
        while first < keys.count {
            let chunk = Array(keys[first..<min(keys.count, first + 256)])
            guard let block = store.query(chunk, tier: tier, from: from, to: now, function: .average, reusing: previous.take()) else { break }
            start = block.start
            step = block.step
            for (row, key) in chunk.enumerated() where block.found[row] {
                guard let asn = key[label: "member_asn"].flatMap(UInt32.init) else { continue }
                var total = sums[asn] ?? [Double](repeating: .nan, count: block.width)
                let base = row * block.width
                for index in 0..<block.width {
                    let value = block.values[base + index]
                    if !value.isNaN { total[index] = total[index].isNaN ? value * scale : total[index] + value * scale }
                }
                sums[asn] = total
            }
            previous = block
            first += chunk.count
        }
        return sums.mapValues { DashboardSeries(start: start, step: step, nanValues: $0) }
    }

    static func add(_ a: DashboardSeries, _ b: DashboardSeries) -> DashboardSeries {
        guard !b.values.isEmpty else { return a }
        guard a.values.count == b.values.count else { return a }
        let values = zip(a.values, b.values).map { left, right -> Double? in
            switch (left, right) {
            case let (l?, r?): return l + r
            case let (l?, nil): return l
            case let (nil, r?): return r
            default: return nil
            }
        }
        return DashboardSeries(start: a.start, step: a.step, values: values)
    }

    // MARK: Ports

    public func ports() -> PortsView {
        let now = clock()
        let staleAfter = max(store.configuration.staleAfter, 3 * Double(store.configuration.tiers[0].step))
        let inventory = PortInventory.load(from: store, now: now, staleAfter: staleAfter)
        let civil = ValueFormatter(language: .english).month(now)
        let monthStart = Self.monthStart(now)
        let monthly = monthlyP95(ports: inventory.ports, from: monthStart, now: now)
        let names = Dictionary((state.report?.members ?? []).map { ($0.asn, $0.name ?? "") }, uniquingKeysWith: { first, _ in first })
        let receiveKeys = inventory.ports.map { $0.key(StoreSeries.receiveBytes) }
        let transmitKeys = inventory.ports.map { $0.key(StoreSeries.transmitBytes) }
        let latestIn = store.latest(receiveKeys), latestOut = store.latest(transmitKeys)
        let idleFindings = Set(state.findings.filter { $0.rule == .idleMemberPorts && $0.state != .resolved }.map(\.subject))
        var rows: [PortRow] = []
        rows.reserveCapacity(inventory.ports.count)
        for (index, port) in inventory.ports.enumerated() {
            let speed = port.speedBytesPerSecond.isFinite && port.speedBytesPerSecond > 0 ? port.speedBytesPerSecond * 8 : nil
            let p95 = monthly[receiveKeys[index]]
            let utilisation = speed.flatMap { speed in p95.flatMap { $0.p95.isNaN ? nil : $0.p95 / speed } }
            func fresh(_ sample: (timestamp: Double, value: Double)?) -> Double? {
                guard let sample, !sample.value.isNaN, sample.timestamp >= now - staleAfter else { return nil }
                return sample.value * 8
            }
            let usage: PortRow.Usage
            if port.up == false { usage = .down }
            else if let utilisation, utilisation >= 0.8 { usage = .outgrown }
            else if idleFindings.contains(port.subject) || (utilisation.map { $0 < 0.001 } ?? false) { usage = .idle }
            else if utilisation == nil { usage = .unknown }
            else { usage = .normal }
            rows.append(PortRow(
                switchName: port.switchName, interface: port.interface, memberASN: port.memberASN,
                memberName: port.memberASN.flatMap { names[$0] }.flatMap { $0.isEmpty ? nil : $0 }, speedBitsPerSecond: speed,
                up: port.up, currentInBitsPerSecond: fresh(latestIn[index]), currentOutBitsPerSecond: fresh(latestOut[index]),
                monthlyP95BitsPerSecond: p95.flatMap { $0.p95.isNaN ? nil : $0.p95 }, monthlySamples: p95?.samples ?? 0,
                utilisation: utilisation, usage: usage))
        }
        return PortsView(month: civil, ports: rows)
    }

    /// 00:00 UTC on the first day of the month of `now` (a non-finite `now` is returned as it is).
    static func monthStart(_ now: Double) -> Double {
        guard now.isFinite else { return (now / 86_400).rounded(.down) * 86_400 }
        return UTCCalendar.monthStart(containing: now)
    }

    /// Each port's 95th percentile this month of the larger direction, from 5-minute averages
    /// (the finest tier of at least five minutes that covers the month), keyed by its received-
    /// bytes key, bits per second; cached per 5-minute bucket.
    private func monthlyP95(ports: [MonitoredPort], from: Double, now: Double) -> [SeriesKey: (p95: Double, samples: Int)] {
        let bucket = (now / 300).rounded(.down)
        if let cached = cache.monthly.withLock({ $0 }), cached.bucket == bucket, cached.values.count >= ports.count {
            return cached.values
        }
        let tiers = store.configuration.tiers
        var tier = store.tier(covering: from, function: .average)
        if Double(tiers[tier].step) < 300, let coarser = tiers.indices.first(where: { $0 > tier && tiers[$0].step >= 300 }) {
            let reach = now - Double(tiers[coarser].step * tiers[coarser].rows)
            if from >= reach || tiers[tier].step < 300 { tier = coarser }
        }
        var results: [SeriesKey: (p95: Double, samples: Int)] = [:]
        results.reserveCapacity(ports.count)
        var first = 0
        var previous: SeriesBlock?
        var scratch: [Double] = []
        while first < ports.count {
            let chunk = ports[first..<min(ports.count, first + 128)]
            let keys = chunk.flatMap { [$0.key(StoreSeries.receiveBytes), $0.key(StoreSeries.transmitBytes)] }
            guard let block = store.query(keys, tier: tier, from: from, to: now, function: .average, reusing: previous.take()) else { break }
            for (offset, port) in chunk.enumerated() {
                var best = Double.nan
                var samples = 0
                for direction in 0..<2 {
                    let row = offset * 2 + direction
                    guard block.found[row] else { continue }
                    scratch.removeAll(keepingCapacity: true)
                    let base = row * block.width
                    for index in 0..<block.width where !block.values[base + index].isNaN { scratch.append(block.values[base + index]) }
                    samples = max(samples, scratch.count)
                    guard !scratch.isEmpty else { continue }
                    let value = (Percentile.nearestRank(known: &scratch, 95) ?? .nan) * 8
                    if best.isNaN || value > best { best = value }
                }
                results[port.key(StoreSeries.receiveBytes)] = (best, samples)
            }
            previous = block
            first += chunk.count
        }
        cache.monthly.withLock { $0 = (bucket, results) }
        return results
    }

    // MARK: LAN

    /// What the captures saw in the last 15 minutes, merged as the detector merges them.
    private func lanObservations() -> LANObservations? {
        let since = clock() - 15 * 60
        return LANObservations.combined(currentObservationSources().compactMap { $0.observations(since: since) })
    }

    public func lan(language: Language) -> LANView {
        let now = clock()
        let from = now - 6 * 3_600
        func series(_ key: SeriesKey) -> DashboardSeries {
            guard let range = store.query(key, from: from, to: now) else { return .empty }
            return DashboardSeries(start: range.start, step: range.step, nanValues: range.values)
        }
        var classes: [ClassSeries] = []
        for key in store.keys(matching: SeriesSelector(name: StoreSeries.lanFrames)).sorted() {
            guard let name = key[label: "class"] else { continue }
            let values = series(key)
            guard values.values.contains(where: { ($0 ?? 0) > 0 }) else { continue }
            let forbidden = TrafficClass(name: name).flatMap { PeeringLANRule.forbidden($0) } != nil
            classes.append(ClassSeries(name: name, forbidden: forbidden, series: values))
        }
        let observations = lanObservations()
        let offenders = (observations?.violations ?? []).sorted { $0.frames > $1.frames }.prefix(200).map { violation in
            LANOffender(rule: violation.rule, severity: violation.severity.rawValue, mac: violation.mac, memberASN: violation.memberASN,
                        frames: violation.frames, example: violation.example)
        }
        let sessionKeys = store.keys(matching: SeriesSelector(name: StoreSeries.routeServerSessions))
        var sessions: DashboardSeries = .empty
        if !sessionKeys.isEmpty, let sum = store.sum(of: sessionKeys, tier: store.tier(covering: from), from: from, to: now) {
            sessions = DashboardSeries(start: sum.start, step: sum.step, nanValues: sum.values)
        }
        var withoutSession: [UInt32] = []
        for key in sessionKeys {
            guard let asn = key[label: "member_asn"].flatMap(UInt32.init), let latest = store.latest(key), latest.value == 0,
                  latest.timestamp >= now - 3_600 else { continue }
            withoutSession.append(asn)
        }
        return LANView(
            captureRunning: !currentObservationSources().isEmpty || !classes.isEmpty, classes: classes, offenders: Array(offenders),
            arpFrames: series(SeriesKey(name: StoreSeries.lanARPFrames)),
            ndFrames: series(SeriesKey(name: StoreSeries.lanNDFrames)), routeServerSessions: sessions,
            membersWithoutRouteServerSession: withoutSession.sorted(), receivedFrames: observations?.receivedFrames,
            droppedFrames: observations?.droppedFrames)
    }

    // MARK: Findings

    public func findings(language: Language) -> FindingsView {
        findings(language: language, activePage: ListPage(size: Int(Int32.max)), resolvedPage: ListPage(size: Int(Int32.max)))
    }

    /// Orders every finding (active: most severe first, then oldest; resolved: newest
    /// resolution first) but words only the two pages shown.
    public func findings(language: Language, activePage: ListPage, resolvedPage: ListPage) -> FindingsView {
        let all = state.findings
        let active = all.filter { $0.state != .resolved }.sorted(by: Self.severityFirst)
        let resolved = all.filter { $0.state == .resolved }.sorted { left, right in
            let a = left.resolvedAt ?? 0, b = right.resolvedAt ?? 0
            return a != b ? a > b : Self.severityFirst(left, right)
        }
        let now = clock()
        let silences = currentSilences()
        let silenceViews = silences.map { silence in
            SilenceView(id: silence.id, matchers: silence.matchers.map { "\($0.name)\($0.isGlob ? "=~" : "=")\($0.value)" }.joined(separator: ", "),
                        startsAt: silence.startsAt, endsAt: silence.endsAt, createdBy: silence.createdBy, comment: silence.comment,
                        active: silence.isActive(at: now))
        }
        let inForce = silences.filter { $0.isActive(at: now) }
        return FindingsView(active: findingViews(activePage.slice(active), language: language, silences: inForce),
                            resolved: findingViews(resolvedPage.slice(resolved), language: language, silences: inForce),
                            silences: silenceViews, activeTotal: active.count, resolvedTotal: resolved.count)
    }

    private static func severityFirst(_ left: Finding, _ right: Finding) -> Bool {
        if left.severity != right.severity { return left.severity > right.severity }
        return left.firstSeen < right.firstSeen
    }

    private func currentSilences() -> [Silence] {
        guard let silences else { return [] }
        return (try? silences.list(now: clock(), includeExpired: true)) ?? []
    }

    /// `findings` ordered most severe first, worded in `language`.
    private func findingViews(_ findings: [Finding], language: Language) -> [FindingView] {
        let now = clock()
        return findingViews(findings.sorted(by: Self.severityFirst), language: language,
                            silences: currentSilences().filter { $0.isActive(at: now) })
    }

    /// `findings`, in their order, worded in `language`.
    private func findingViews(_ findings: [Finding], language: Language, silences: [Silence]) -> [FindingView] {
        let localizer = ReportLocalizer(language: language)
        let members = state.report.map { localizer.membersByASN($0) } ?? [:]
        let now = clock()
        let acknowledged = (try? acknowledgements?.inForce(now: now)) ?? [:]
        return findings.map { finding in
            FindingView(
                id: finding.id, rule: finding.rule.rawValue, title: localizer.title(of: finding.rule), severity: finding.severity,
                state: finding.state, subject: localizer.subject(of: finding, members: members), memberASN: finding.memberASN,
                summary: localizer.summary(of: finding),
                evidence: finding.evidence.items.map { EvidenceLine(name: $0.name, value: localizer.format.value(of: $0)) },
                firstSeen: finding.firstSeen, lastSeen: finding.lastSeen, resolvedAt: finding.resolvedAt,
                silencedBy: silences.first { $0.silences(finding, at: now) }.map { "\($0.id): \($0.comment)" },
                inhibitedBy: finding.inhibitedBy, fingerprint: finding.fingerprint,
                acknowledgement: finding.state == .resolved ? nil : acknowledged[finding.id])
        }
    }

    // MARK: Agent

    public func agent() -> AgentView {
        let now = clock()
        let probes = registry.statuses.map { status in
            ProbeView(kind: status.identity.kind, name: status.identity.name, lastSuccess: status.lastSuccess,
                      lastDurationSeconds: status.lastDuration, lastSuccessAt: status.lastSuccessTime > 0 ? status.lastSuccessTime : nil,
                      lastError: status.lastError, runs: status.runs, failures: status.failures)
        }
        let statistics = store.statistics
        let storeView = StoreView(
            series: statistics.seriesCount, maxSeries: statistics.maxSeries, bytesAllocated: statistics.bytesAllocated,
            samplesAccepted: statistics.samplesAccepted,
            samplesRefused: statistics.samplesOutOfOrder + statistics.samplesRefusedOverCap + statistics.samplesInvalid,
            checkpoints: statistics.checkpoints, checkpointFailures: statistics.checkpointFailures,
            lastCheckpointSeconds: statistics.lastCheckpointDuration, directory: stateDirectory)
        var outboxView: OutboxView?
        if let outbox, let figures = try? outbox.statistics(now: now) {
            outboxView = OutboxView(sent: figures.sentTotal, waiting: figures.outboxMessages, oldestAgeSeconds: figures.oldestAgeSeconds,
                                    failed: figures.failedMessages)
        }
        // The scheduler keeps each probe's last duration only; no history of them is stored.
        let durations: [NamedSeries] = []
        return AgentView(version: AgentBuildInfo.version, probes: probes, store: storeView, outbox: outboxView, pollDurations: durations)
    }

    // MARK: Public

    public func publicStatistics() -> PublicStatistics {
        let overview = state.report?.exchange
        let year = traffic(.year).series
        // IPv6's share of the traffic members sent over the last day, where sFlow sees it.
        let now = clock()
        func bytes(_ family: String) -> Double {
            let total = store.aggregate(.integral, of: SeriesKey(name: StoreSeries.sflowProtocolBytes, labels: ["protocol": family]),
                                        from: now - 86_400, to: now).value
            return total.isFinite ? total : 0
        }
        let (ipv4, ipv6) = (bytes("ipv4"), bytes("ipv6"))
        let share: Double? = ipv4 + ipv6 > 0 ? ipv6 / (ipv4 + ipv6) : nil
        return PublicStatistics(
            name: exchangeName, generatedAt: clock(), members: overview?.members ?? state.members?.activeMembers.count,
            currentBitsPerSecond: overview.flatMap { finite($0.traffic.currentBitsPerSecond) }, dailyPeaks: year,
            peakLastDayBitsPerSecond: overview.flatMap { finite($0.traffic.peakLastDayBitsPerSecond) }, ipv6Share: share)
    }
}

private func finite(_ value: Double) -> Double? { value.isFinite ? value : nil }
