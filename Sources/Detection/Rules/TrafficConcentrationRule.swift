import TimeSeries
import IXPCore

/// `traffic_concentration`: the top member carries more than 50 % of the exchange's traffic,
/// or the top three more than 80 % (over 30 days; the top-three test needs at least four
/// members with traffic).
///
/// With sFlow (the store holds `ixp_sflow_member_*` series) the shares are of the traffic
/// members exchange with each other rather than of port traffic: each member's share is what it
/// sends to and receives from other members over twice the total (every byte has a sender and
/// a receiver), and one more test applies: the largest member pair carries more than 50 % of it.
public struct TrafficConcentrationRule: DetectionRule {
    /// The thresholds of `traffic_concentration` (`detection.rules.traffic_concentration`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// The top member carrying more than this share is a problem.
        public var top1Share: Double = 0.50
        /// The top three carrying more than this share is a problem.
        public var top3Share: Double = 0.80
        /// The largest member pair carrying more than this share (sFlow) is a problem.
        public var topPairShare: Double = 0.50
        /// The window, in days.
        public var windowDays: Double = 30

        /// The defaults.
        public init() {}
    }

    /// `traffic_concentration` by default.
    public static let definition = RuleDefinition(.trafficConcentration, for: 86_400, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let days = thresholds.windowDays
        let flow = Self.sflowShares(context, days: days)
        let shares = flow?.members ?? Self.shares(context, days: days)
        var evidence = Evidence()
        guard shares.count >= 2 else {
            return symptom(.trafficConcentration, .notEnoughData, LocalizedText("traffic_concentration.not_enough_data"), evidence, context)
        }
        let top1 = shares[0].share
        let top3 = shares.prefix(3).reduce(0) { $0 + $1.share }
        let window = EvidenceWindow(from: context.now - days * 86_400, to: context.now)
        evidence.add("top_member", text: context.memberName(shares[0].asn), window: window)
        evidence.add("top1_share", top1, unit: .ratio, window: window)
        evidence.add("top3_share", top3, unit: .ratio, window: window)
        evidence.add("members_with_traffic", Double(shares.count), unit: .count)
        evidence.add("source", text: flow == nil ? "snmp" : "sflow")
        var concentrated = top1 > thresholds.top1Share
            || (shares.count >= 4 && top3 > thresholds.top3Share)
        guard let flow else {
            let text = LocalizedText(concentrated ? "traffic_concentration.warning" : "traffic_concentration.ok",
                                     ["top_name": context.memberName(shares[0].asn)],
                                     numbers: ["top1": NumberArgument(top1, .ratio), "top3": NumberArgument(top3, .ratio)])
            return symptom(.trafficConcentration, concentrated ? .warning : .ok, text, evidence, context)
        }
        var arguments = ["top_name": context.memberName(shares[0].asn)]
        var numbers = ["top1": NumberArgument(top1, .ratio), "top3": NumberArgument(top3, .ratio)]
        if let pair = flow.topPair {
            let pairName = "\(context.memberName(pair.source)) → \(context.memberName(pair.destination))"
            evidence.add("top_pair", text: pairName, window: window)
            evidence.add("top_pair_share", pair.share, unit: .ratio, window: window)
            arguments["pair"] = pairName
            numbers["pair_share"] = NumberArgument(pair.share, .ratio)
            concentrated = concentrated || pair.share > thresholds.topPairShare
        }
        let key = flow.topPair == nil ? "traffic_concentration.sflow" : "traffic_concentration.sflow_pair"
        let text = LocalizedText(concentrated ? key + "_warning" : key + "_ok", arguments, numbers: numbers)
        return symptom(.trafficConcentration, concentrated ? .warning : .ok, text, evidence, context)
    }

    /// Each member's share of traffic over the last `days`, largest first (members with traffic only).
    static func shares(_ context: DetectionContext, days: Double) -> [(asn: UInt32, share: Double)] {
        let means = context.memberMeans(seconds: days * 86_400).filter { $0.value.value > 0 }
        // Summed in ASN order: a dictionary's order changes from run to run, and with it the last bits of a sum.
        let total = means.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value.value }
        guard total > 0 else { return [] }
        return means.map { ($0.key, $0.value.value / total) }.sorted { $0.share > $1.share || ($0.share == $1.share && $0.asn < $1.asn) }
    }

    /// From sFlow, over the last `days`: each member's share of the traffic exchanged between
    /// members (sent plus received over twice the total), largest first, and the largest listed
    /// pair's share of all pair traffic; nil when the store holds no sFlow traffic.
    static func sflowShares(_ context: DetectionContext, days: Double)
        -> (members: [(asn: UInt32, share: Double)], topPair: (source: UInt32, destination: UInt32, share: Double)?)?
    {
        let from = context.now - days * 86_400
        func totals(_ name: String) -> [UInt32: Double] {
            var out: [UInt32: Double] = [:]
            for (key, result) in context.store.aggregateEach(.integral, of: SeriesSelector(name: name), from: from, to: context.now) {
                guard let asn = key[label: "member_asn"].flatMap({ UInt32($0) }), result.value.isFinite, result.value > 0 else { continue }
                out[asn, default: 0] += result.value
            }
            return out
        }
        let sent = totals(StoreSeries.sflowMemberSent)
        let received = totals(StoreSeries.sflowMemberReceived)
        let total = sent.sorted { $0.key < $1.key }.reduce(0) { $0 + $1.value }
        guard total > 0 else { return nil }
        let members = Set(sent.keys).union(received.keys).map { asn in
            (asn: asn, share: ((sent[asn] ?? 0) + (received[asn] ?? 0)) / (2 * total))
        }.sorted { $0.share > $1.share || ($0.share == $1.share && $0.asn < $1.asn) }
        var pairTotal = 0.0
        var top: (source: UInt32, destination: UInt32, bytes: Double)?
        let pairs = context.store.aggregateEach(.integral, of: SeriesSelector(name: StoreSeries.sflowPairBytes), from: from, to: context.now)
        for (key, result) in pairs.sorted(by: { $0.key.description < $1.key.description }) where result.value.isFinite && result.value > 0 {
            pairTotal += result.value
            guard let source = key[label: "src_asn"].flatMap({ UInt32($0) }), let destination = key[label: "dst_asn"].flatMap({ UInt32($0) })
            else { continue }
            if result.value > (top?.bytes ?? 0) { top = (source, destination, result.value) }
        }
        let topPair = top.flatMap { pairTotal > 0 ? (source: $0.source, destination: $0.destination, share: $0.bytes / pairTotal) : nil }
        return (members, topPair)
    }
}

extension RuleID {
    /// Traffic concentrated on one member, or on three.
    public static let trafficConcentration: RuleID = "traffic_concentration"
}
