import Foundation
import IXPCore
import Members
import TimeSeries

/// `remote_growth` (report only): how much of the year's growth is remote members. Members are
/// classed by their smallest round trip from the ping probe over the window (the minimum of
/// `ixp_ping_rtt_median_seconds` over all their addresses): under `local_max_ms` local, over
/// `remote_min_ms` remote, in between unclassed. Joins are those of the last 12 months (the
/// membership history, else the list's `member_since`). Growth made only of remote members
/// (reached through resellers' remote peering) is weak growth, and the report says so.
///
/// Its verdict is `ok` or `not_enough_data`, never a problem: it raises no finding, so no mail;
/// the card and the metric carry the statement.
public struct RemoteGrowthRule: DetectionRule {
    /// The thresholds of `remote_growth` (`detection.rules.remote_growth`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// A member whose smallest round trip is under this (ms) is local.
        public var localMaxMs: Double = 2
        /// A member whose smallest round trip is over this (ms) is remote.
        public var remoteMinMs: Double = 10
        /// The window of round trips, in days.
        public var windowDays: Double = 30
        /// The growth period: joins in the last this many days.
        public var growthDays: Double = 365

        /// The defaults.
        public init() {}
    }

    /// `remote_growth` by default: informational (report only).
    public static let definition = RuleDefinition(.remoteGrowth, severity: .info, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// How far a member is, by its smallest round trip.
    public enum Distance: String, Sendable {
        /// Under `local_max_ms`.
        case local
        /// Over `remote_min_ms`.
        case remote
        /// In between.
        case unclassed
    }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        var evidence = Evidence()
        let now = context.now
        let window = EvidenceWindow(from: now - thresholds.windowDays * 86_400, to: now)
        let roundTrips = Self.smallestRoundTrips(context, from: window.from)
        guard !roundTrips.isEmpty else {
            return symptom(.remoteGrowth, .notEnoughData, LocalizedText("remote_growth.not_enough_data"), evidence, context)
        }
        let growth = EvidenceWindow(from: now - thresholds.growthDays * 86_400, to: now)
        guard let joined = Self.joins(context, in: growth) else {
            return symptom(.remoteGrowth, .notEnoughData, LocalizedText("remote_growth.no_history", numbers: [
                "days": NumberArgument(thresholds.growthDays, .count)]), evidence, context)
        }
        func distance(_ asn: UInt32) -> Distance? {
            guard let seconds = roundTrips[asn] else { return nil }
            let ms = seconds * 1_000
            return ms < thresholds.localMaxMs ? .local : ms > thresholds.remoteMinMs ? .remote : .unclassed
        }
        let present = context.members?.peeringMembers.map(\.asn) ?? Array(roundTrips.keys)
        let remoteMembers = present.filter { distance($0) == .remote }.count
        let localMembers = present.filter { distance($0) == .local }.count
        let classes = joined.map(distance)
        let remote = classes.filter { $0 == .remote }.count
        let local = classes.filter { $0 == .local }.count
        let unclassed = classes.filter { $0 == .unclassed }.count
        let unmeasured = classes.filter { $0 == nil }.count
        evidence.add("joins", Double(joined.count), unit: .count, window: growth)
        evidence.add("remote_joins", Double(remote), unit: .count, window: growth)
        evidence.add("local_joins", Double(local), unit: .count, window: growth)
        evidence.add("unclassed_joins", Double(unclassed), unit: .count, window: growth)
        evidence.add("unmeasured_joins", Double(unmeasured), unit: .count, window: growth)
        evidence.add("remote_members", Double(remoteMembers), unit: .count, window: window)
        evidence.add("local_members", Double(localMembers), unit: .count, window: window)
        evidence.add("local_max_ms", thresholds.localMaxMs)
        evidence.add("remote_min_ms", thresholds.remoteMinMs)
        let remoteJoiners = joined.filter { distance($0) == .remote }
        if !remoteJoiners.isEmpty {
            evidence.add("remote_joiners", list: remoteJoiners.map { asn in
                "\(context.memberName(asn)): " + String(format: "%.1f ms", (roundTrips[asn] ?? .nan) * 1_000)
            })
        }
        let weak = remote > 0 && local == 0
        evidence.add("weak_growth", text: weak ? "yes" : "no")
        let numbers: [String: NumberArgument] = [
            "joins": NumberArgument(Double(joined.count), .count), "remote": NumberArgument(Double(remote), .count),
            "local": NumberArgument(Double(local), .count), "other": NumberArgument(Double(unclassed + unmeasured), .count),
            "remote_min": NumberArgument(thresholds.remoteMinMs, .none),
            "local_max": NumberArgument(thresholds.localMaxMs, .none),
            "remote_members": NumberArgument(Double(remoteMembers), .count),
            "members": NumberArgument(Double(present.count), .count)]
        let key = joined.isEmpty ? "remote_growth.no_joins" : weak ? "remote_growth.weak" : "remote_growth.ok"
        // Report only: the verdict is never a problem, so no finding and no mail.
        return symptom(.remoteGrowth, .ok, LocalizedText(key, numbers: numbers), evidence, context)
    }

    /// Per member ASN, the smallest median round trip (seconds) of any of its addresses since `from`.
    static func smallestRoundTrips(_ context: DetectionContext, from: Double) -> [UInt32: Double] {
        var result: [UInt32: Double] = [:]
        let each = context.store.aggregateEach(.minimum, of: SeriesSelector(name: StoreSeries.pingMedian), from: from, to: context.now)
        for (key, value) in each where value.value.isFinite && value.value >= 0 {
            guard let asn = key[label: "member_asn"].flatMap({ UInt32($0) }) else { continue }
            result[asn] = min(result[asn] ?? .infinity, value.value)
        }
        return result
    }

    /// The members who joined in `period`, from the membership history when it covers the
    /// period, else from the list's `member_since`; nil when neither can tell.
    static func joins(_ context: DetectionContext, in period: EvidenceWindow) -> [UInt32]? {
        if let history = context.membership, history.snapshotSpan(at: context.now) >= period.to - period.from {
            var seen = Set<UInt32>()
            return history.joins(in: period.from...period.to).map(\.asn).filter { seen.insert($0).inserted }
        }
        guard let members = context.members?.peeringMembers, members.contains(where: { $0.memberSince != nil }) else { return nil }
        return members.filter { ($0.memberSince ?? -.infinity) > period.from }.map(\.asn)
    }
}

extension RuleID {
    /// How much of the year's growth is remote members (report only).
    public static let remoteGrowth: RuleID = "remote_growth"
}
