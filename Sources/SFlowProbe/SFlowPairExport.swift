import ProbeKit
public import TimeSeries
public import IXPCore

/// Chooses which member pairs the probe exports one by one, so that the number of series stays
/// bounded however many members exchange traffic: at most `limit` pairs; free places go to the
/// unlisted pairs that grew most since the previous collection; everything else counts in one
/// `other` pair.
///
/// A pair, once listed, stays listed until it has been idle for `idleSeconds` (a day by
/// default), so its counter does not come and go between scrapes. A listed pair's counter
/// counts from the moment it was listed (its `created` time); the bytes it had before, and
/// those of every pair not listed, count in `other`. Listed pairs plus `other` add up to the
/// matrix's member-to-member total, and every counter only grows.
public struct SFlowPairExport: Sendable {
    /// A listed pair: its totals when it was listed and at the last collection.
    struct Listed: Sendable {
        var base: SFlowTrafficMatrix.Volume
        var created: Double
        var lastChange: Double
        var previous: SFlowTrafficMatrix.Volume
    }

    /// The most pairs listed.
    public var limit: Int
    /// Seconds a listed pair may stay idle before it gives its place up.
    public var idleSeconds: Double
    private var listed: [SFlowTrafficMatrix.Pair: Listed] = [:]
    /// Bytes and packets listed pairs counted before they gave their place up.
    private var retired = SFlowTrafficMatrix.Volume()
    private var previousOther = SFlowTrafficMatrix.Volume()
    private var previousTime: Double?
    private var previousSent: [UInt32: Double] = [:]
    private var previousProtocols: [Double] = []
    private var previousReceived: [UInt32: Double] = [:]
    private var created: Double?

    /// An export of at most `limit` pairs.
    public init(limit: Int = 50, idleSeconds: Double = 86_400) {
        self.limit = limit
        self.idleSeconds = idleSeconds
    }

    /// The pairs listed now.
    public var listedPairs: [SFlowTrafficMatrix.Pair] { listed.keys.sorted() }

    /// The counters of `matrix` at `time`, and the store samples: per listed pair and `other`,
    /// bytes per second since the previous call (none on the first call); per member in
    /// `members`, bytes per second sent to and received from other members (0 when silent).
    public mutating func export(_ matrix: SFlowTrafficMatrix, members: Set<UInt32>, at time: Double)
        -> (pairBytes: MetricFamily, pairPackets: MetricFamily, samples: [Sample])
    {
        if created == nil { created = time }
        // Retire idle pairs, then fill free places with the largest unlisted pairs.
        for (pair, entry) in listed {
            let now = matrix.pairs[pair] ?? entry.previous
            if now.bytes > entry.previous.bytes { listed[pair]?.lastChange = time }
            listed[pair]?.previous = now
            if time - (listed[pair]?.lastChange ?? time) >= idleSeconds {
                retired.bytes += now.bytes - entry.base.bytes
                retired.packets += now.packets - entry.base.packets
                listed[pair] = nil
            }
        }
        if listed.count < limit {
            // The unlisted pairs that grew most since the previous call (an idle pair never returns).
            let candidates = matrix.pairs.compactMap { pair, volume -> (SFlowTrafficMatrix.Pair, SFlowTrafficMatrix.Volume, Double)? in
                guard listed[pair] == nil else { return nil }
                let growth = volume.bytes - (previousPairBytes[pair] ?? 0)
                return growth > 0 ? (pair, volume, growth) : nil
            }.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }.prefix(limit - listed.count)
            for (pair, volume, _) in candidates {
                listed[pair] = Listed(base: volume, created: time, lastChange: time, previous: volume)
            }
        }
        previousPairBytes = matrix.pairs.mapValues(\.bytes)
        var other = SFlowTrafficMatrix.Volume(bytes: matrix.memberBytes, packets: matrix.pairs.values.reduce(matrix.overflow.packets) { $0 + $1.packets })
        other.bytes -= retired.bytes
        other.packets -= retired.packets
        var bytes = MetricFamily(name: "ixp_sflow_member_pair_bytes_total",
                                 help: "Estimated bytes from one member to another (sampled frames times the sampling rate), for the largest pairs; src_asn=\"other\" counts the rest.",
                                 kind: .counter)
        var packets = MetricFamily(name: "ixp_sflow_member_pair_packets_total",
                                   help: "Estimated packets from one member to another, for the same pairs as ixp_sflow_member_pair_bytes_total.",
                                   kind: .counter)
        var samples: [Sample] = []
        let elapsed = previousTime.map { time - $0 } ?? 0
        // What members sent, exchange-wide, by protocol (index: TrafficProtocol.rawValue).
        var protocols = [Double](repeating: 0, count: SFlowTrafficMatrix.TrafficProtocol.allCases.count)
        for bytes in matrix.memberProtocolBytes.values {
            for index in protocols.indices where index < bytes.count { protocols[index] += bytes[index] }
        }
        for pair in listedPairs {
            guard let entry = listed[pair] else { continue }
            let volume = entry.previous
            let counted = SFlowTrafficMatrix.Volume(bytes: volume.bytes - entry.base.bytes, packets: volume.packets - entry.base.packets)
            other.bytes -= counted.bytes
            other.packets -= counted.packets
            let labels = [("src_asn", String(pair.source)), ("dst_asn", String(pair.destination))]
            bytes.samples.append(MetricSample(labels: labels, value: counted.bytes, created: entry.created))
            packets.samples.append(MetricSample(labels: labels, value: counted.packets, created: entry.created))
            if elapsed > 0 {
                // A pair listed at this call has no earlier total of its own: its first rate is 0.
                let before = entry.created == time ? volume.bytes : (lastVolumes[pair]?.bytes ?? volume.bytes)
                samples.append(Sample(key: SeriesKey(name: StoreSeries.sflowPairBytes, labels: [
                    "src_asn": String(pair.source), "dst_asn": String(pair.destination)]),
                    timestamp: time, value: max(0, volume.bytes - before) / elapsed))
            }
        }
        let otherLabels = [("src_asn", "other"), ("dst_asn", "other")]
        bytes.samples.append(MetricSample(labels: otherLabels, value: max(0, other.bytes), created: created))
        packets.samples.append(MetricSample(labels: otherLabels, value: max(0, other.packets), created: created))
        if elapsed > 0 {
            samples.append(Sample(key: SeriesKey(name: StoreSeries.sflowPairBytes, labels: ["src_asn": "other", "dst_asn": "other"]),
                                  timestamp: time, value: max(0, other.bytes - previousOther.bytes) / elapsed))
            for asn in members.union(matrix.memberSentBytes.keys).union(matrix.memberReceivedBytes.keys).sorted() {
                let sent = matrix.memberSentBytes[asn] ?? 0
                let received = matrix.memberReceivedBytes[asn] ?? 0
                samples.append(Sample(key: SeriesKey(name: StoreSeries.sflowMemberSent, labels: ["member_asn": String(asn)]),
                                      timestamp: time, value: max(0, sent - (previousSent[asn] ?? 0)) / elapsed))
                samples.append(Sample(key: SeriesKey(name: StoreSeries.sflowMemberReceived, labels: ["member_asn": String(asn)]),
                                      timestamp: time, value: max(0, received - (previousReceived[asn] ?? 0)) / elapsed))
            }
            for kind in SFlowTrafficMatrix.TrafficProtocol.allCases {
                let before = kind.rawValue < previousProtocols.count ? previousProtocols[kind.rawValue] : 0
                samples.append(Sample(key: SeriesKey(name: StoreSeries.sflowProtocolBytes, labels: ["protocol": kind.name]),
                                      timestamp: time, value: max(0, protocols[kind.rawValue] - before) / elapsed))
            }
        }
        previousOther = other
        previousTime = time
        lastVolumes = listed.mapValues(\.previous)
        previousSent = matrix.memberSentBytes
        previousProtocols = protocols
        previousReceived = matrix.memberReceivedBytes
        return (bytes, packets, samples)
    }

    private var lastVolumes: [SFlowTrafficMatrix.Pair: SFlowTrafficMatrix.Volume] = [:]
    private var previousPairBytes: [SFlowTrafficMatrix.Pair: Double] = [:]
}
